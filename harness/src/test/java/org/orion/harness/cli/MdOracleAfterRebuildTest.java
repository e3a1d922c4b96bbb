package org.orion.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.orion.driver.api.array.ArrayDevice;
import org.orion.driver.api.array.MemberStatus;
import org.orion.driver.api.block.SyncIo;
import org.orion.driver.api.event.DriverEvent;
import org.orion.driver.api.time.NanoClock;
import org.orion.harness.ArrayHost;
import org.orion.harness.Kernel;
import org.orion.harness.config.ConfigLoader;
import org.orion.harness.config.OrionConfig;
import org.orion.harness.spare.SparePool;

/**
 * Linux md after an Orion rebuild. A kernel in this JVM (as {@code orion serve} runs it, on
 * simulated disks whose media are the image files) creates three arrays, fills each with the
 * oracle's pattern, fails one member of each and lets the spare machinery rebuild it to the end:
 * <ul>
 *   <li>RAID5 of 4: a global pool disk takes the slot;</li>
 *   <li>RAID6 of 5: its own hot spare takes the slot;</li>
 *   <li>RAID1 of 2: the RAID6's second spare moves over (same spare group, MoveSpare).</li>
 * </ul>
 * The arrays are stopped cleanly; then real Linux md (the oracle VM, one boot for all three)
 * assembles each from the images of its current members: assembled without --force, no resync
 * started at assembly, the whole array's sha256 equals the pattern's, and {@code check} leaves
 * mismatch_cnt 0.
 */
@Tag("md-oracle")
class MdOracleAfterRebuildTest {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(300);
    private static final int PATTERN_BYTES = 48 << 20;
    private static final int WRITE_BYTES = 1 << 20;

    /** Array name, md level, and the slot failed after the fill. */
    private record Case(String name, int level, int failSlot) {
    }

    private static final List<Case> CASES = List.of(new Case("r5", 5, 1), new Case("r6", 6, 2), new Case("r1", 1, 0));

    @TempDir
    Path dir;

