/*
 * numactl 2.0.16 `numastat` (numastat.c): with no arguments, the old perl script's table of each
 * node's /sys/devices/system/node/nodeN/numastat counters; `-n` the same counters in MB (pages times
 * the page size) with a Total column; `-m` the meminfo-like table from nodeN/meminfo (kB lines in
 * MB, HugePages_* lines times Hugepagesize from /proc/meminfo, a "Token ... not in hash table." line
 * for each field numastat does not know); -c narrows the columns, -s[N] sorts rows by the Total
 * (or node N) column, -z hides all-zero rows and columns. Rows no file mentioned are hidden, as in
 * numastat. `-p PID|PATTERN` and bare PIDs/patterns ask about processes (a pattern: every process
 * whose status Name and cmdline contain it): each PID's /proc/PID/numa_maps pages by category and
 * node, a missing one reported as numastat reports it. Output is as numastat writes it to a pipe:
 * no folding at a terminal's width.
 * Left out: -V (its text is the binary's build date), NUMASTAT_WIDTH.
 */
package org.mmsim.shell;

import org.mmsim.procfs.ProcFs;
import org.mmsim.sim.KernelError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

final class NumastatCommand {
    static final String USAGE = "numastat [-c] [-m] [-n] [-s[NODE]] [-v] [-z] [-p PID|PATTERN] [PID|PATTERN...]";
    /** display_usage_and_exit(): what numastat prints to stderr after a bad option. */
    static final String USAGE_TEXT = "Usage: numastat [-c] [-m] [-n] [-p <PID>|<pattern>] [-s[<node>]] [-v] [-V] [-z] [ <PID>|<pattern>... ]\n"
            + "-c to minimize column widths\n"
            + "-m to show meminfo-like system-wide memory usage\n"
            + "-n to show the numastat statistics info\n"
            + "-p <PID>|<pattern> to show process info\n"
            + "-s[<node>] to sort data by total column or <node>\n"
            + "-v to make some reports more verbose\n"
            + "-V to show the numastat code version\n"
            + "-z to skip rows and columns of zeros";
    private static final double PAGE_SIZE = 4096;
    private static final double MEGABYTE = 1024 * 1024;
    private static final int WIDTH = 16;
    /** numastat.c BUF_SIZE: its line buffer. */
    private static final int BUF_SIZE = 2048;
    /** process_meminfo: the numa_maps token that puts a line's pages in a row, and the row's label. */
    private static final String[][] PROCESS_ROWS = {{"huge", "Huge"}, {"heap", "Heap"}, {"stack", "Stack"},
        {"N", "Private"}};
    /** The catch-all row, and the first that no token selects. */
    private static final int PRIVATE_ROW = 3;

    private static final String[][] NUMASTAT_ROWS = {
        {"numa_hit", "Numa_Hit"}, {"numa_miss", "Numa_Miss"}, {"numa_foreign", "Numa_Foreign"},
        {"interleave_hit", "Interleave_Hit"}, {"local_node", "Local_Node"}, {"other_node", "Other_Node"}};
    private static final String[] MEMINFO_ROWS = {
        "MemTotal", "MemFree", "MemUsed", "HighTotal", "HighFree", "LowTotal", "LowFree", "Active", "Inactive",
        "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable", "Mlocked", "Dirty",
        "Writeback", "FilePages", "Mapped", "AnonPages", "Shmem", "KernelStack", "PageTables", "NFS_Unstable",
        "Bounce", "WritebackTmp", "Slab", "SReclaimable", "SUnreclaim", "AnonHugePages", "ShmemHugePages",
        "ShmemPmdMapped", "HugePages_Total", "HugePages_Free", "HugePages_Surp", "KReclaimable"};

    /** What the command line asked for. */
    private record Request(boolean compatibility, boolean compress, boolean meminfo, boolean numastat,
                           boolean sort, int sortNode, boolean verbose, boolean showZero, List<String> processArgs) {
    }

