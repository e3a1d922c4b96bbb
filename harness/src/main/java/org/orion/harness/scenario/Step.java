package org.orion.harness.scenario;

import java.util.List;

/**
 * One scheduled fault or action. It happens before operation {@code atOp} is submitted (operations
 * are numbered from 0; {@code atOp == operations} means after the last one), or, when
 * {@code atRebuildPercent >= 0}, at the first operation boundary from {@code atOp} on at which a
 * rebuild (recovery) is running and has covered at least that share of the array.
 *
 * @param atOp             operation boundary
 * @param atRebuildPercent 0..99 to wait for a rebuild that far, or -1
 * @param kind             what happens
 * @param disk             the disk it happens to, or null
 * @param offsetBytes      latent errors and corruption: where, relative to the start of the member's data area
 * @param lengthBytes      latent errors and corruption: how much (a multiple of 512)
 * @param extraNanos       slow: added latency per request
 * @param tornPercent      power loss: chance (0..100) that an unflushed 4 KiB block keeps its new content
 * @param missing          stop_and_assemble: disks left out of the assembly
 * @param force            stop_and_assemble, power_loss: assemble a dirty degraded array anyway; check and repair:
 *                         rewrite the ranges the pass reported (as restoring them from a backup would)
 */
public record Step(long atOp, int atRebuildPercent, StepKind kind, String disk, long offsetBytes, long lengthBytes,
                   long extraNanos, int tornPercent, List<String> missing, boolean force) {
    public Step {
        missing = List.copyOf(missing);
    }

    /** A step with only a kind and a disk (or null). */
    public static Step of(long atOp, StepKind kind, String disk) {
        return new Step(atOp, -1, kind, disk, 0, 0, 0, 0, List.of(), false);
    }

    /** One line for logs and traces: {@code @42 fail_stop d1}. */
    public String describe() {
        StringBuilder out = new StringBuilder("@").append(atOp);
        if (atRebuildPercent >= 0) {
            out.append(" (rebuild>=").append(atRebuildPercent).append("%)");
        }
        out.append(' ').append(kind.configName());
        if (disk != null) {
            out.append(' ').append(disk);
        }
        if (kind == StepKind.LATENT_SECTOR_ERROR || kind == StepKind.SILENT_CORRUPTION) {
            out.append(" +").append(offsetBytes).append(" len ").append(lengthBytes);
        }
        if (kind == StepKind.SLOW) {
            out.append(" +").append(extraNanos / 1000).append("us");
        }
        if (kind == StepKind.POWER_LOSS) {
            out.append(" torn ").append(tornPercent).append('%');
        }
        if (!missing.isEmpty()) {
            out.append(" without ").append(String.join(",", missing));
        }
        if (force) {
            out.append(kind == StepKind.STOP_AND_ASSEMBLE || kind == StepKind.POWER_LOSS ? " --force" : " rewrite");
        }
        return out.toString();
    }
}