    @Test
    void shouldHaveLinuxMdFindEveryArrayCleanAndIntactAfterOrionRebuiltAMemberOntoASpare() throws Exception {
        var why = MdOracle.unavailable();
        Assumptions.assumeTrue(why.isEmpty(), () -> "md oracle cannot run here: " + why.orElse(""));
        byte[] pattern = ArrayImages.pattern(PATTERN_BYTES);
        OrionConfig config = ConfigLoader.parse(toml(), dir, "rebuild.toml");
        Map<String, List<String>> membersAfter = new LinkedHashMap<>();
        Map<String, Integer> bytes = new LinkedHashMap<>();
        List<DriverEvent> events = new CopyOnWriteArrayList<>();
        try (Kernel kernel = Kernel.create(config, NanoClock.system())) {
            kernel.events().subscribe(events::add);
            kernel.attachHardware();
            kernel.startDrivers();
            ArrayHost host = new ArrayHost(kernel);
            SparePool pool = null;
            try {
                host.startConfigured(config);
                pool = SparePool.start(kernel, host, config);
                for (Case c : CASES) {
                    ArrayDevice array = host.require(c.name()).device();
                    await(c.name() + "'s creation resync", () -> array.sync().action().equals("idle"));
                    int size = (int) array.info().capacityBytes();
                    bytes.put(c.name(), size);
                    for (int at = 0; at < size; at += WRITE_BYTES) {
                        byte[] piece = java.util.Arrays.copyOfRange(pattern, at, Math.min(size, at + WRITE_BYTES));
                        SyncIo.writeBytes(array, at, piece, 0);
                    }
                    SyncIo.flush(array);
                }
                // One at a time, so which spare goes where is decided, not raced: r5 takes the pool disk,
                // r6 its own first spare, and r1, with the pool empty, borrows r6's second spare.
                for (Case c : CASES) {
                    ArrayDevice array = host.require(c.name()).device();
                    array.failMember(c.failSlot());
                    String failed = c.name() + "-d" + c.failSlot();
                    await(c.name() + " rebuilt (" + events.stream().map(e -> e.kind() + " " + e.subject()).toList()
                            + ")", () -> {
                        var status = array.status();
                        return status.state().equals("clean") && array.sync().action().equals("idle")
                                && status.rebuilding().isEmpty()
                                && !status.members().get(c.failSlot()).name().endsWith("/" + failed);
                    });
                    membersAfter.put(c.name(), array.status().members().stream().map(MemberStatus::name).toList());
                }
            } finally {
                if (pool != null) {
                    pool.close();
                }
                host.close();
            }
        }
        assertEquals("pool/p0", membersAfter.get("r5").get(1), "the pool disk took r5's slot");
        assertEquals("disks/r6-s0", membersAfter.get("r6").get(2), "r6's own spare took its slot");
        assertEquals("disks/r6-s1", membersAfter.get("r1").get(0), "r6's other spare moved to r1");
        assertTrue(events.stream().anyMatch(e -> e.equals(new DriverEvent.MoveSpare(e.atNanos(), "r1", "disks/r6-s1",
                "r6"))), "MoveSpare from r6 to r1");

        List<Path> images = new ArrayList<>();
        StringBuilder arrays = new StringBuilder();
        for (int idx = 0; idx < CASES.size(); idx++) {
            Case c = CASES.get(idx);
            List<String> members = membersAfter.get(c.name());
            arrays.append(idx).append(':').append(c.level()).append(':').append(members.size()).append(":-1:")
                    .append(images.size()).append(' ');
            members.forEach(m -> images.add(image(m)));
        }
        long started = System.nanoTime();
        MdOracle.Run run = MdOracle.vmRun("after-orion-rebuild", "ARRAYS=\"" + arrays.toString().trim() + "\"",
                "guest-verify-batch.sh", images, true);
        System.out.printf("md oracle: one boot for %d arrays took %d s%n", CASES.size(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
        assertEquals(0, run.exitCode(), "the oracle VM failed; log: " + run.log());
        List<String> problems = new ArrayList<>();
        for (int idx = 0; idx < CASES.size(); idx++) {
            Case c = CASES.get(idx);
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("assembled", "yes");
            expected.put("sync_action", "idle");
            expected.put("resyncs", "0");
            expected.put("bytes", Integer.toString(bytes.get(c.name())));
            expected.put("sha256", ArrayImages.sha256(pattern, bytes.get(c.name())));
            expected.put("mismatch_cnt", "0");
            for (Map.Entry<String, String> e : expected.entrySet()) {
                String got = run.result("a" + idx + "_" + e.getKey());
                if (!got.equals(e.getValue())) {
                    problems.add(c.name() + ": " + e.getKey() + " = " + got + ", expected " + e.getValue()
                            + "\n--- what md said:\n" + run.excerpt(idx));
                }
            }
        }
        assertTrue(problems.isEmpty(), "Linux md disagrees after Orion's rebuilds:\n" + String.join("\n", problems));
    }

    /** Image file of a simulated disk: {@code <dir>/<controller>-<disk>.img}. */
    private Path image(String device) {
        return dir.resolve(device.replace('/', '-') + ".img");
    }

    /** Disks on image files (zero latency); r6 lends spares to r1 through spare group "g". */
    private static String toml() {
        StringBuilder disks = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            names.add("r5-d" + i);
        }
        for (int i = 0; i < 5; i++) {
            names.add("r6-d" + i);
        }
        names.addAll(List.of("r6-s0", "r6-s1", "r1-d0", "r1-d1"));
        for (String name : names) {
            disks.append("[[controllers.disks]]\nname = \"").append(name).append("\"\nsize = \"16MB\"\npath = \"disks-")
                    .append(name).append(".img\"\n");
        }
        return "[kernel]\nstate_dir = \"var\"\n[raid]\nrebuild_priority = \"high\"\n"
                + "[[controllers]]\nname = \"disks\"\ntransport = \"sata\"\nlatency = \"zero\"\n" + disks
                + "[[controllers]]\nname = \"pool\"\ntransport = \"nvme\"\nlatency = \"zero\"\n"
                + "[[controllers.disks]]\nname = \"p0\"\nsize = \"16MB\"\npath = \"pool-p0.img\"\n"
                + array("r5", 5, "disks/r5-d", 4, "")
                + array("r6", 6, "disks/r6-d", 5, "spares = [\"disks/r6-s0\", \"disks/r6-s1\"]\nspare_group = \"g\"\n")
                + array("r1", 1, "disks/r1-d", 2, "spare_group = \"g\"\n")
                + "[[spare_groups]]\nname = \"g\"\n[spares]\npool = [\"pool/p0\"]\n";
    }

    private static String array(String name, int level, String prefix, int members, String extra) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            list.add("\"" + prefix + i + "\"");
        }
        return "[[arrays]]\nname = \"" + name + "\"\nlevel = " + level + (level == 1 ? "" : "\nchunk = \"64KB\"")
                + "\nmembers = [" + String.join(", ", list) + "]\ncreate = \"on-first-start\"\n" + extra;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