    private NumastatCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        GetOpt opts = new GetOpt("numastat", USAGE_TEXT, "cmnp:s::vz", Map.of(), tokens);
        boolean compress = false, meminfo = false, numastat = false, sort = false, verbose = false, showZero = true;
        int sortNode = -1;
        List<String> processArgs = new ArrayList<>();
        for (GetOpt.Opt o : opts.options) {
            switch (o.name()) {
                case 'c' -> compress = true;
                case 'm' -> meminfo = true;
                case 'n' -> numastat = true;
                case 'p' -> processArgs.add(o.arg());
                case 's' -> {
                    sort = true;
                    if (o.arg() != null && allDigits(o.arg())) {
                        sortNode = Integer.parseInt(o.arg());
                    }
                }
                case 'v' -> verbose = true;
                default -> showZero = false; // 'z', the last option the optstring allows

            }
        }
        processArgs.addAll(opts.operands);
        Request r = new Request(tokens.isEmpty(), compress, meminfo, numastat, sort, sortNode, verbose, showZero,
                processArgs);
        return session -> run(session, r);
    }

    private static boolean allDigits(String s) {
        return s.chars().allMatch(Character::isDigit);
    }

    private static void run(Session session, Request r) {
        ProcFs procfs = session.procfs;
        TreeSet<Integer> pidSet = new TreeSet<>();
        for (String arg : r.processArgs()) {
            if (allDigits(arg)) {
                pidSet.add((int) Math.min(Integer.MAX_VALUE, Long.parseLong(arg)));
            } else {
                patternSearch(session, arg, pidSet);
            }
        }
        List<Integer> nodes = new ArrayList<>(NumactlCommand.nodes(procfs));
        if (r.compatibility()) {
            session.print(systemTable(session, r, nodes, "numastat"));
            return;
        }
        if (!pidSet.isEmpty()) {
            processes(session, r, nodes, new ArrayList<>(pidSet));
        }
        if (r.meminfo()) {
            session.print("\nPer-node system memory usage (in MBs):\n");
            session.print(systemTable(session, r, nodes, "meminfo"));
        }
        if (r.numastat() || (pidSet.isEmpty() && !r.meminfo())) {
            session.print("\nPer-node numastat info (in MBs):\n");
            session.print(systemTable(session, r, nodes, "numastat"));
        }
    }

    /**
     * add_pids_from_pattern_search: every /proc/PID whose status Name, a space and its cmdline (NULs
     * as spaces, the whole cut to BUF_SIZE - 1) contains the pattern, but numastat itself: it runs as
     * init, the process /proc/self names.
     */
    private static void patternSearch(Session session, String pattern, TreeSet<Integer> pidSet) {
        int found = 0;
        for (int pid : session.procfs.pids()) {
            String name = statusName(session, pid);
            String text = (name == null ? "" : name) + " "
                    + session.procfs.read("/proc/" + pid + "/cmdline").replace('\0', ' ');
            if (text.substring(0, Math.min(text.length(), BUF_SIZE - 1)).contains(pattern)
                    && !Integer.toString(pid).equals(ProcFs.selfTarget())) {
                pidSet.add(pid);
                found++;
            }
        }
        if (found == 0) {
            session.print("Found no processes containing pattern: \"" + pattern + "\"\n");
        }
    }

    /**
     * show_process_info: one table per PID of its numa_maps pages by category (Huge, Heap, Stack and
     * Private, the rest) and node, in MB, or with several PIDs and no -v one row per PID. The table is
     * reused from PID to PID as numastat reuses it, rows and columns once shown staying eligible.
     */
    private static void processes(Session session, Request r, List<Integer> nodes, List<Integer> pids) {
        boolean perPid = r.verbose() || pids.size() == 1;
        int dataRows = perPid ? PROCESS_ROWS.length : pids.size();
        Table t = new Table(2, dataRows + 2, nodes.size() + 1);
        int totalCol = 1 + nodes.size();
        int totalRow = t.headerRows + dataRows + 1;
        t.string(totalRow, 0, "Total");
        if (perPid) {
            for (int row = 0; row < PROCESS_ROWS.length; row++) {
                t.string(t.headerRows + row, 0, PROCESS_ROWS[row][1]);
            }
        } else {
            t.string(0, 0, "PID");
            t.cells[1][0] = Table.Cell.repchar('-');
            session.print("\nPer-node process memory usage (in MBs)\n");
        }
        t.width[0] = WIDTH;
        t.justify[0] = Table.LEFT;
        for (int ix = 0; ix <= nodes.size(); ix++) {
            int col = 1 + ix;
            t.string(0, col, ix == nodes.size() ? "Total" : "Node " + nodes.get(ix));
            t.cells[1][col] = Table.Cell.repchar('-');
            t.width[col] = WIDTH;
            t.decimals[col] = r.compress() ? 0 : 2;
            t.justify[col] = Table.RIGHT;
        }
        t.zeroData();
        for (int pidIx = 0; pidIx < pids.size(); pidIx++) {
            int pid = pids.get(pidIx);
            String name = statusName(session, pid);
            if (perPid) {
                session.print("\nPer-node process memory usage (in MBs) for PID " + pid + " ("
                        + (name == null ? "(null)" : name) + ")\n");
                if (pidIx > 0) {
                    t.zeroData();
                }
            } else {
                String label = pid + " (" + (name == null ? "(null)" : name) + ")";
                t.string(t.headerRows + pidIx, 0, label.length() > 63 ? label.substring(0, 63) : label);
            }
            String numaMaps;
            try {
                numaMaps = session.procfs.read("/proc/" + pid + "/numa_maps");
            } catch (KernelError e) {
                session.toolError("Can't read /proc/" + pid + "/numa_maps: " + e.errno.message());
                continue;
            }
            for (String line : numaMaps.split("\n")) {
                int category = PRIVATE_ROW;
                for (String tok : line.split("[ \t\r]+")) {
                    if (category == PRIVATE_ROW) {
                        for (int ix = 0; ix < PRIVATE_ROW; ix++) {
                            if (tok.startsWith(PROCESS_ROWS[ix][0])) {
                                category = ix;
                                break;
                            }
                        }
                    }
                    if (tok.startsWith("N")) {
                        int eq = tok.indexOf('=');
                        int node = Integer.parseInt(tok.substring(1, eq));
                        double value = Long.parseLong(tok.substring(eq + 1)) * PAGE_SIZE / MEGABYTE;
                        int row = t.headerRows + (perPid ? category : pidIx);
                        int col = 1 + nodes.indexOf(node);
                        t.addTo(row, col, value);
                        t.addTo(row, totalCol, value);
                        t.addTo(totalRow, col, value);
                        t.addTo(totalRow, totalCol, value);
                    }
                }
            }
            if (perPid || pidIx + 1 == pids.size()) {
                if (r.compress()) {
                    for (int col = 0; col < totalCol + 1; col++) {
                        t.autoWidth(col, 4, WIDTH);
                    }
                } else {
                    t.autoWidth(0, WIDTH, 24);
                }
                t.alwaysShow[totalRow - 1] = true;
                for (int col = 0; col < totalCol + 1; col++) {
                    t.cells[totalRow - 1][col] = Table.Cell.repchar('-');
                }
                if (r.sort()) {
                    int sortCol = r.sortNode() < 0 || r.sortNode() >= nodes.size() ? totalCol
                            : 1 + nodes.get(r.sortNode());
                    t.sortDescending(t.headerRows, t.headerRows + dataRows - 1, sortCol);
                }
                session.print(t.render(r.showZero()));
            }
        }
    }

    /** command_name_for_pid: the Name field of /proc/PID/status, null when there is no such file. */
    private static String statusName(Session session, int pid) {
        String status;
        try {
            status = session.procfs.read("/proc/" + pid + "/status");
        } catch (KernelError e) {
            return null;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith("Name:")) {
                return line.substring(5).stripLeading();
            }
        }
        return null;
    }

    /** show_info_from_system_file: one row per known field, one column per node, plus Total. */
    private static String systemTable(Session session, Request r, List<Integer> nodes, String file) {
        boolean meminfo = file.equals("meminfo");
        boolean compat = r.compatibility();
        int rows = meminfo ? MEMINFO_ROWS.length : NUMASTAT_ROWS.length;
        Table t = new Table(compat ? 1 : 2, rows, nodes.size() + 1);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rows; i++) {
            String token = meminfo ? MEMINFO_ROWS[i] : NUMASTAT_ROWS[i][0];
            index.put(token, i);
            t.string(t.headerRows + i, 0, meminfo || compat ? token : NUMASTAT_ROWS[i][1]);
        }
        t.width[0] = WIDTH;
        t.justify[0] = Table.LEFT;
        int totalCol = 1 + nodes.size();
        double hugePageSize = compat ? 0 : hugePageSize(session.procfs);
        StringBuilder unknown = new StringBuilder();
        for (int ix = 0; ix < nodes.size() + (compat ? 0 : 1); ix++) {
            int col = 1 + ix;
            String header = ix == nodes.size() ? "Total" : (compat ? "node" : "Node ") + nodes.get(ix);
            t.string(0, col, header);
            if (!compat) {
                t.cells[1][col] = Table.Cell.repchar('-');
                t.decimals[col] = r.compress() ? 0 : 2;
            }
            t.width[col] = WIDTH;
            t.justify[col] = Table.RIGHT;
            if (ix == nodes.size()) {
                break;
            }
            String text = session.procfs.read("/sys/devices/system/node/node" + nodes.get(ix) + "/" + file);
            for (String line : text.split("\n")) {
                String[] tok = line.trim().split("[ \t\r:]+");
                if (tok.length == 0 || tok[0].isEmpty()) {
                    continue;
                }
                int off = meminfo ? 2 : 0;
                Integer row = index.get(tok[off]);
                if (row == null) {
                    unknown.append("Token ").append(tok[off]).append(" not in hash table.\n");
                    continue;
                }
                double value = Long.parseLong(tok[1 + off]);
                if (!compat) {
                    double multiplier = 1.0;
                    if (tok.length < 4) {
                        multiplier = PAGE_SIZE;
                    } else if (tok[2].startsWith("HugePages")) {
                        multiplier = hugePageSize;
                    } else if (tok.length > 4 && tok[4].startsWith("kB")) {
                        multiplier = 1024;
                    }
                    value = value * multiplier / MEGABYTE;
                }
                t.cells[t.headerRows + row][col] = Table.Cell.number(value);
                t.addTo(t.headerRows + row, totalCol, value);
            }
        }
        if (r.compress()) {
            for (int col = 0; col < totalCol + 1; col++) {
                t.autoWidth(col, 4, WIDTH);
            }
        }
        if (r.sort()) {
            int sortCol = r.sortNode() < 0 || r.sortNode() >= nodes.size() ? totalCol : 1 + nodes.get(r.sortNode());
            t.sortDescending(t.headerRows, t.headerRows + rows - 1, sortCol);
        }
        return unknown + t.render(r.showZero());
    }

    /** Hugepagesize from /proc/meminfo, in bytes. */
    private static double hugePageSize(ProcFs procfs) {
        for (String line : procfs.read("/proc/meminfo").split("\n")) {
            if (line.startsWith("Hugepagesize")) {
                return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    /** numastat's table: header rows and one header column, fixed-width justified cells. */
    private static final class Table {
        static final int LEFT = 1, RIGHT = 2;

        /** A cell: empty (kind 0), a number (1), a string (2), or a character repeated across the column (3). */
        record Cell(int kind, double number, String text) {
            static final Cell NULL = new Cell(0, 0, null);

            static Cell number(double d) {
                return new Cell(1, d, null);
            }

            static Cell repchar(char c) {
                return new Cell(3, 0, String.valueOf(c));
            }

            /** Data cells hold numbers only; numastat tests their bits, so only +0.0 is zero. */
            boolean seen() {
                return kind == 1;
            }

            boolean nonZero() {
                return kind == 1 && Double.doubleToRawLongBits(number) != 0;
            }
        }

        final int headerRows;
        final int allRows;
        final int allCols;
        final Cell[][] cells;
        final int[] rowMap;
        final int[] width;
        final int[] decimals;
        final int[] justify;
        /** ROW_FLAG_ALWAYS_SHOW. */
        final boolean[] alwaysShow;
        /** The seen and non-zero flags display_table sets and never clears. */
        final boolean[] rowSeen, rowNonZero, colSeen, colNonZero;

        Table(int headerRows, int dataRows, int dataCols) {
            this.headerRows = headerRows;
            allRows = headerRows + dataRows;
            allCols = 1 + dataCols;
            cells = new Cell[allRows][allCols];
            for (Cell[] row : cells) {
                Arrays.fill(row, Cell.NULL);
            }
            rowMap = new int[allRows];
            for (int i = 0; i < allRows; i++) {
                rowMap[i] = i;
            }
            width = new int[allCols];
            decimals = new int[allCols];
            justify = new int[allCols];
            alwaysShow = new boolean[allRows];
            rowSeen = new boolean[allRows];
            rowNonZero = new boolean[allRows];
            colSeen = new boolean[allCols];
            colNonZero = new boolean[allCols];
        }

        /** zero_table_data(CELL_TYPE_DOUBLE): every data cell a number 0. */
        void zeroData() {
            for (int row = headerRows; row < allRows; row++) {
                Arrays.fill(cells[row], 1, allCols, Cell.number(0));
            }
        }

        void string(int row, int col, String s) {
            cells[row][col] = new Cell(2, 0, s);
        }

        void addTo(int row, int col, double value) {
            cells[row][col] = Cell.number(cells[row][col].number() + value);
        }

        /** The cell's text, cut to the column's width. */
        String format(Cell c, int maxWidth, int places) {
            String s = switch (c.kind()) {
                case 1 -> CFormat.fixed(c.number(), places);
                case 2 -> c.text();
                case 3 -> c.text().repeat(Math.max(0, maxWidth - 1));
                default -> "";
            };
            return s.length() > maxWidth ? s.substring(0, maxWidth) : s;
        }

        void autoWidth(int col, int min, int max) {
            int w = min;
            for (int row = 0; row < allRows; row++) {
                if (cells[row][col].kind() != 3) {
                    w = Math.max(w, format(cells[row][col], max, decimals[col]).length());
                }
            }
            width[col] = Math.min(w + 1, max);
        }

        /** numastat's selection sort of the data rows, largest value in the column first. */
        void sortDescending(int start, int stop, int col) {
            for (int ix = start; ix <= stop; ix++) {
                int biggest = ix;
                for (int iy = ix + 1; iy <= stop; iy++) {
                    if (cells[rowMap[biggest]][col].number() < cells[rowMap[iy]][col].number()) {
                        biggest = iy;
                    }
                }
                int tmp = rowMap[ix];
                rowMap[ix] = rowMap[biggest];
                rowMap[biggest] = tmp;
            }
        }

        String render(boolean showZero) {
            boolean anySeen = false, anyNonZero = false;
            for (int row = headerRows; row < allRows; row++) {
                for (int col = 1; col < allCols; col++) {
                    Cell c = cells[row][col];
                    if (c.seen()) {
                        anySeen = rowSeen[row] = colSeen[col] = true;
                        if (c.nonZero()) {
                            anyNonZero = rowNonZero[row] = colNonZero[col] = true;
                        }
                    }
                }
            }
            if (!anySeen) {
                return "Table has no data.\n";
            }
            if (!anyNonZero && !showZero) {
                return "Table has no non-zero data.\n";
            }
            StringBuilder sb = new StringBuilder();
            for (int ix = 0; ix < allRows; ix++) {
                int row = rowMap[ix];
                if (row >= headerRows && !alwaysShow[row] && (!rowSeen[row] || (!showZero && !rowNonZero[row]))) {
                    continue;
                }
                cell(sb, row, 0);
                for (int col = 1; col < allCols; col++) {
                    if (colSeen[col] && (showZero || colNonZero[col])) {
                        cell(sb, row, col);
                    }
                }
                sb.append('\n');
            }
            return sb.toString();
        }

        private void cell(StringBuilder sb, int row, int col) {
            String p = format(cells[row][col], width[col], decimals[col]);
            int w = width[col];
            int pad = w - p.length();
            switch (justify[col]) {
                case LEFT -> sb.append(p).append(" ".repeat(pad));
                case RIGHT -> sb.append(" ".repeat(pad)).append(p);
                default -> sb.append(" ".repeat((pad + 1) / 2)).append(p).append(" ".repeat(pad - (pad + 1) / 2));
            }
        }
    }
}
