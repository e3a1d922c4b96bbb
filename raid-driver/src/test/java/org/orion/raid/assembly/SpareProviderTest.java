package org.orion.raid.assembly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.MemberStatus;
import org.orion.driver.api.block.BlockDevice;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.testing.Completions;
import org.orion.driver.api.testing.Patterns;
import org.orion.driver.api.time.NanoClock;
import org.orion.hw.sim.LatencyModel;
import org.orion.hw.sim.SimController;
import org.orion.hw.sim.SimDiskSpec;
import org.orion.hw.sim.SimPersonality;
import org.orion.raid.RaidOptions;

/**
 * The hooks the kernel's spare pool drives an array through: the array asks its provider only when
 * none of its own spares fits, says nothing more when the provider takes the job, reports "no spare
 * left" when it does not; an idle spare can be removed and handed to another array; the status
 * lists the idle spares and the rebuild target; with automatic allocation off nothing is activated.
 */
class SpareProviderTest {
    private static final long DISK_BYTES = 8L << 20;

    private final List<DriverEvent> events = new CopyOnWriteArrayList<>();

    private static List<BlockDevice> disks(String controller, int count) {
        return disks(controller, count, LatencyModel.ZERO);
    }

    private static List<BlockDevice> disks(String controller, int count, LatencyModel latency) {
        List<SimDiskSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(new SimDiskSpec("disk" + i, DISK_BYTES, 512, 4096, null, false));
        }
        return new ArrayList<>(SimController.create(controller, SimPersonality.SATA, NanoClock.system(),
                latency, specs).disks());
    }

    private MdArrayDevice raid5(List<BlockDevice> devices, int spares) {
        return new MdArrayDevice(MdArray.start(ArrayCreator.create(new CreateOptions("data", "h", 5, null, 64,
                devices.size() - spares, spares, 0, true, false), devices, 1L), false, RaidOptions.DEFAULTS,
                events::add, NanoClock.system()));
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    private static boolean inSync(MdArrayDevice array, int slot, String device) {
        var status = array.status();
        return status.state().equals("clean") && status.members().get(slot).name().equals(device);
    }

    private List<DriverEvent.SpareNotUsed> spareNotUsed() {
        return events.stream().filter(e -> e instanceof DriverEvent.SpareNotUsed)
                .map(e -> (DriverEvent.SpareNotUsed) e).toList();
    }

    @Test
    void shouldAskTheProviderForTheEmptySlotAndStayQuietWhenItBringsADevice() throws Exception {
        MdArrayDevice array = raid5(disks("a", 3), 0);
        BlockDevice poolDisk = disks("pool", 1).get(0);
        byte[] data = Patterns.random(7, 1 << 20);
        Completions.assertOk(Completions.write(array, 0, data), "fill");
        List<String> asked = new CopyOnWriteArrayList<>();
        array.spareProvider((name, slot, minimumBytes) -> {
            asked.add(name + " slot " + slot + " needs " + minimumBytes);
            // The provider's own thread hands the device over; the array's thread must not wait for it.
            new Thread(() -> array.addMember(poolDisk)).start();
            return true;
        });
        array.failMember(1);
        waitFor(() -> inSync(array, 1, poolDisk.info().name()), "the pool disk rebuilt slot 1");
        assertEquals(List.of("data slot 1 needs " + array.minimumMemberBytes()), asked);
        assertTrue(array.minimumMemberBytes() > array.status().memberDataBytes(), "metadata counts too");
        assertEquals(poolDisk.info().name(), array.status().members().get(1).name());
        assertEquals(List.of(), spareNotUsed(), "a spare came, so nothing says none was used");
        assertArrayEquals(data, Completions.read(array, 0, data.length));
        array.close();
    }

    @Test
    void shouldReportNoSpareLeftWhenTheProviderHasNoneToGive() throws Exception {
        MdArrayDevice array = raid5(disks("b", 3), 0);
        array.spareProvider((name, slot, minimumBytes) -> false);
        array.failMember(0);
        waitFor(() -> !spareNotUsed().isEmpty(), "SpareNotUsed");
        DriverEvent.SpareNotUsed event = spareNotUsed().get(0);
        assertEquals("", event.spare());
        assertTrue(event.reason().startsWith("no spare left to rebuild slot 0"), event.reason());
        array.close();
    }

    @Test
    void shouldUseItsOwnSpareBeforeAskingTheProvider() throws Exception {
        List<BlockDevice> devices = disks("c", 4);
        MdArrayDevice array = raid5(devices, 1);
        List<Integer> asked = new CopyOnWriteArrayList<>();
        array.spareProvider((name, slot, minimumBytes) -> asked.add(slot));
        array.failMember(2);
        waitFor(() -> inSync(array, 2, "c/disk3"), "the own spare rebuilt slot 2");
        assertSame(devices.get(3), array.md().array().device().members().get(2).device());
        assertEquals(List.of(), asked);
        array.close();
    }

    @Test
    void shouldHandAnIdleSpareOverAndForgetIt() {
        List<BlockDevice> devices = disks("d", 5);
        MdArrayDevice array = raid5(devices, 2);
        assertEquals(List.of("d/disk3", "d/disk4"), array.status().spares());
        assertSame(devices.get(4), array.removeSpare("d/disk4"));
        assertEquals(List.of("d/disk3"), array.status().spares());
        OrionException e = assertThrows(OrionException.class, () -> array.removeSpare("d/disk4"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertTrue(e.getMessage().contains("idle spares: d/disk3"), e.getMessage());
        array.close();
        devices.get(4).close();
    }

    @Test
    void shouldShowTheRebuildTargetWhileARebuildRuns() throws Exception {
        // Disks with an SSD's service times, so the rebuild lasts long enough to be seen.
        MdArrayDevice array = raid5(disks("e", 4, SimPersonality.SATA.defaultLatency()), 1);
        List<List<MemberStatus>> seen = new CopyOnWriteArrayList<>();
        array.failMember(0);
        waitFor(() -> {
            var status = array.status();
            if (!status.rebuilding().isEmpty()) {
                seen.add(status.rebuilding());
            }
            // The slot is in sync on the ring thread before the conductor records it (it flushes
            // the new member first), so wait for both.
            return inSync(array, 0, "e/disk3") && status.rebuilding().isEmpty();
        }, "the rebuild finished and was recorded");
        assertEquals(List.of(), array.status().rebuilding());
        assertEquals(List.of(), array.status().spares(), "the spare is a member now");
        assertTrue(!seen.isEmpty(), "the rebuild was never seen running");
        seen.forEach(r -> assertEquals(List.of(new MemberStatus(0, "e/disk3", "rebuilding")), r));
        array.close();
    }

    @Test
    void shouldActivateNothingWhenAutomaticAllocationIsOffAndSaySo() throws Exception {
        MdArrayDevice array = raid5(disks("f", 4), 1);
        array.md().autoSpare(false);
        List<Integer> asked = new CopyOnWriteArrayList<>();
        array.spareProvider((name, slot, minimumBytes) -> asked.add(slot));
        array.failMember(1);
        waitFor(() -> !spareNotUsed().isEmpty(), "SpareNotUsed");
        assertTrue(spareNotUsed().get(0).reason().contains("hot_spare_auto_allocate is off"),
                spareNotUsed().get(0).reason());
        assertEquals("degraded", array.status().state());
        assertEquals(List.of("f/disk3"), array.status().spares(), "the spare stays idle");
        assertEquals("idle", array.sync().action());
        assertEquals(List.of(), asked);
        array.close();
    }
}
