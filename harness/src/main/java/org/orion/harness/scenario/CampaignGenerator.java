package org.orion.harness.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a seed into a random scenario: a level from the campaign's list, a topology for it, a
 * workload, and one to three faults. Everything but the level depends only on the seed and the
 * level, so {@code --seeds 1 --seed X --levels L} replays seed X of any campaign that gave it level L.
 *
 * <h2>What it generates</h2>
 * <ul>
 *   <li>2 to 6 members of heap disks (md puts the data 1 MiB in), a layout of the level, a spare half
 *       the time (not for RAID0), volatile caches half the time; disk, chunk and request sizes come
 *       from the {@link CampaignProfile} (by default 2 or 3 MiB disks, chunks of 4 to 64 KiB).</li>
 *   <li>120 to 240 operations, 30 to 60 % reads, random or sequential, a flush every 4 to 32
 *       operations, 1 to 4 in flight at once.</li>
 *   <li>Faults: fail-stop, pull then reinsert, latent sector errors, slow disk, timeout, power loss
 *       (torn or not), a second fail-stop while the spare is being rebuilt, and silent corruption
 *       (only first, on a redundant level, followed at once by a check that rewrites what it found,
 *       or a repair on RAID6: corruption the array cannot see is caught by the model, not survived).</li>
 * </ul>
 */
final class CampaignGenerator {
    private static final String[] PARITY_LAYOUTS = {"left-symmetric", "left-asymmetric", "right-symmetric",
        "right-asymmetric", "parity-first", "parity-last"};
    private static final long MIB = 1L << 20;

    private CampaignGenerator() {
    }

    /** The level seed {@code seed} runs at in a campaign over {@code levels}. */
    static int levelFor(long seed, List<Integer> levels) {
        return levels.get((int) Long.remainderUnsigned(new SplittableRandom(seed).nextLong(), levels.size()));
    }

    static Scenario scenario(long seed, List<Integer> levels) {
        return scenario(seed, levels, CampaignProfile.SMALL);
    }

