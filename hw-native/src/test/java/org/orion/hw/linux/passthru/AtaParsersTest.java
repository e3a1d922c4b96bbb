package org.orion.hw.linux.passthru;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * ATA IDENTIFY DEVICE and SMART parsers on data read from real disks: libatasmart's blob-examples
 * (github.com/Rupan/libatasmart, blob-examples/MODEL--FIRMWARE, saved with skdump --save) and the
 * IDENTIFY data inside sg3_utils' inhex/vpd_atai.hex. The file names of the libatasmart dumps give
 * model and firmware independently of the bytes.
 */
class AtaParsersTest {
    @Test
    void shouldDecodeByteSwappedStringsAndLba48CapacityOfAWesternDigitalDisk() {
        AtaIdentify id = AtaIdentify.parse(HexResources.load("ata/identify_wdc_wd5000aaks.hex"));
        assertEquals("WDC WD5000AAKS-00TMA0", id.model());
        assertEquals("WD-WCAPW0493929", id.serial());
        assertEquals("12.01C01", id.firmware());
        assertEquals(976_773_168L, id.sectors());
        assertEquals(500_107_862_016L, id.capacityBytes());
        assertEquals(512, id.logicalSectorBytes());
        assertEquals(512, id.physicalSectorBytes());
        assertTrue(id.smartSupported() && id.smartEnabled());
        assertEquals(Optional.of("50014ee2002a560a"), id.wwn());
    }

    @Test
    void shouldRecogniseASolidStateDiskByItsRotationRate() {
        AtaIdentify id = AtaIdentify.parse(HexResources.load("ata/identify_intel_ssdsa2cw120g3.hex"));
        assertEquals("INTEL SSDSA2CW120G3", id.model());
        assertEquals("4PC10302", id.firmware());
        assertTrue(id.nonRotating());
        assertEquals(234_441_648L, id.sectors());
    }

    @Test
    void shouldReadOlderDisksWithoutWwnOrSectorSizeWord() {
        AtaIdentify maxtor = AtaIdentify.parse(HexResources.load("ata/identify_maxtor_96147h8.hex"));
        assertEquals("Maxtor 96147H8", maxtor.model());
        assertEquals("BAC51KJ0", maxtor.firmware());
        assertEquals(Optional.empty(), maxtor.wwn());
        AtaIdentify sat = AtaIdentify.parse(HexResources.load("ata/identify_sat_scsi_debug.hex"));
        assertEquals("ST380013AS", sat.model());
        assertEquals(156_301_488L, sat.sectors());
    }

    @Test
    void shouldRefuseIdentifyDataThatFailsItsChecksum() {
        byte[] data = HexResources.load("ata/identify_samsung_hd501lj.hex");
        data[100] ^= 0x01;
        OrionException e = assertThrows(OrionException.class, () -> AtaIdentify.parse(data));
        assertEquals(ErrorCode.CORRUPT, e.code());
    }

    @Test
    void shouldDecodeTheAttributesOfADiskWithPendingAndReallocatedSectors() {
        SmartData smart = SmartData.parse(HexResources.load("ata/smart_wdc_wd5000aaks.hex"));
        assertEquals(17, smart.attributes().size());
        assertEquals(63, smart.count(SmartAttribute.REALLOCATED_SECTORS));
        assertEquals(529, smart.count(SmartAttribute.CURRENT_PENDING_SECTORS));
        assertEquals(0, smart.uncorrectable());
        assertEquals(40, smart.temperatureCelsius());
        assertEquals(14_992, smart.powerOnHours());
        SmartAttribute reallocated = smart.attribute(5).orElseThrow();
        assertEquals("Reallocated_Sector_Ct", reallocated.name());
        assertEquals(192, reallocated.current());
        assertTrue(reallocated.preFailure());
    }

    @Test
    void shouldTakeOnlyTheLowByteOfTemperatureAndLow32BitsOfCounts() {
        SmartData samsung = SmartData.parse(HexResources.load("ata/smart_samsung_hd501lj.hex"));
        assertEquals(47, samsung.temperatureCelsius());
        assertEquals(65_536, samsung.count(SmartAttribute.REPORTED_UNCORRECTABLE));
        assertEquals(1, samsung.count(SmartAttribute.CURRENT_PENDING_SECTORS));
        SmartData intel = SmartData.parse(HexResources.load("ata/smart_intel_ssdsa2cw120g3.hex"));
        assertEquals(-1, intel.temperatureCelsius(), "this SSD reports no temperature attribute");
        assertEquals(45, intel.powerOnHours());
    }

