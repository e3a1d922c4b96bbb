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
 * The kernel's spare pool on simulated disks, with the real RAID driver: a global pool disk takes
 * over for an array that degrades without a spare; an array of a spare group borrows another
 * array's idle spare (MoveSpare); a spare of the wrong group or too small is passed over with
 * SpareNotUsed naming why; automatic allocation off activates nothing. Data written before the
 * failure (seeded) reads back the same after the rebuild.
 */
class SparePoolTest {
    private static final long SEED = 6_2024;
    private static final int DATA_BYTES = 6 << 20;
    private static final List<String> S3 = List.of("s/d0", "s/d1", "s/d2");

    @TempDir
    Path dir;

    @Test
    void shouldGiveAGlobalPoolDiskToAnArrayThatDegradesWithoutASpare() throws Exception {
        try (PoolKernel k = PoolKernel.start(dir, controller("s", 3, "16MB", false) + controller("p", 1, "16MB", false)
                + array("md0", 5, S3, "") + "[spares]\npool = [\"p/d0\"]\n")) {
            assertEquals(List.of("p/d0"), k.pool.freeDisks());
            byte[] data = k.fill("md0", SEED, DATA_BYTES);
            k.array("md0").failMember(1);
            PoolKernel.await("p/d0 rebuilt slot 1 of md0", () -> k.holds("md0", 1, "p/d0"));
            k.awaitEvent("RebuildFinished", e -> e instanceof DriverEvent.RebuildFinished f && f.completed());

            int failed = k.indexOf(0, "Fail", e -> e instanceof DriverEvent.MemberFailed f && f.member().equals("s/d1"));
            int moved = k.indexOf(failed, "MoveSpare from the pool", e -> e.equals(
                    new DriverEvent.MoveSpare(e.atNanos(), "md0", "p/d0", SparePool.FROM_POOL)));
            int started = k.indexOf(moved, "RebuildStarted", e -> e instanceof DriverEvent.RebuildStarted s
                    && s.action().equals("recovery"));
            k.indexOf(started, "SpareActive", e -> e instanceof DriverEvent.SpareActive a && a.member().equals("p/d0"));
            assertEquals(List.of(), k.events(DriverEvent.SpareNotUsed.class));
            assertEquals(List.of(), k.pool.freeDisks());
            assertArrayEquals(data, k.read("md0", DATA_BYTES));
        }
    }

    @Test
    void shouldMoveAnIdleSpareFromAnotherArrayOfTheSameSpareGroup() throws Exception {
        try (PoolKernel k = PoolKernel.start(dir, controller("s", 3, "16MB", false) + controller("t", 3, "16MB", false)
                + array("md0", 5, S3, "spare_group = \"g\"\n")
                + array("md1", 1, List.of("t/d0", "t/d1"), "spares = [\"t/d2\"]\nspare_group = \"g\"\n")
                + "[[spare_groups]]\nname = \"g\"\n")) {
            byte[] data = k.fill("md0", SEED + 1, DATA_BYTES);
            k.array("md0").failMember(0);
            PoolKernel.await("t/d2 rebuilt slot 0 of md0", () -> k.holds("md0", 0, "t/d2"));

            int moved = k.indexOf(0, "MoveSpare from md1", e -> e.equals(
                    new DriverEvent.MoveSpare(e.atNanos(), "md0", "t/d2", "md1")));
            k.indexOf(moved, "RebuildStarted on md0", e -> e instanceof DriverEvent.RebuildStarted s
                    && s.array().equals("md0") && s.action().equals("recovery"));
            k.awaitEvent("SparesMissing for md1", e -> e.equals(new DriverEvent.SparesMissing(e.atNanos(), "md1", 1, 0)));
            assertEquals(List.of(), k.array("md1").status().spares());
            assertEquals("clean", k.array("md1").status().state());
            assertArrayEquals(data, k.read("md0", DATA_BYTES));
        }
    }

    @Test
    void shouldPassOverSparesOfAnotherGroupSayingWrongGroup() throws Exception {
        try (PoolKernel k = PoolKernel.start(dir, controller("s", 3, "16MB", false) + controller("t", 3, "16MB", false)
                + controller("p", 1, "16MB", false)
                + array("md0", 5, S3, "spare_group = \"a\"\n")
                + array("md1", 1, List.of("t/d0", "t/d1"), "spares = [\"t/d2\"]\nspare_group = \"b\"\n")
                + "[[spare_groups]]\nname = \"a\"\n[[spare_groups]]\nname = \"b\"\nspares = [\"p/d0\"]\n")) {
            k.fill("md0", SEED + 2, 1 << 20);
            k.array("md0").failMember(2);
            k.awaitEvent("no spare left", e -> e instanceof DriverEvent.SpareNotUsed s && s.spare().isEmpty());

            List<DriverEvent.SpareNotUsed> refusals = k.events(DriverEvent.SpareNotUsed.class);
            assertEquals(3, refusals.size(), refusals.toString());
            assertEquals("p/d0", refusals.get(0).spare());
            assertEquals("wrong group: the pool reserves it for spare group b, and md0 is in spare group a",
                    refusals.get(0).reason());
            assertEquals("t/d2", refusals.get(1).spare());
            assertEquals("wrong group: it is an idle spare of md1, which is in spare group b, and md0 is in spare "
                    + "group a (arrays lend spares only within one spare group)", refusals.get(1).reason());
            assertTrue(refusals.get(2).reason().startsWith("no spare left to rebuild slot 2"), refusals.get(2).reason());
            assertEquals("degraded", k.array("md0").status().state());
            assertEquals(List.of("t/d2"), k.array("md1").status().spares());
            assertEquals(List.of("p/d0"), k.pool.freeDisks());
        }
    }

