package org.orion.harness.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.orion.harness.config.ByteSizes;
import org.orion.harness.config.TomlSection;

/**
 * The {@code [[schedule]]} entries of a scenario: when ({@code at_op}, {@code at_time_ms} or
 * {@code at_rebuild_percent}), what ({@code kind}) and to which disk, with the keys each kind takes.
 * Entries must come in time order. A time is converted to the first operation boundary at or after
 * it ({@code at_time_ms / op_interval}, rounded up): simulated time advances {@code op_interval} per
 * operation.
 */
final class ScheduleReader {
    private static final String[] KEYS = {"at_op", "at_time_ms", "at_rebuild_percent", "kind", "disk", "offset",
        "length", "extra_latency_us", "torn_percent", "missing", "force", "rewrite"};

    private ScheduleReader() {
    }

    static List<Step> read(TomlSection root, Map<String, Topology.DiskDef> disks, Topology.ArrayDef array,
                           Workload workload) {
        List<Step> out = new ArrayList<>();
        int torn = -1;
        for (TomlSection s : root.tables("schedule", i -> "[[schedule]] #" + (i + 1), KEYS)) {
            s.rejectUnknownKeys();
            String kindName = s.requiredString("kind", StepKind.allowed());
            StepKind kind = StepKind.ofConfigName(kindName)
                    .orElseThrow(() -> s.problem("kind", "is not a step kind", StepKind.allowed()));
            long atOp = at(s, workload);
            if (!out.isEmpty() && atOp < out.get(out.size() - 1).atOp()) {
                throw s.problem(s.has("at_op") ? "at_op" : "at_time_ms", "comes before the entry above it",
                        "entries in time order");
            }
            int rebuildPercent = (int) s.integer("at_rebuild_percent", -1, 0, 99);
            String disk = null;
            if (kind.needsDisk()) {
                disk = s.requiredString("disk", "a disk name: " + String.join(", ", disks.keySet()));
                if (!disks.containsKey(disk)) {
                    throw s.problem("disk", "names a disk no controller has", String.join(", ", disks.keySet()));
                }
            } else if (s.has("disk")) {
                throw s.problem("disk", "is not used by " + kindName, "leave 'disk' out");
            }
            long offset = 0;
            long length = 0;
            if (kind == StepKind.LATENT_SECTOR_ERROR || kind == StepKind.SILENT_CORRUPTION) {
                long diskBytes = disks.get(disk).sizeBytes();
                offset = s.size("offset", "0", 0, diskBytes);
                length = s.size("length", "4K", 512, diskBytes);
                if (offset % 512 != 0 || length % 512 != 0) {
                    throw s.problem(offset % 512 != 0 ? "offset" : "length", "is not a multiple of 512 bytes",
                            "whole sectors");
                }
                if (offset + length > diskBytes) {
                    throw s.problem("length", "runs past the end of disk " + disk + " ("
                            + ByteSizes.exact(diskBytes) + ")", "a range inside the member's data area");
                }
            }
            long extraNanos = kind == StepKind.SLOW ? s.integer("extra_latency_us", 5000, 1, 10_000_000) * 1000 : 0;
            int tornPercent = kind == StepKind.POWER_LOSS ? (int) s.integer("torn_percent", 0, 0, 100) : 0;
            if (kind == StepKind.POWER_LOSS) {
                if (torn >= 0 && tornPercent != torn) {
                    throw s.problem("torn_percent", "differs from an earlier power_loss", "one torn_percent per scenario");
                }
                torn = tornPercent;
            }
            List<String> missing = s.stringList("missing", "disk names to leave out of the assembly");
            for (String m : missing) {
                if (!disks.containsKey(m)) {
                    throw s.problem("missing", "names disk '" + m + "', which no controller has",
                            String.join(", ", disks.keySet()));
                }
            }
            boolean assembles = kind == StepKind.STOP_AND_ASSEMBLE || kind == StepKind.POWER_LOSS;
            if (s.has(assembles ? "rewrite" : "force")) {
                throw s.problem(assembles ? "rewrite" : "force", "is not used by " + kindName,
                        assembles ? "force" : "rewrite (check, repair)");
            }
            boolean flag = assembles ? s.bool("force", false) : s.bool("rewrite", false);
            out.add(new Step(atOp, rebuildPercent, kind, disk, offset, length, extraNanos, tornPercent, missing, flag));
        }
        return out;
    }

    private static long at(TomlSection s, Workload workload) {
        if (s.has("at_op") && s.has("at_time_ms")) {
            throw s.problem("at_time_ms", "is given together with at_op", "one of at_op and at_time_ms");
        }
        if (s.has("at_time_ms")) {
            long nanos = s.integer("at_time_ms", 0, 0, Long.MAX_VALUE / 1_000_000_000L) * 1_000_000;
            long op = (nanos + workload.opIntervalNanos() - 1) / workload.opIntervalNanos();
            if (op > workload.operations()) {
                throw s.problem("at_time_ms", "is after the last operation", "0.." + workload.operations()
                        * workload.opIntervalNanos() / 1_000_000 + " ms");
            }
            return op;
        }
        return s.integer("at_op", 0, 0, workload.operations());
    }
}
