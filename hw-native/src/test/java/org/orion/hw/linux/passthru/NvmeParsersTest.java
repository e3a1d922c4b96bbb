package org.orion.hw.linux.passthru;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * NVMe parsers. No public raw binary dump of these pages was found, so the buffers are built here,
 * field by field at the offsets of the NVMe base specification, from values a real device reported
 * in published tool output (each test names its source). Parsing must give those values back.
 */
class NvmeParsersTest {
    @Test
    void shouldDecodeIdentifyControllerOfASamsungDataCenterDrive() {
        // Values from "nvme id-ctrl -H /dev/nvme2" on a Samsung MZWLJ7T6HALA, published in
        // github.com/tnear/linux, nvme-id-ctrl.md: vid 0x144d, ssvid 0x108e, sn S5RTNC0T104269,
        // mn SAMSUNG MZWLJ7T6HALA-00AU3, fr EPK9CR5Q, ieee 002538, mdts 8, cntlid 0x41, ver 0x10300, nn 32.
        ByteBuffer b = page(4096);
        b.putShort(0, (short) 0x144d).putShort(2, (short) 0x108e);
        ascii(b, 4, 20, "S5RTNC0T104269");
        ascii(b, 24, 40, "SAMSUNG MZWLJ7T6HALA-00AU3");
        ascii(b, 64, 8, "EPK9CR5Q");
        b.put(72, (byte) 8).put(73, (byte) 0x38).put(74, (byte) 0x25).put(75, (byte) 0x00);
        b.put(77, (byte) 8).putShort(78, (short) 0x41).putInt(80, 0x10300).putInt(516, 32);
        NvmeIdentifyController id = NvmeIdentifyController.parse(b.array());
        assertEquals(0x144d, id.vendorId());
        assertEquals(0x108e, id.subsystemVendorId());
        assertEquals("S5RTNC0T104269", id.serial());
        assertEquals("SAMSUNG MZWLJ7T6HALA-00AU3", id.model());
        assertEquals("EPK9CR5Q", id.firmware());
        assertEquals("002538", id.ieeeOui());
        assertEquals(8, id.maxDataTransferExponent());
        assertEquals(0x41, id.controllerId());
        assertEquals("1.3.0", id.versionString());
        assertEquals(32, id.namespaceCount());
    }

    @Test
    void shouldDecodeTheSmartHealthLogPublishedInANvmeCliIssue() {
        // Values from "nvme smart-log /dev/nvme1n1" in github.com/linux-nvme/nvme-cli issue #48:
        // temperature 34 C, spare 100 %, threshold 10 %, used 0 %, data units read 203,913,228,
        // written 64,663,716, power cycles 9, power-on hours 742, unsafe shutdowns 5, media errors 0.
        ByteBuffer b = page(512);
        b.putShort(1, (short) (34 + 273)).put(3, (byte) 100).put(4, (byte) 10).put(5, (byte) 0);
        b.putLong(32, 203_913_228L).putLong(48, 64_663_716L).putLong(112, 9).putLong(128, 742).putLong(144, 5);
        NvmeSmartLog log = NvmeSmartLog.parse(b.array());
        assertEquals(34, log.temperatureCelsius());
        assertEquals(100, log.availableSparePercent());
        assertEquals(10, log.spareThresholdPercent());
        assertEquals(203_913_228L, log.dataUnitsRead());
        assertEquals(64_663_716L, log.dataUnitsWritten());
        assertEquals(9, log.powerCycles());
        assertEquals(742, log.powerOnHours());
        assertEquals(5, log.unsafeShutdowns());
        assertEquals(0, log.mediaErrors());
        assertTrue(log.passed());
        assertEquals("", log.describeWarnings());
    }

    @Test
    void shouldSaturateA128BitCounterAndNameCriticalWarnings() {
        ByteBuffer b = page(512);
        b.put(0, (byte) 0x05).putLong(160, 12).putLong(168, 1);
        NvmeSmartLog log = NvmeSmartLog.parse(b.array());
        assertEquals(Long.MAX_VALUE, log.mediaErrors(), "2^64 + 12 does not fit in a long");
        assertFalse(log.passed());
        assertEquals("available spare below threshold, reliability degraded", log.describeWarnings());
        assertEquals(-1, log.temperatureCelsius(), "0 K means not reported");
    }

    @Test
    void shouldDecodeTheNamespaceFormatInUse() {
        ByteBuffer b = page(4096);
        b.putLong(0, 1_000_215_216L).putLong(8, 1_000_215_216L).putLong(16, 5_000L);
        b.put(25, (byte) 1).put(26, (byte) 1);
        b.put(128 + 2, (byte) 9);
        b.put(132 + 2, (byte) 12);
        b.put(120, (byte) 0x00).put(121, (byte) 0x25).put(122, (byte) 0x38);
        NvmeIdentifyNamespace ns = NvmeIdentifyNamespace.parse(b.array());
        assertEquals(4096, ns.blockBytes(), "FLBAS 1 selects the 4 KiB format");
        assertEquals(1_000_215_216L * 4096, ns.capacityBytes());
        assertEquals("0025380000000000", ns.eui64());
        assertEquals("", ns.nguid());
    }

    @Test
    void shouldRefuseAnUnformattedNamespaceAndTruncatedPages() {
        OrionException unformatted = assertThrows(OrionException.class, () -> NvmeIdentifyNamespace.parse(new byte[4096]));
        assertEquals(ErrorCode.CORRUPT, unformatted.code());
        OrionException cut = assertThrows(OrionException.class, () -> NvmeSmartLog.parse(new byte[200]));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
        assertThrows(OrionException.class, () -> NvmeIdentifyController.parse(new byte[1024]));
    }

    @Test
    void shouldBuildAdminCommandsAsTheSpecificationDefinesThem() {
        assertEquals(new NvmeAdminCommand(0x06, 0, 1, 0, 4096), NvmeAdminCommand.identifyController());
        assertEquals(new NvmeAdminCommand(0x06, 3, 0, 0, 4096), NvmeAdminCommand.identifyNamespace(3));
        NvmeAdminCommand smart = NvmeAdminCommand.smartHealthLog();
        assertEquals(0x02, smart.opcode());
        assertEquals(0xffffffff, smart.namespaceId());
        assertEquals(0x007f0002, smart.cdw10(), "NUMDL = 512/4 - 1 = 127 in bits 31:16, LID 2 in bits 7:0");
    }

    private static ByteBuffer page(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void ascii(ByteBuffer b, int offset, int width, String text) {
        byte[] padded = String.format("%-" + width + "s", text).getBytes(StandardCharsets.US_ASCII);
        b.put(offset, padded);
    }
}
