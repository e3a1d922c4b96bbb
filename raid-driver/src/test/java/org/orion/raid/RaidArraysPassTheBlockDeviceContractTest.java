package org.orion.raid;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Nested;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.testing.AbstractBlockDeviceContractTest;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;

/**
 * The BlockDevice contract suite, run against an array of every level, healthy and degraded (as
 * degraded as the level allows). Arrays sit on heap SimDisks with volatile caches, so the
 * durability tests run too: power loss drops every member's unflushed writes, then the array is
 * reassembled from what survived.
 */
class RaidArraysPassTheBlockDeviceContractTest {
    private static final long DISK_BYTES = 4L << 20;
    private static final int CHUNK = 64 * 1024;

    abstract static class ArrayContract extends AbstractBlockDeviceContractTest {
        ArrayFixture fixture;

        abstract ArrayFixture build();

        @Override
        protected BlockDevice createDevice() {
            fixture = build();
            return fixture.array;
        }

        @Override
        protected BlockDevice powerCycle(BlockDevice device) {
            return fixture.powerCycle();
        }

        static ArrayFixture array(int level, String layout, int members, int... missing) {
            return ArrayFixture.build(level, layout, members, CHUNK, DISK_BYTES, UnaryOperator.identity(), missing, true);
        }
    }

    @Nested
    class Raid0 extends ArrayContract {
        ArrayFixture build() {
            return array(0, null, 3);
        }
    }

    @Nested
    class Raid1 extends ArrayContract {
        ArrayFixture build() {
            return array(1, null, 3);
        }
    }

    @Nested
    class Raid1Degraded extends ArrayContract {
        ArrayFixture build() {
            return array(1, null, 3, 0, 2);
        }
    }

    @Nested
    class Raid4 extends ArrayContract {
        ArrayFixture build() {
            return array(4, null, 4);
        }
    }

    @Nested
    class Raid4Degraded extends ArrayContract {
        ArrayFixture build() {
            return array(4, null, 4, 1);
        }
    }

    @Nested
    class Raid5 extends ArrayContract {
        ArrayFixture build() {
            return array(5, "left-symmetric", 5);
        }
    }

    @Nested
    class Raid5Degraded extends ArrayContract {
        ArrayFixture build() {
            return array(5, "left-asymmetric", 4, 2);
        }
    }

    @Nested
    class Raid6 extends ArrayContract {
        ArrayFixture build() {
            return array(6, "left-symmetric", 6);
        }
    }

    /** 16 KiB columns in the 64 KiB chunks: whole column ranges of a stripe are written in merged batches. */
    @Nested
    class Raid6InBatches extends ArrayContract {
        ArrayFixture build() {
            return ArrayFixture.build(6, "left-symmetric", 6, CHUNK, DISK_BYTES, UnaryOperator.identity(), new int[0],
                    true, LatencyModel.ZERO, NanoClock.system(),
                    RaidOptions.DEFAULTS.withStripeCacheEntries(64).withColumnBytes(16 * 1024));
        }
    }

    @Nested
    class Raid6DoublyDegraded extends ArrayContract {
        ArrayFixture build() {
            return array(6, "right-asymmetric", 6, 1, 4);
        }
    }

    @Nested
    class Raid10Near extends ArrayContract {
        ArrayFixture build() {
            return array(10, "n2", 4);
        }
    }

    @Nested
    class Raid10FarDegraded extends ArrayContract {
        ArrayFixture build() {
            return array(10, "f2", 4, 1);
        }
    }

    @Nested
    class Raid10OffsetDegraded extends ArrayContract {
        ArrayFixture build() {
            return array(10, "o2", 5, 3);
        }
    }
}