    @Test
    void shouldRefuseSmartDataWithABadChecksumOrTruncated() {
        byte[] data = HexResources.load("ata/smart_maxtor_96147h8.hex");
        assertEquals(69, SmartData.parse(data).count(SmartAttribute.REALLOCATED_SECTORS));
        data[511] ^= 0x40;
        OrionException bad = assertThrows(OrionException.class, () -> SmartData.parse(data));
        assertEquals(ErrorCode.CORRUPT, bad.code());
        assertTrue(bad.getMessage().contains("checksum"), bad.getMessage());
        OrionException cut = assertThrows(OrionException.class, () -> SmartData.parse(Arrays.copyOf(data, 300)));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());
    }

    @Test
    void shouldReadSmartReturnStatusFromTheAtaStatusReturnDescriptor() {
        // Constructed per SAT (ATA Status Return sense data descriptor 09h): sense key RECOVERED ERROR,
        // ASC/ASCQ 00h/1Dh, descriptor bytes 9 = LBA(15:8) and 11 = LBA(23:16).
        assertEquals(SmartStatus.PASSED, SmartStatus.fromSense(SenseData.parse(descriptorSense(0x4f, 0xc2))));
        assertEquals(SmartStatus.THRESHOLD_EXCEEDED, SmartStatus.fromSense(SenseData.parse(descriptorSense(0xf4, 0x2c))));
        assertEquals(SmartStatus.UNKNOWN, SmartStatus.fromSense(SenseData.parse(descriptorSense(0x00, 0x00))));
        assertEquals(SmartStatus.UNKNOWN, SmartStatus.fromSense(SenseData.parse(new byte[0])));
    }

    @Test
    void shouldReadSmartReturnStatusFromFixedFormatSense() {
        // Constructed per SAT-3 fixed format: ERROR, STATUS, DEVICE, COUNT in bytes 3..6, LBA in 9..11.
        byte[] sense = new byte[18];
        sense[0] = 0x70;
        sense[2] = SenseData.RECOVERED_ERROR;
        sense[4] = 0x50;
        sense[7] = 10;
        sense[10] = (byte) 0xf4;
        sense[11] = 0x2c;
        sense[13] = 0x1d;
        SenseData parsed = SenseData.parse(sense);
        assertEquals(SmartStatus.THRESHOLD_EXCEEDED, SmartStatus.fromSense(parsed));
        assertEquals(0x50, parsed.ataReturn().orElseThrow().status());
        assertFalse(parsed.information().isPresent());
    }

    @Test
    void shouldBuildAtaPassThroughCdbsByteForByte() {
        assertArrayEquals(new byte[] {(byte) 0x85, 0x08, 0x0e, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, (byte) 0xec, 0},
                AtaPassThrough.identifyDevice());
        assertArrayEquals(new byte[] {(byte) 0x85, 0x08, 0x0e, 0, (byte) 0xd0, 0, 1, 0, 0, 0, 0x4f, 0, (byte) 0xc2, 0,
            (byte) 0xb0, 0}, AtaPassThrough.smartReadData());
        assertArrayEquals(new byte[] {(byte) 0x85, 0x06, 0x20, 0, (byte) 0xda, 0, 0, 0, 0, 0, 0x4f, 0, (byte) 0xc2, 0,
            (byte) 0xb0, 0}, AtaPassThrough.smartReturnStatus());
    }

    private static byte[] descriptorSense(int lbaMid, int lbaHigh) {
        byte[] sense = new byte[8 + 14];
        sense[0] = 0x72;
        sense[1] = SenseData.RECOVERED_ERROR;
        sense[3] = 0x1d;
        sense[7] = 14;
        sense[8] = 0x09;
        sense[9] = 0x0c;
        sense[8 + 9] = (byte) lbaMid;
        sense[8 + 11] = (byte) lbaHigh;
        sense[8 + 13] = 0x50;
        return sense;
    }
}
