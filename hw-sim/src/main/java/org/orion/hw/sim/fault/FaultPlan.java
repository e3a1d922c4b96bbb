package org.orion.hw.sim.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.orion.driver.api.block.BlockDeviceInfo;

/**
 * A seed and the faults to inject: everything needed to replay a fault scenario. Every random
 * choice (probabilistic triggers, which bit flips, where a misdirected write lands, which blocks
 * tear, where random latent sector errors sit) derives from the seed, so the same plan with the
 * same I/O sequence produces the same faults; {@link #toString()} prints the seed so a failing run
 * can be reproduced.
 *
 * @param seed   the seed every random choice derives from
 * @param faults the faults, in the order they are evaluated (the order is part of the plan)
 */
public record FaultPlan(long seed, List<Fault> faults) {
    public FaultPlan {
        faults = List.copyOf(faults);
        long torn = faults.stream().filter(f -> f instanceof Fault.TornWriteAtPowerLoss).count();
        if (torn > 1) {
            throw new IllegalArgumentException("fault plan (seed " + seed + ") has " + torn
                    + " TornWriteAtPowerLoss faults: give at most one");
        }
    }

    /** No faults: the wrapped device behaves exactly as itself. */
    public static FaultPlan none() {
        return new FaultPlan(0, List.of());
    }

    public static FaultPlan of(long seed, Fault... faults) {
        return new FaultPlan(seed, List.of(faults));
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    public boolean isEmpty() {
        return faults.isEmpty();
    }

    /**
     * Checks that every fault fits a device of this geometry: latent errors inside it, misdirection by
     * whole logical blocks.
     *
     * @throws IllegalArgumentException naming the device, the fault and the fix
     */
    public void checkFits(BlockDeviceInfo device) {
        long capacitySectors = device.capacityBytes() >>> 9;
        for (Fault fault : faults) {
            if (fault instanceof Fault.LatentSectorError) {
                Fault.LatentSectorError lse = (Fault.LatentSectorError) fault;
                if (lse.firstSector() + lse.sectorCount() > capacitySectors) {
                    throw new IllegalArgumentException(device.name() + ": " + lse + " runs past the end of the device ("
                            + capacitySectors + " sectors): choose sectors below " + capacitySectors);
                }
            } else if (fault instanceof Fault.MisdirectedWrite) {
                long displacement = ((Fault.MisdirectedWrite) fault).displacementBytes();
                if (displacement % device.logicalBlockBytes() != 0) {
                    throw new IllegalArgumentException(device.name() + ": " + fault + " moves writes by " + displacement
                            + " bytes, not a multiple of the " + device.logicalBlockBytes() + "-byte block: use a multiple");
                }
            }
        }
    }

    @Override
    public String toString() {
        return "FaultPlan[seed=" + seed + " (0x" + Long.toHexString(seed) + "), faults=" + faults + "]";
    }

    /** Builds a plan; the random helpers draw from the plan's seed in call order. */
    public static final class Builder {
        /** The size of a latent error drawn at random: one 4 KiB physical sector. */
        private static final long RANDOM_ERROR_SECTORS = 8;

        private final long seed;
        private final SplittableRandom random;
        private final List<Fault> faults = new ArrayList<>();

        private Builder(long seed) {
            this.seed = seed;
            this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        }

        public Builder add(Fault fault) {
            faults.add(Objects.requireNonNull(fault, "fault"));
            return this;
        }

        public Builder failStop(Trigger when) {
            return add(new Fault.FailStop(when));
        }

        /** Sectors that fail to read from the start until rewritten. */
        public Builder latentSectorError(long firstSector, long sectorCount) {
            return add(new Fault.LatentSectorError(firstSector, sectorCount, Trigger.atOperation(0)));
        }

        /**
         * {@code count} latent errors of one 4 KiB physical sector each, at sectors drawn from the
         * seed within a device of {@code capacityBytes}, appearing when {@code when} fires.
         */
        public Builder randomLatentSectorErrors(int count, long capacityBytes, Trigger when) {
            long physicalSectors = capacityBytes / (RANDOM_ERROR_SECTORS * 512);
            if (count < 0 || physicalSectors < 1) {
                throw new IllegalArgumentException("random latent sector errors: need a count of zero or more ("
                        + count + ") and a device of at least 4096 bytes (" + capacityBytes + ")");
            }
            for (int i = 0; i < count; i++) {
                long first = random.nextLong(physicalSectors) * RANDOM_ERROR_SECTORS;
                add(new Fault.LatentSectorError(first, RANDOM_ERROR_SECTORS, when));
            }
            return this;
        }

        public Builder bitFlipOnRead(Trigger when) {
            return add(new Fault.BitFlipOnRead(when));
        }

        public Builder lostWrite(Trigger when) {
            return add(new Fault.LostWrite(when));
        }

        /** A misdirected write whose target is drawn from the seed. */
        public Builder misdirectedWrite(Trigger when) {
            return add(new Fault.MisdirectedWrite(when, 0));
        }

        public Builder slowIo(long extraNanos, double probability) {
            return add(new Fault.SlowIo(Trigger.withProbability(probability), extraNanos));
        }

        public Builder timeout(Trigger when, long afterNanos) {
            return add(new Fault.Timeout(when, afterNanos));
        }

        public Builder tornWritesAtPowerLoss(double survivalProbability) {
            return add(new Fault.TornWriteAtPowerLoss(survivalProbability));
        }

        public FaultPlan build() {
            return new FaultPlan(seed, faults);
        }
    }
}
