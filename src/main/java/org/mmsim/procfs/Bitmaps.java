/*
 * How sysfs prints CPU and node masks (lib/vsprintf.c bitmap_string and bitmap_list_string, the
 * "%*pb" and "%*pbl" formats): a hex mask in comma-separated 32-bit chunks, most significant first,
 * the first chunk only as wide as the bits left; or a list of ranges ("0-3,8").
 */
package org.mmsim.procfs;

final class Bitmaps {
    private static final int CHUNK = 32;

    private Bitmaps() {
    }

    /** "%*pbl": the set bits of an nbits-long mask as ranges. */
    static String rangeList(boolean[] bits) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < bits.length) {
            if (!bits[i]) {
                i++;
                continue;
            }
            int start = i;
            while (i + 1 < bits.length && bits[i + 1]) {
                i++;
            }
            sb.append(sb.length() == 0 ? "" : ",").append(start);
            if (i > start) {
                sb.append('-').append(i);
            }
            i++;
        }
        return sb.toString();
    }

    /** "%*pb": the mask in hex, 32 bits a chunk, the leading chunk zero-padded to its own width. */
    static String hexMask(boolean[] bits) {
        int nbits = bits.length;
        int chunkBits = nbits % CHUNK == 0 ? CHUNK : nbits % CHUNK;
        StringBuilder sb = new StringBuilder();
        for (int low = (nbits + CHUNK - 1) / CHUNK * CHUNK - CHUNK; low >= 0; low -= CHUNK) {
            long val = 0;
            for (int b = 0; b < chunkBits; b++) {
                if (bits[low + b]) {
                    val |= 1L << b;
                }
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            String hex = Long.toHexString(val);
            sb.append("0".repeat(Math.max(0, (chunkBits + 3) / 4 - hex.length()))).append(hex);
            chunkBits = CHUNK;
        }
        return sb.toString();
    }
}
