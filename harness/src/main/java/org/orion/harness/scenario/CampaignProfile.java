package org.orion.harness.scenario;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The sizes a campaign draws its arrays and requests from. Every profile makes the same random
 * draws in the same order, so a seed's level, faults and timing do not depend on which sizes it
 * was given, and {@link #SMALL} gives every seed exactly the scenario it always had.
 */
public enum CampaignProfile {
    /**
     * 4 to 64 KiB chunks on 2 or 3 MiB disks, requests of 4 KiB to 64 KiB, sequential a quarter of
     * the time: many small stripes, so a few hundred operations reach every corner of one.
     */
    SMALL,
    /**
     * md's chunk sizes (128, 256 or 512 KiB, 512 being mdadm's default) on 8 or 12 MiB disks,
     * requests of 4 KiB to 1 MiB, sequential half the time: a chunk spans several ring columns and
     * sequential writes fill whole stripes, which is where writes are gathered and a stripe's
     * columns are written in batches.
     */
    LARGE;

    private static final long MIB = 1L << 20;

    /** The profile named {@code name} (small, large); null if there is none. */
    public static CampaignProfile named(String name) {
        for (CampaignProfile p : values()) {
            if (p.cliName().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** Its name on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    int chunkBytes(SplittableRandom r) {
        int step = r.nextInt(5);
        return this == SMALL ? 4096 << step : (128 * 1024) << (step % 3);
    }

    long diskBytes(SplittableRandom r) {
        int step = r.nextInt(2);
        return this == SMALL ? (2 + step) * MIB : (8 + 4 * step) * MIB;
    }

    boolean sequential(SplittableRandom r) {
        int draw = r.nextInt(4);
        return this == SMALL ? draw == 0 : draw < 2;
    }

    int maxRequestBytes(SplittableRandom r) {
        int step = r.nextInt(5);
        return this == SMALL ? 4096 << step : (64 * 1024) << step;
    }
}
