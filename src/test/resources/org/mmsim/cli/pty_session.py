"""Drives `mmsim shell` under a pseudo-terminal, as a person at a terminal would, for PtySessionTest.

Usage: pty_session.py COMMAND...   (the command that starts the shell)
Each step types some keys, then waits (up to a generous timeout, never a fixed sleep) until the
screen shows what it should. The screen is kept by a small terminal emulator that understands what
JLine sends to an xterm: printable text, CR, LF, BS, cursor moves (CSI A/B/C/D), erase to end of
line and of screen (CSI K, CSI J); other escape sequences are ignored. At the end it prints the
screen (every line that scrolled by, too), then `exit status: N`. Exits 3 if a step timed out.
"""
import os
import pty
import re
import select
import struct
import sys
import fcntl
import termios
import time

TIMEOUT = 60.0
COLS = 160

CSI = re.compile(rb"\x1b\[([0-9;?]*)([@-~])")
OTHER_ESC = re.compile(rb"\x1b(\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78]|[A-Z\\])")


class Screen:
    def __init__(self):
        self.lines = [[]]
        self.row = 0
        self.col = 0
        self.pending = b""

    def _line(self):
        while len(self.lines) <= self.row:
            self.lines.append([])
        line = self.lines[self.row]
        while len(line) < self.col:
            line.append(" ")
        return line

    def _put(self, ch):
        if self.col >= COLS:
            self.row += 1
            self.col = 0
        line = self._line()
        if self.col < len(line):
            line[self.col] = ch
        else:
            line.append(ch)
        self.col += 1

    def feed(self, data):
        data = self.pending + data
        self.pending = b""
        i = 0
        while i < len(data):
            b = data[i]
            if b == 0x1b:
                m = CSI.match(data, i) or OTHER_ESC.match(data, i)
                if m is None:
                    self.pending = data[i:]
                    return
                if m.re is CSI:
                    self._csi(m.group(1).decode(), m.group(2).decode())
                i = m.end()
                continue
            if b == 0x0d:
                self.col = 0
            elif b == 0x0a:
                self.row += 1
                self._line()
            elif b == 0x08:
                self.col = max(0, self.col - 1)
            elif b == 0x07:
                pass
            elif b >= 0x20:
                end = i + 1
                while end < len(data) and data[end] >= 0x80:
                    end += 1
                text = data[i:end].decode("utf-8", "replace")
                for ch in text:
                    self._put(ch)
                i = end
                continue
            i += 1

    def _csi(self, params, final):
        n = int(params) if params.isdigit() else 1
        if final == "A":
            self.row = max(0, self.row - n)
        elif final == "B":
            self.row += n
        elif final == "C":
            self.col += n
        elif final == "D":
            self.col = max(0, self.col - n)
        elif final == "G":
            self.col = n - 1
        elif final == "K":
            line = self._line()
            if params in ("", "0"):
                del line[self.col:]
            elif params == "2":
                line.clear()
        elif final == "J":
            del self._line()[self.col:]
            del self.lines[self.row + 1:]

    def text(self):
        return "\n".join("".join(l).rstrip() for l in self.lines)


def main():
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, COLS, 0, 0))
    screen = Screen()
    done = [False]

    def pump(until):
        """Reads output until `until(screen_text)` holds (None: until the shell exits); False on timeout."""
        if until is None:
            until = lambda s: done[0]
        deadline = time.monotonic() + TIMEOUT
        while not until(screen.text()):
            left = deadline - time.monotonic()
            if left <= 0 or done[0]:
                return until(screen.text())
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    data = b""
                if not data:
                    done[0] = True
                else:
                    screen.feed(data)
        return True

    def prompts(n):
        return lambda s: s.count("root@mmsim:~#") >= n

    def step(keys, until, what):
        if keys:
            os.write(fd, keys)
        if not pump(until):
            sys.stdout.write(screen.text() + "\n")
            sys.stdout.write("timed out waiting for " + what + "\n")
            sys.stdout.flush()
            os._exit(3)

    step(b"", prompts(1), "the first prompt")
    step(b"cat /proc/bud\t", lambda s: "cat /proc/buddyinfo" in s, "cat /proc/bud<TAB> to complete")
    step(b"\r", prompts(2), "the second prompt")
    step(b"\x1bOA", lambda s: s.count("cat /proc/buddyinfo") >= 2, "Up to recall the line")
    step(b"\r", prompts(3), "the third prompt")
    step(b"sysctl vm.min_f\t", lambda s: "sysctl vm.min_free_kbytes" in s, "sysctl vm.min_f<TAB>")
    step(b"\r", prompts(4), "the fourth prompt")
    step(b"buf = kmalloc 64 gfp=GFP_KERNEL|__GFP_NOWA\t", lambda s: "|__GFP_NOWARN" in s, "gfp=...|__GFP_NOWA<TAB>")
    step(b"\r", prompts(5), "the fifth prompt")
    step(b"kfree b\t", lambda s: "kfree buf" in s, "kfree b<TAB> to complete the bound name")
    step(b"\r", prompts(6), "the sixth prompt")
    step(b"free_pages nothing\r", prompts(7), "the seventh prompt")
    step(b"exit\r", None, "the shell to exit")
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(screen.text() + "\n")
    sys.stdout.write("exit status: %d\n" % os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
