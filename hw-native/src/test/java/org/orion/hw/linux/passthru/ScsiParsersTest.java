package org.orion.hw.linux.passthru;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * SCSI response parsers on responses captured from devices. Each resource file names where it came
 * from: sg3_utils' inhex/ directory (github.com/doug-gilbert/sg3_utils), whose dumps come from a
 * Seagate SAS disk (vpd_dev_id) and from Linux's scsi_debug driver (the rest).
 */
class ScsiParsersTest {
    @Test
    void shouldParseStandardInquiryFromScsiDebug() {
        ScsiInquiry inquiry = ScsiInquiry.parse(HexResources.load("scsi/inq_standard.hex"));
        assertEquals(new ScsiInquiry(0, false, 7, "Linux", "scsi_debug", "0191"), inquiry);
        assertFalse(inquiry.isAtaBehindSat());
    }

    @Test
    void shouldFindTheLogicalUnitWwnOfASeagateSasDisk() {
        List<VpdPages.Designator> designators = VpdPages.deviceIdentification(HexResources.load("scsi/vpd_dev_id.hex"));
        assertEquals(5, designators.size());
        assertEquals(Optional.of("5000c5003011cb2b"), VpdPages.logicalUnitWwn(designators));
        VpdPages.Designator name = designators.get(4);
        assertEquals(VpdPages.TYPE_SCSI_NAME, name.type());
        assertEquals("naa.5000C5003011CB28", name.text());
        assertEquals(1, designators.get(1).association(), "second descriptor names the target port");
    }

    @Test
    void shouldListSupportedVpdPagesAndReadTheUnitSerial() {
        assertEquals(List.of(0x00, 0x80, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0xb0, 0xb1, 0xb2),
                VpdPages.supportedPages(HexResources.load("scsi/vpd_supported_sdeb.hex")));
        assertEquals("2000", VpdPages.unitSerial(HexResources.load("scsi/vpd_serial_sdeb.hex")));
    }

    @Test
    void shouldRefuseAVpdPageWithTheWrongPageCode() {
        byte[] serialPage = HexResources.load("scsi/vpd_serial_sdeb.hex");
        OrionException e = assertThrows(OrionException.class, () -> VpdPages.supportedPages(serialPage));
        assertEquals(ErrorCode.CORRUPT, e.code());
    }

    @Test
    void shouldDecodeReadCapacity16WithFourKibPhysicalBlocks() {
        ReadCapacity16 capacity = ReadCapacity16.parse(HexResources.load("scsi/readcap_zbc.hex"));
        assertEquals(0x9185fffffL, capacity.lastLba());
        assertEquals(512, capacity.logicalBlockBytes());
        assertEquals(4096, capacity.physicalBlockBytes(), "exponent 3: 8 logical blocks per physical block");
        assertEquals(0x918600000L * 512, capacity.capacityBytes());
        assertFalse(capacity.thinProvisioned());
    }

    @Test
    void shouldDecodeFixedFormatSense() {
        SenseData sense = SenseData.parse(HexResources.load("scsi/fixed_sense.hex"));
        assertEquals(0x70, sense.responseCode());
        assertFalse(sense.isDescriptorFormat());
        assertEquals(SenseData.MEDIUM_ERROR, sense.senseKey());
        assertEquals(OptionalLong.of(0x1234), sense.information());
        assertEquals("MEDIUM ERROR: Unrecovered read error (ASC 0x11 ASCQ 0x00) at LBA 4660", sense.describe());
    }

    @Test
    void shouldDecodeDescriptorFormatSenseWithItsInformationDescriptor() {
        SenseData sense = SenseData.parse(HexResources.load("scsi/descriptor_sense.hex"));
        assertTrue(sense.isDescriptorFormat());
        assertEquals(SenseData.RECOVERED_ERROR, sense.senseKey());
        assertEquals("Excessive write errors", sense.ascAscqName());
        assertEquals(OptionalLong.of(0x11223344556677bbL), sense.information());
        assertTrue(sense.ataReturn().isEmpty());
    }

    @Test
    void shouldDecodeWhatItCanOfTruncatedSenseWithoutThrowing() {
        byte[] full = HexResources.load("scsi/fixed_sense.hex");
        SenseData cut = SenseData.parse(Arrays.copyOf(full, 8));
        assertEquals(SenseData.MEDIUM_ERROR, cut.senseKey());
        assertEquals(0, cut.asc(), "ASC lies beyond the cut");
        assertEquals(0, SenseData.parse(new byte[0]).responseCode());
        byte[] descriptorCut = Arrays.copyOf(HexResources.load("scsi/descriptor_sense.hex"), 14);
        assertEquals(OptionalLong.empty(), SenseData.parse(descriptorCut).information(), "half a descriptor is ignored");
    }

    @Test
    void shouldNameUnknownAscAscqPairsByNumber() {
        assertEquals("ASC 0x7f ASCQ 0x01", SenseCodes.ascAscqName(0x7f, 0x01));
        assertEquals("Failure prediction threshold exceeded (ASCQ 0x12)", SenseCodes.ascAscqName(0x5d, 0x12));
    }

    @Test
    void shouldReadTemperatureAndInformationalExceptionsLogPages() {
        ScsiLogPages.Temperature temperature = ScsiLogPages.temperature(HexResources.load("scsi/log_temperature_sdeb.hex"));
        assertEquals(OptionalInt.of(38), temperature.currentCelsius());
        assertEquals(OptionalInt.of(65), temperature.referenceCelsius());
        ScsiLogPages.InformationalExceptions ie = ScsiLogPages.informationalExceptions(
                HexResources.load("scsi/log_ie_sdeb.hex"));
        assertFalse(ie.failurePredicted());
        assertEquals(OptionalInt.of(38), ie.temperatureCelsius());
        assertEquals("No additional sense information", ie.describe());
    }

    @Test
    void shouldSeeAPredictedFailureInTheInformationalExceptionsPage() {
        byte[] page = HexResources.load("scsi/log_ie_sdeb.hex");
        page[8] = 0x5d; // constructed: ASC 5Dh, the SMART trip
        assertTrue(ScsiLogPages.informationalExceptions(page).failurePredicted());
    }

    @Test
    void shouldBuildCdbsByteForByte() {
        assertArrayEquals(new byte[] {0x12, 1, (byte) 0x83, 0x01, 0x00, 0}, ScsiCommands.inquiryVpd(0x83, 256));
        assertArrayEquals(new byte[] {0x4d, 0, 0x6f, 0, 0, 0, 0, 0x02, 0x00, 0}, ScsiCommands.logSense(0x2f, 0, 512));
        byte[] rc16 = ScsiCommands.readCapacity16(32);
        assertEquals((byte) 0x9e, rc16[0]);
        assertEquals(0x10, rc16[1]);
        assertEquals(32, rc16[13]);
        assertEquals(16, rc16.length);
        assertArrayEquals(new byte[] {0x03, 1, 0, 0, (byte) 252, 0}, ScsiCommands.requestSense(true, 252));
    }
}
