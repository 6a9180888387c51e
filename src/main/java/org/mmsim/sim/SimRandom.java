/*
 * Seeded randomness for everything the kernel randomizes (ASLR, shuffle, hash seeds).
 * SplittableRandom's algorithm is specified by the JDK, so a seed gives the same stream on any JDK;
 * each consumer takes its own split so adding a consumer does not perturb the others.
 */
package org.mmsim.sim;

import java.util.SplittableRandom;

public final class SimRandom {
    private final long seed;

    public SimRandom(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** An independent stream for one named consumer; the same name always gives the same stream. */
    public SplittableRandom stream(String consumer) {
        long h = seed;
        for (int i = 0; i < consumer.length(); i++) {
            h = h * 0x100000001b3L ^ consumer.charAt(i);
        }
        return new SplittableRandom(h);
    }
}
