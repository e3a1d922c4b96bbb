package org.orion.hw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.orion.driver.api.io.IoOp;

class LatencyModelTest {
    @Test
    void shouldChargeABaseCostPlusACostPerByteMoved() {
        LatencyModel model = new LatencyModel(1_000, 2_000, 50_000, 500, 2_000);
        assertEquals(1_000 + 4096 * 500 / 1000, model.serviceNanos(IoOp.READ, 4096));
        assertEquals(2_000 + 4096 * 2, model.serviceNanos(IoOp.WRITE, 4096));
        assertEquals(50_000, model.serviceNanos(IoOp.FLUSH, 0));
        assertEquals(2_000, model.serviceNanos(IoOp.DISCARD, 1 << 30), "discard moves no bytes");
        assertEquals(2_000, model.serviceNanos(IoOp.WRITE_ZEROES, 1 << 30));
    }

    @Test
    void shouldNotOverflowForTheLargestTransfer() {
        LatencyModel slow = new LatencyModel(0, 0, 0, 1_000_000_000L, 1_000_000_000L);
        assertTrue(slow.serviceNanos(IoOp.READ, Integer.MAX_VALUE) > 0);
    }

    @Test
    void shouldDeriveTheCostPerByteFromATransferRate() {
        LatencyModel model = LatencyModel.of(10, 20, 30, 1_000_000_000L);
        assertEquals(1_000, model.readPicosPerByte(), "1 GB/s is 1 ns per byte");
        assertEquals(10 + 1_000_000, model.serviceNanos(IoOp.READ, 1_000_000));
        assertThrows(IllegalArgumentException.class, () -> LatencyModel.of(0, 0, 0, 0));
    }

    @Test
    void shouldKnowWhenItIsZero() {
        assertTrue(LatencyModel.ZERO.isZero());
        assertFalse(new LatencyModel(0, 0, 1, 0, 0).isZero());
        assertFalse(SimPersonality.NVME.defaultLatency().isZero());
    }

    @Test
    void shouldRejectNegativeCostsNamingTheField() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> new LatencyModel(0, -1, 0, 0, 0)).getMessage();
        assertTrue(message.contains("writeBaseNanos is -1"), message);
    }

    @Test
    void shouldGiveFasterPersonalitiesShorterDefaultLatencies() {
        long sata = SimPersonality.SATA.defaultLatency().serviceNanos(IoOp.READ, 4096);
        long sas = SimPersonality.SAS.defaultLatency().serviceNanos(IoOp.READ, 4096);
        long nvme = SimPersonality.NVME.defaultLatency().serviceNanos(IoOp.READ, 4096);
        assertTrue(sata > sas && sas > nvme, sata + " > " + sas + " > " + nvme);
    }
}
