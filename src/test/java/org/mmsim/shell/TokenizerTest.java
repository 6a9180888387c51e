package org.mmsim.shell;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenizerTest {
    private static List<String> texts(String line) {
        return Tokenizer.tokenize(line).stream().map(Tokenizer.Token::text).collect(Collectors.toList());
    }

    @Test
    void wordsOperatorsQuotesAndComments() {
        assertEquals(List.of("p", "=", "alloc_pages", "order=3", "gfp=GFP_KERNEL|__GFP_ZERO"),
                texts("p = alloc_pages order=3 gfp=GFP_KERNEL|__GFP_ZERO   # a comment"));
        assertEquals(List.of("expect", "MemFree", ">=", "7G"), texts("expect MemFree>=7G"));
        assertEquals(List.of("cat", "/proc/meminfo", "|", "grep", "-E", "Dirty|Writeback"),
                texts("cat /proc/meminfo | grep -E \"Dirty|Writeback\""));
        assertEquals(List.of("echo", "a#b", "c d", "x=\"y\""), texts("echo a#b 'c d' x=\"\\\"y\\\"\" #tail"));
        assertEquals(List.of(), texts("   # only a comment"));
    }

    @Test
    void operatorFlags() {
        List<Tokenizer.Token> t = Tokenizer.tokenize("a = b == c != '=' >");
        assertEquals(List.of(false, true, false, true, false, true, false, true),
                t.stream().map(Tokenizer.Token::operator).collect(Collectors.toList()));
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertThrows(ScenarioError.class, () -> Tokenizer.tokenize("echo 'abc"));
    }

    @Property
    void sizeSuffixesAreBinary(@ForAll @LongRange(min = 0, max = 1L << 20) long n) {
        assertEquals(n, Sizes.parse(Long.toString(n)));
        assertEquals(n << 10, Sizes.parse(n + "K"));
        assertEquals(n << 10, Sizes.parse(n + "kB"));
        assertEquals(n << 20, Sizes.parse(n + "m"));
        assertEquals(n << 30, Sizes.parse(n + "G"));
        assertEquals(n << 40, Sizes.parse(n + "T"));
        assertEquals(n, Sizes.parse("0x" + Long.toHexString(n)));
    }
}
