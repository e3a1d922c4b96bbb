package org.orion.hw.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    @Test
    void shouldShowTheSeedInDecimalAndHex() {
        FaultPlan plan = FaultPlan.builder(255).lostWrite(Trigger.atOperation(3)).build();
        assertTrue(plan.toString().startsWith("FaultPlan[seed=255 (0xff), faults=[LostWrite"), plan.toString());
        assertEquals(255, plan.seed());
    }

    @Test
    void shouldDrawRandomLatentSectorsFromTheSeed() {
        FaultPlan a = FaultPlan.builder(5).randomLatentSectorErrors(4, 1L << 30, Trigger.atOperation(0)).build();
        FaultPlan b = FaultPlan.builder(5).randomLatentSectorErrors(4, 1L << 30, Trigger.atOperation(0)).build();
        FaultPlan c = FaultPlan.builder(6).randomLatentSectorErrors(4, 1L << 30, Trigger.atOperation(0)).build();
        assertEquals(a, b);
        assertNotEquals(a, c);
        for (Fault fault : a.faults()) {
            Fault.LatentSectorError lse = (Fault.LatentSectorError) fault;
            assertEquals(0, lse.firstSector() % 8, "aligned to a 4 KiB physical sector");
            assertTrue(lse.firstSector() + lse.sectorCount() <= (1L << 30) / 512);
        }
    }

    @Test
    void shouldBeAnImmutableValue() {
        List<Fault> faults = new ArrayList<>(List.of(new Fault.LostWrite(Trigger.always())));
        FaultPlan plan = new FaultPlan(1, faults);
        faults.clear();
        assertEquals(1, plan.faults().size());
        assertThrows(UnsupportedOperationException.class, () -> plan.faults().clear());
        assertTrue(FaultPlan.none().isEmpty());
    }

    @Test
    void shouldRejectBadFaultValuesWithClearMessages() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Trigger.withProbability(1.5))
                .getMessage().contains("probability 1.5 must be between 0 and 1"));
        assertThrows(IllegalArgumentException.class, () -> Trigger.withProbability(Double.NaN));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Trigger.atOperation(-1))
                .getMessage().contains("numbered from 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Fault.SlowIo(Trigger.always(), 0))
                .getMessage().contains("must be positive"));
        assertThrows(IllegalArgumentException.class, () -> new Fault.LatentSectorError(-1, 8, Trigger.always()));
        assertThrows(IllegalArgumentException.class, () -> new Fault.LatentSectorError(0, 0, Trigger.always()));
        assertThrows(IllegalArgumentException.class, () -> new Fault.Timeout(Trigger.always(), -5));
        assertThrows(NullPointerException.class, () -> new Fault.FailStop(null));
        String twoTorn = assertThrows(IllegalArgumentException.class, () -> FaultPlan.builder(9)
                .tornWritesAtPowerLoss(0.1).tornWritesAtPowerLoss(0.2).build()).getMessage();
        assertTrue(twoTorn.contains("seed 9") && twoTorn.contains("at most one"), twoTorn);
    }

    @Test
    void shouldRejectFaultsThatDoNotFitTheDevice() {
        try (FaultRig rig = new FaultRig(FaultPlan.none())) {
            long sectors = FaultRig.CAPACITY_BYTES / 512;
            String beyond = assertThrows(IllegalArgumentException.class, () -> new FaultyBlockDevice(rig.disk,
                    FaultPlan.builder(1).latentSectorError(sectors - 4, 8).build())).getMessage();
            assertTrue(beyond.contains("runs past the end") && beyond.contains(sectors + " sectors"), beyond);
            String misaligned = assertThrows(IllegalArgumentException.class, () -> new FaultyBlockDevice(rig.disk,
                    FaultPlan.of(1, new Fault.MisdirectedWrite(Trigger.always(), 100)))).getMessage();
            assertTrue(misaligned.contains("not a multiple of the 512-byte block"), misaligned);
        }
    }
}