    static Scenario scenario(long seed, List<Integer> levels, CampaignProfile profile) {
        int level = levelFor(seed, levels);
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + level);
        int members = switch (level) {
            case 0 -> 2 + r.nextInt(3);
            case 1 -> 2 + r.nextInt(2);
            case 4, 5 -> 3 + r.nextInt(3);
            case 6 -> 4 + r.nextInt(3);
            default -> 2 + r.nextInt(3);
        };
        String layout = switch (level) {
            case 4 -> "parity-last";
            case 5, 6 -> PARITY_LAYOUTS[r.nextInt(PARITY_LAYOUTS.length)];
            case 10 -> new String[] {"n2", "f2", "o2"}[r.nextInt(3)];
            default -> "";
        };
        int chunk = profile.chunkBytes(r);
        long diskBytes = profile.diskBytes(r);
        boolean cache = r.nextBoolean();
        boolean spare = level != 0 && r.nextBoolean();
        List<Topology.DiskDef> disks = new ArrayList<>();
        List<String> memberNames = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            disks.add(new Topology.DiskDef("d" + i, diskBytes, cache));
            memberNames.add("d" + i);
        }
        List<String> spares = spare ? List.of("s0") : List.of();
        if (spare) {
            disks.add(new Topology.DiskDef("s0", diskBytes, cache));
        }
        Topology topology = new Topology(List.of(new Topology.ControllerDef("sim" + (r.nextBoolean() ? "sata" : "nvme"),
                r.nextBoolean() ? "sata" : "nvme", disks)),
                new Topology.ArrayDef("c" + Long.toUnsignedString(seed, 36), level, layout, chunk, memberNames, spares, true));
        int operations = 120 + r.nextInt(121);
        boolean sequential = profile.sequential(r);
        int readPercent = 30 + r.nextInt(31);
        Workload workload = new Workload(operations, sequential, readPercent, 4096, profile.maxRequestBytes(r),
                4 + r.nextInt(29), 1 + r.nextInt(4), 1_000_000, seed);
        List<Step> steps = faults(r, level, memberNames, spare, diskBytes, operations);
        return new Scenario("seed " + seed, "campaign seed " + seed, "raid" + level + " " + layout + " x" + members,
                topology, workload, steps, new Expectations(Expectations.DataRule.REDUNDANCY, null, List.of(),
                List.of(), false));
    }

    private static List<Step> faults(SplittableRandom r, int level, List<String> members, boolean spare,
                                     long diskBytes, int operations) {
        List<Step> steps = new ArrayList<>();
        int count = 1 + r.nextInt(3);
        long at = 10 + r.nextInt(operations / 3);
        long dataBytes = diskBytes - MIB;
        if (level != 0 && r.nextInt(6) == 0) {
            // Silent corruption first, on a healthy redundant array, found at once by a scrub.
            String disk = members.get(r.nextInt(members.size()));
            long offset = r.nextLong(dataBytes / 2 / 4096) * 4096;
            steps.add(new Step(at, -1, StepKind.SILENT_CORRUPTION, disk, offset, 4096L << r.nextInt(3), 0, 0,
                    List.of(), false));
            steps.add(new Step(at, -1, level == 6 ? StepKind.REPAIR : StepKind.CHECK, null, 0, 0, 0, 0, List.of(),
                    level != 6));
            count--;
            at += 5 + r.nextInt(20);
        }
        java.util.Set<String> dead = new java.util.HashSet<>();
        for (int i = 0; i < count && at < operations; i++) {
            String disk = members.get(r.nextInt(members.size()));
            if (dead.contains(disk)) {
                // A disk that failed for good is not pulled, slowed or failed again.
                continue;
            }
            switch (r.nextInt(8)) {
                case 0, 1 -> {
                    steps.add(Step.of(at, StepKind.FAIL_STOP, disk));
                    dead.add(disk);
                    if (spare && r.nextBoolean()) {
                        String second = members.get((members.indexOf(disk) + 1 + r.nextInt(members.size() - 1))
                                % members.size());
                        steps.add(new Step(at + 1, 10 + r.nextInt(70), StepKind.FAIL_STOP, second, 0, 0, 0, 0,
                                List.of(), false));
                        return steps;
                    }
                }
                case 2 -> {
                    steps.add(Step.of(at, StepKind.PULL, disk));
                    at += 3 + r.nextInt(20);
                    steps.add(Step.of(Math.min(at, operations), StepKind.REINSERT, disk));
                }
                case 3 -> steps.add(new Step(at, -1, StepKind.LATENT_SECTOR_ERROR, disk,
                        r.nextLong(dataBytes / 2 / 512) * 512, 512L << r.nextInt(5), 0, 0, List.of(), false));
                case 4 -> steps.add(new Step(at, -1, StepKind.SLOW, disk, 0, 0, (1 + r.nextInt(20)) * 1_000_000L, 0,
                        List.of(), false));
                case 5 -> steps.add(Step.of(at, StepKind.TIMEOUT, disk));
                default -> steps.add(new Step(at, -1, StepKind.POWER_LOSS, null, 0, 0, 0,
                        r.nextBoolean() ? 0 : 50, List.of(), false));
            }
            at += 5 + r.nextInt(Math.max(1, operations / 3));
        }
        return fixTorn(steps);
    }

    /** A scenario has one torn-write rule: every power loss uses the first one's. */
    private static List<Step> fixTorn(List<Step> steps) {
        int torn = steps.stream().filter(s -> s.kind() == StepKind.POWER_LOSS).mapToInt(Step::tornPercent)
                .findFirst().orElse(0);
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            out.add(s.kind() != StepKind.POWER_LOSS ? s : new Step(s.atOp(), -1, StepKind.POWER_LOSS, null, 0, 0, 0,
                    torn, List.of(), false));
        }
        return out;
    }
}
