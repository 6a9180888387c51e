/*
 * The validation program syntax: prefixes, expectations, bindings and the static fork rules.
 */
package org.mmsim.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValidationProgramTest {
    @Test
    void parsesPrefixesExpectationsAndBindings() {
        ValidationProgram p = ValidationProgram.parse("t", String.join("\n",
                "# comment", "a = mmap 64K rw private anon   # trailing", "", "fork",
                "child: expect_errno EINVAL mprotect a+1 4K r", "parent: write a 4K"));
        assertEquals(4, p.ops.size());
        ValidationProgram.Op mmap = p.ops.get(0);
        assertEquals(2, mmap.line());
        assertEquals(Optional.of("a"), mmap.binds());
        assertEquals(List.of("64K", "rw", "private", "anon"), mmap.args());
        ValidationProgram.Op mprotect = p.ops.get(2);
        assertEquals(ValidationProgram.Process.CHILD, mprotect.process());
        assertEquals(Optional.of("EINVAL"), mprotect.expectedErrno());
        assertEquals(3, p.ops.get(3).index());
    }

    @Test
    void rejectsUnknownNamesOperationsAndOrphanChildLines() {
        assertThrows(IllegalArgumentException.class, () -> ValidationProgram.parse("t", "write b 4K"));
        assertThrows(IllegalArgumentException.class, () -> ValidationProgram.parse("t", "frobnicate"));
        assertThrows(IllegalArgumentException.class, () -> ValidationProgram.parse("t", "child: maps"));
        assertThrows(IllegalArgumentException.class,
                () -> ValidationProgram.parse("t", "fork\nchild: exit\nchild: maps"));
        assertThrows(IllegalArgumentException.class, () -> ValidationProgram.parse("t", "a = munmap heap 4K"));
    }

    @Test
    void heapAndFixedTargetsAreAddressExpressions() {
        ValidationProgram.parse("t", "brk +8K\nwrite heap+4K 4K");
        assertThrows(IllegalArgumentException.class,
                () -> ValidationProgram.parse("t", "a = mmap 8K rw private anon\nmremap a 4K 4K maymove fixed=b"));
    }
}