    @Test
    void shouldPassOverAPoolDiskTooSmallForTheArrayAndGiveItToOneItFits() throws Exception {
        try (PoolKernel k = PoolKernel.start(dir, controller("s", 3, "16MB", false) + controller("t", 2, "8MB", false)
                + controller("p", 1, "8MB", false)
                + array("md0", 5, S3, "") + array("md1", 1, List.of("t/d0", "t/d1"), "")
                + "[spares]\npool = [\"p/d0\"]\n")) {
            k.fill("md0", SEED + 3, 1 << 20);
            k.array("md0").failMember(1);
            k.awaitEvent("no spare left", e -> e instanceof DriverEvent.SpareNotUsed s && s.spare().isEmpty());
            DriverEvent.SpareNotUsed tooSmall = k.events(DriverEvent.SpareNotUsed.class).get(0);
            assertEquals("p/d0", tooSmall.spare());
            assertTrue(tooSmall.reason().matches("too small: 8388608 bytes, a member of md0 needs \\d+"),
                    tooSmall.reason());
            assertEquals(List.of("p/d0"), k.pool.freeDisks());

            byte[] data = k.fill("md1", SEED + 4, 1 << 20);
            k.array("md1").failMember(0);
            PoolKernel.await("p/d0 rebuilt slot 0 of md1", () -> k.holds("md1", 0, "p/d0"));
            assertArrayEquals(data, k.read("md1", 1 << 20));
        }
    }

    @Test
    void shouldLeaveEverySpareIdleWhenHotSpareAutoAllocateIsOff() throws Exception {
        try (PoolKernel k = PoolKernel.start(dir, "[raid]\nhot_spare_auto_allocate = false\n"
                + controller("s", 4, "16MB", false) + controller("p", 1, "16MB", false)
                + array("md0", 5, S3, "spares = [\"s/d3\"]\n") + "[spares]\npool = [\"p/d0\"]\n")) {
            k.fill("md0", SEED + 5, 1 << 20);
            // The creation resync ends first, so "idle" below speaks of rebuilds only.
            PoolKernel.await("md0's creation resync ended", () -> k.array("md0").sync().action().equals("idle"));
            k.array("md0").failMember(0);
            // Raised at the very point a spare would have been activated, so nothing can follow it.
            k.awaitEvent("SpareNotUsed", e -> e instanceof DriverEvent.SpareNotUsed);
            assertTrue(k.events(DriverEvent.SpareNotUsed.class).get(0).reason()
                    .startsWith("hot_spare_auto_allocate is off in [raid]"));
            assertEquals("degraded", k.array("md0").status().state());
            assertEquals(List.of("s/d3"), k.array("md0").status().spares());
            assertEquals("idle", k.array("md0").sync().action());
            assertEquals(List.of("p/d0"), k.pool.freeDisks());
            assertEquals(List.of(), k.events(DriverEvent.MoveSpare.class));
        }
    }

    @Test
    void shouldRaiseSparesMissingWhenTheArraysOwnSpareTakesASlot() throws Exception {
        try (PoolKernel k = PoolKernel.start(dir, controller("s", 4, "16MB", false)
                + array("md0", 5, S3, "spares = [\"s/d3\"]\n"))) {
            assertEquals(List.of(), k.events(DriverEvent.SparesMissing.class), "md0 starts with its spare");
            k.fill("md0", SEED + 6, 1 << 20);
            k.array("md0").failMember(2);
            PoolKernel.await("s/d3 rebuilt slot 2", () -> k.holds("md0", 2, "s/d3"));
            k.awaitEvent("SparesMissing", e -> e.equals(new DriverEvent.SparesMissing(e.atNanos(), "md0", 1, 0)));
            int started = k.indexOf(0, "RebuildStarted", e -> e instanceof DriverEvent.RebuildStarted);
            k.indexOf(started, "SparesMissing after the spare left", e -> e instanceof DriverEvent.SparesMissing);
        }
    }
}
