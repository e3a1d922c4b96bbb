package org.orion.hw.sim.fault;

import java.util.Objects;

/**
 * One kind of misbehaviour a {@link FaultyBlockDevice} can inject, as a value. A {@link FaultPlan}
 * is a seed plus a list of these. Sizes are in 512-byte sectors (md's unit) or bytes, as named.
 */
public sealed interface Fault {
    /**
     * The disk vanishes: the triggering request and everything after it is refused with
     * {@code NO_DEVICE}, requests still in flight complete with {@code NO_DEVICE}, and the disk's
     * own health verdict turns to failed.
     */
    record FailStop(Trigger when) implements Fault {
        public FailStop {
            Objects.requireNonNull(when, "FailStop trigger");
        }
    }

    /**
     * Sectors {@code [firstSector, firstSector + sectorCount)} become unreadable when the trigger
     * fires: reads touching them complete with {@code MEDIA_ERROR} until a write covers them, which
     * heals them (the drive remaps them). The disk's pending, reallocated and media-error counters
     * follow.
     */
    record LatentSectorError(long firstSector, long sectorCount, Trigger when) implements Fault {
        public LatentSectorError {
            Objects.requireNonNull(when, "LatentSectorError trigger");
            if (firstSector < 0 || sectorCount < 1 || firstSector > Long.MAX_VALUE / 512 - sectorCount) {
                throw new IllegalArgumentException("latent sector error at sector " + firstSector + " (+" + sectorCount
                        + "): the first sector must be zero or more and the count at least 1");
            }
        }
    }

    /** A triggered READ returns its data with one bit flipped (silent corruption in transit). */
    record BitFlipOnRead(Trigger when) implements Fault {
        public BitFlipOnRead {
            Objects.requireNonNull(when, "BitFlipOnRead trigger");
        }
    }

    /** A triggered WRITE completes OK but never reaches the medium. */
    record LostWrite(Trigger when) implements Fault {
        public LostWrite {
            Objects.requireNonNull(when, "LostWrite trigger");
        }
    }

    /**
     * A triggered WRITE completes OK but lands at another offset: {@code displacementBytes} further
     * on, or at an offset drawn from the seed when {@code displacementBytes} is 0. The intended range
     * keeps its old content. Targets wrap so that the whole write fits: they are taken modulo the
     * number of places a write of that length can start ({@code capacity - length + logicalBlock}
     * bytes' worth). The displacement must be a multiple of the device's logical block.
     */
    record MisdirectedWrite(Trigger when, long displacementBytes) implements Fault {
        public MisdirectedWrite {
            Objects.requireNonNull(when, "MisdirectedWrite trigger");
        }
    }

    /** A triggered request completes {@code extraNanos} later than the disk would complete it. */
    record SlowIo(Trigger when, long extraNanos) implements Fault {
        public SlowIo {
            Objects.requireNonNull(when, "SlowIo trigger");
            if (extraNanos <= 0) {
                throw new IllegalArgumentException("slow I/O fault: extra latency " + extraNanos + " ns must be positive");
            }
        }
    }

    /**
     * A triggered request is not performed and completes with {@code TIMEOUT} after
     * {@code afterNanos}: the disk did not answer in time. It always completes; a hung disk that
     * never answers is not something callers could survive, so it is not simulated.
     */
    record Timeout(Trigger when, long afterNanos) implements Fault {
        public Timeout {
            Objects.requireNonNull(when, "Timeout trigger");
            if (afterNanos < 0) {
                throw new IllegalArgumentException("timeout fault: delay " + afterNanos + " ns must be zero or more");
            }
        }
    }

    /**
     * At a power loss, each physical block holding writes that were not yet durable keeps its new
     * content with {@code survivalProbability} (drawn from the seed) instead of reverting: writes
     * tear at physical-block granularity. Needs a disk with a volatile cache to matter.
     */
    record TornWriteAtPowerLoss(double survivalProbability) implements Fault {
        public TornWriteAtPowerLoss {
            if (!(survivalProbability >= 0.0 && survivalProbability <= 1.0)) {
                throw new IllegalArgumentException("torn write fault: survival probability " + survivalProbability
                        + " must be between 0 and 1");
            }
        }
    }
}
