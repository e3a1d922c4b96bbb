package org.orion.harness.scenario;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a scheduled step does: a fault injected into the simulated hardware, or an administrator's
 * action. {@link #configName()} is what scenario files write; {@link #faultClass()} groups faults for
 * the campaign summary (null for actions).
 */
public enum StepKind {
    /** The disk stops answering for good: every request fails with NO_DEVICE. */
    FAIL_STOP("fail-stop", true),
    /** Surprise removal: power lost on that disk, requests refused until reinserted. */
    PULL("pull", true),
    /** A pulled disk goes back in and is re-added to the array (it rebuilds). */
    REINSERT("pull", true),
    /** Sectors of the member's data area become unreadable until rewritten. */
    LATENT_SECTOR_ERROR("latent-sector-error", true),
    /** Bytes of the member's data area are overwritten behind the array's back. */
    SILENT_CORRUPTION("silent-corruption", true),
    /** Every request of the disk completes later by a fixed simulated delay. */
    SLOW("slow-disk", true),
    /** The disk's next request times out. */
    TIMEOUT("timeout", true),
    /** Power cut to every disk: unflushed writes lost or torn, then the array is reassembled. */
    POWER_LOSS("power-loss", true),
    /** Clean stop, then assembly from the disks still present (optionally leaving some out). */
    STOP_AND_ASSEMBLE(null, false),
    /** Add a disk to the array (rebuilds an empty slot, or becomes a spare). */
    ADD(null, false),
    /** Run md's check and wait for it. */
    CHECK(null, false),
    /** Run md's repair and wait for it. */
    REPAIR(null, false),
    /** Wait for the running background pass (rebuild, resync) to end. */
    WAIT_SYNC(null, false);

    private final String faultClass;
    private final boolean fault;

    StepKind(String faultClass, boolean fault) {
        this.faultClass = faultClass;
        this.fault = fault;
    }

    /** The word scenario files use: {@code fail_stop}, {@code stop_and_assemble}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The campaign's fault class ({@code pull} and {@code reinsert} are one class), or null for an action. */
    public String faultClass() {
        return faultClass;
    }

    public boolean isFault() {
        return fault;
    }

    /** True if the step names a disk. */
    public boolean needsDisk() {
        return this != POWER_LOSS && this != STOP_AND_ASSEMBLE && this != CHECK && this != REPAIR && this != WAIT_SYNC;
    }

    public static Optional<StepKind> ofConfigName(String name) {
        return Arrays.stream(values()).filter(k -> k.configName().equals(name)).findFirst();
    }

    /** Every config name, for error messages. */
    public static String allowed() {
        return String.join(", ", Arrays.stream(values()).map(k -> "\"" + k.configName() + "\"").toList());
    }
}
