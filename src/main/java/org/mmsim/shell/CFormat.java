/*
 * glibc printf's "%.Nf" for the tools mmsim reimplements: the double's exact binary value rounded to
 * N decimals, ties to even (Java's %f rounds half up on a shorter decimal form, so 0.125 would print
 * 0.13 where glibc prints 0.12). Left out: NaN and infinities (no caller can produce them).
 */
package org.mmsim.shell;

import java.math.BigDecimal;
import java.math.RoundingMode;

final class CFormat {
    private CFormat() {
    }

    static String fixed(double value, int decimals) {
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }
}
