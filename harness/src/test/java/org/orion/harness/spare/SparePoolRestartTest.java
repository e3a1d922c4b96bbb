package org.orion.harness.spare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.orion.harness.spare.PoolKernel.array;
import static org.orion.harness.spare.PoolKernel.controller;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.event.DriverEvent;

/**
 * Spares travel, and the superblocks remember where they went: after a restart an array assembles
 * with the disk it took from the pool or from another array, the lender is short of its spare
 * (SparesMissing on first sight), and an array that comes up degraded with no spare gets a pool
 * disk (DegradedArray on first sight, then MoveSpare and the rebuild). Disks are sparse files so
 * they outlive the first kernel.
 */
class SparePoolRestartTest {
    private static final long SEED = 6_2025;
    private static final int DATA_BYTES = 4 << 20;
    private static final List<String> S3 = List.of("s/d0", "s/d1", "s/d2");

    @TempDir
    Path dir;

    @Test
    void shouldAssembleWithTheMovedSpareAndReportTheLenderShortOfItsSpare() throws Exception {
        String toml = controller("s", 3, "16MB", true) + controller("t", 3, "16MB", true)
                + array("md0", 5, S3, "spare_group = \"g\"\n")
                + array("md1", 1, List.of("t/d0", "t/d1"), "spares = [\"t/d2\"]\nspare_group = \"g\"\n")
                + "[[spare_groups]]\nname = \"g\"\n";
        byte[] data;
        try (PoolKernel k = PoolKernel.start(dir, toml)) {
            data = k.fill("md0", SEED, DATA_BYTES);
            k.array("md0").failMember(1);
            PoolKernel.await("t/d2 rebuilt slot 1 of md0", () -> k.holds("md0", 1, "t/d2"));
        }
        try (PoolKernel k = PoolKernel.start(dir, toml)) {
            assertTrue(k.holds("md0", 1, "t/d2"), k.array("md0").status().toString());
            assertArrayEquals(data, k.read("md0", DATA_BYTES));
            assertEquals(List.of(), k.array("md1").status().spares());
            assertEquals(List.of(new DriverEvent.SparesMissing(0, "md1", 1, 0)), k.events(DriverEvent.SparesMissing.class)
                    .stream().map(e -> new DriverEvent.SparesMissing(0, e.array(), e.expectedSpares(),
                            e.presentSpares())).toList());
            assertEquals(List.of(), k.events(DriverEvent.DegradedArray.class));
        }
    }

    @Test
    void shouldGiveAPoolDiskToAnArrayThatComesUpDegraded() throws Exception {
        String disks = controller("s", 3, "16MB", true) + controller("p", 1, "16MB", true);
        byte[] data;
        try (PoolKernel k = PoolKernel.start(dir, disks + array("md0", 5, S3, ""))) {
            data = k.fill("md0", SEED + 1, DATA_BYTES);
            k.array("md0").failMember(0);
            k.awaitEvent("no spare left", e -> e instanceof DriverEvent.SpareNotUsed);
        }
        // The pool is configured only now: md0 assembles without its failed member and takes p/d0.
        try (PoolKernel k = PoolKernel.start(dir, disks + array("md0", 5, S3, "") + "[spares]\npool = [\"p/d0\"]\n")) {
            int degraded = k.indexOf(0, "DegradedArray on first sight", e -> e.equals(
                    new DriverEvent.DegradedArray(e.atNanos(), "md0", 1, 0)));
            PoolKernel.await("p/d0 rebuilt slot 0", () -> k.holds("md0", 0, "p/d0"));
            k.indexOf(degraded, "MoveSpare from the pool", e -> e instanceof DriverEvent.MoveSpare m
                    && m.spare().equals("p/d0") && m.fromArray().equals(SparePool.FROM_POOL));
            assertArrayEquals(data, k.read("md0", DATA_BYTES));
        }
    }
}
