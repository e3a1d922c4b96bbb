package org.orion.hw.linux;

import java.util.List;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.hw.linux.passthru.AtaIdentify;
import org.orion.hw.linux.passthru.AtaPassThrough;
import org.orion.hw.linux.passthru.DataDirection;
import org.orion.hw.linux.passthru.ReadCapacity16;
import org.orion.hw.linux.passthru.ScsiCommands;
import org.orion.hw.linux.passthru.ScsiInquiry;
import org.orion.hw.linux.passthru.ScsiLogPages;
import org.orion.hw.linux.passthru.ScsiResponse;
import org.orion.hw.linux.passthru.ScsiTransport;
import org.orion.hw.linux.passthru.SenseData;
import org.orion.hw.linux.passthru.SmartData;
import org.orion.hw.linux.passthru.SmartStatus;
import org.orion.hw.linux.passthru.VpdPages;

/** The SCSI half of {@link DeviceProbe}: SATA disks through SAT, SAS/SCSI disks natively. */
final class ScsiProbe {
    private static final int TIMEOUT = ScsiTransport.DEFAULT_TIMEOUT_MILLIS;

    private ScsiProbe() {
    }

    static ProbeReport probe(ScsiTransport scsi, DeviceProbe.Kernel kernel) {
        byte[] inquiryData = new byte[96];
        require(scsi, scsi.execute(ScsiCommands.inquiry(inquiryData.length), DataDirection.FROM_DEVICE, inquiryData,
                TIMEOUT), "INQUIRY");
        ScsiInquiry inquiry = ScsiInquiry.parse(inquiryData);
        return inquiry.isAtaBehindSat() ? probeAta(scsi, kernel) : probeScsi(scsi, inquiry, kernel);
    }

    private static ProbeReport probeAta(ScsiTransport scsi, DeviceProbe.Kernel kernel) {
        List<String> notes = kernel.newNotes();
        byte[] identifyData = new byte[AtaIdentify.LENGTH];
        require(scsi, scsi.execute(AtaPassThrough.identifyDevice(), DataDirection.FROM_DEVICE, identifyData, TIMEOUT),
                "ATA IDENTIFY DEVICE");
        AtaIdentify id = AtaIdentify.parse(identifyData);
        DiskIdentity identity = new DiskIdentity("ATA", id.model(), id.serial(), id.firmware(), id.wwn().orElse(""));
        long now = kernel.clock().nanoTime();
        if (!id.smartSupported() || !id.smartEnabled()) {
            String why = id.smartSupported() ? "SMART is disabled on this disk (enable it with smartctl -s on)"
                    : "this disk does not support SMART";
            return new ProbeReport(kernel.name(), Bus.SATA, identity, id.capacityBytes(), id.logicalSectorBytes(),
                    id.physicalSectorBytes(), HealthVerdict.UNKNOWN, why, List.of(), Optional.empty(),
                    HealthSnapshot.healthy(now), List.of(why));
        }
        byte[] smartData = new byte[SmartData.LENGTH];
        SmartData smart = null;
        try {
            require(scsi, scsi.execute(AtaPassThrough.smartReadData(), DataDirection.FROM_DEVICE, smartData, TIMEOUT),
                    "SMART READ DATA");
            smart = SmartData.parse(smartData);
        } catch (OrionException e) {
            notes.add(e.getMessage());
        }
        ScsiResponse statusResponse = scsi.execute(AtaPassThrough.smartReturnStatus(), DataDirection.NONE, new byte[0],
                TIMEOUT);
        SmartStatus status = SmartStatus.fromSense(SenseData.parse(statusResponse.sense()));
        HealthVerdict verdict = switch (status) {
            case PASSED -> HealthVerdict.PASSED;
            case THRESHOLD_EXCEEDED -> HealthVerdict.FAILED;
            case UNKNOWN -> HealthVerdict.UNKNOWN;
        };
        String detail = "SMART RETURN STATUS: " + switch (status) {
            case PASSED -> "no threshold exceeded";
            case THRESHOLD_EXCEEDED -> "a pre-failure attribute exceeded its threshold: replace the disk";
            case UNKNOWN -> "no ATA registers in the answer (the SAT layer did not return them)";
        };
        HealthSnapshot snapshot = smart == null
                ? new HealthSnapshot(now, status != SmartStatus.THRESHOLD_EXCEEDED, 0, 0, 0, 0, -1, -1, -1)
                : new HealthSnapshot(now, status != SmartStatus.THRESHOLD_EXCEEDED, smart.count(5), smart.count(197),
                        smart.uncorrectable(), smart.uncorrectable(), smart.temperatureCelsius(), smart.powerOnHours(), -1);
        return new ProbeReport(kernel.name(), Bus.SATA, identity, id.capacityBytes(), id.logicalSectorBytes(),
                id.physicalSectorBytes(), verdict, detail, smart == null ? List.of() : smart.attributes(),
                Optional.empty(), snapshot, notes);
    }

    private static ProbeReport probeScsi(ScsiTransport scsi, ScsiInquiry inquiry, DeviceProbe.Kernel kernel) {
        List<String> notes = kernel.newNotes();
        String serial = "";
        String wwn = "";
        try {
            serial = VpdPages.unitSerial(read(scsi, ScsiCommands.inquiryVpd(ScsiCommands.VPD_UNIT_SERIAL, 252), 252, "VPD 0x80"));
        } catch (OrionException e) {
            notes.add(e.getMessage());
        }
        try {
            wwn = VpdPages.logicalUnitWwn(VpdPages.deviceIdentification(read(scsi,
                    ScsiCommands.inquiryVpd(ScsiCommands.VPD_DEVICE_IDENTIFICATION, 512), 512, "VPD 0x83"))).orElse("");
        } catch (OrionException e) {
            notes.add(e.getMessage());
        }
        long capacity = kernel.capacityBytes();
        int logical = kernel.logical();
        int physical = kernel.physical();
        try {
            ReadCapacity16 rc = ReadCapacity16.parse(read(scsi, ScsiCommands.readCapacity16(ReadCapacity16.LENGTH),
                    ReadCapacity16.LENGTH, "READ CAPACITY(16)"));
            capacity = rc.capacityBytes();
            logical = rc.logicalBlockBytes();
            physical = rc.physicalBlockBytes();
        } catch (OrionException e) {
            notes.add(e.getMessage());
        }
        HealthVerdict verdict = HealthVerdict.UNKNOWN;
        String detail = "the device has no informational exceptions log page";
        int temperature = -1;
        try {
            ScsiLogPages.InformationalExceptions ie = ScsiLogPages.informationalExceptions(read(scsi,
                    ScsiCommands.logSense(ScsiCommands.LOG_PAGE_INFORMATIONAL_EXCEPTIONS, 0, 256), 256, "LOG SENSE 0x2F"));
            verdict = ie.failurePredicted() ? HealthVerdict.FAILED : HealthVerdict.PASSED;
            detail = "informational exceptions: " + ie.describe();
            temperature = ie.temperatureCelsius().orElse(-1);
        } catch (OrionException e) {
            notes.add(e.getMessage());
        }
        try {
            temperature = ScsiLogPages.temperature(read(scsi, ScsiCommands.logSense(ScsiCommands.LOG_PAGE_TEMPERATURE, 0,
                    256), 256, "LOG SENSE 0x0D")).currentCelsius().orElse(temperature);
        } catch (OrionException e) {
            notes.add(e.getMessage());
        }
        DiskIdentity identity = new DiskIdentity(inquiry.vendor(), inquiry.product(), serial, inquiry.revision(), wwn);
        HealthSnapshot snapshot = new HealthSnapshot(kernel.clock().nanoTime(), verdict != HealthVerdict.FAILED, 0, 0, 0,
                0, temperature, -1, -1);
        Bus bus = kernel.bus() == Bus.SATA ? Bus.SCSI : kernel.bus();
        return new ProbeReport(kernel.name(), bus, identity, capacity, logical, physical, verdict, detail, List.of(),
                Optional.empty(), snapshot, notes);
    }

    /** Runs a data-in command with an {@code allocationBytes} buffer; returns the bytes actually transferred. */
    private static byte[] read(ScsiTransport scsi, byte[] cdb, int allocationBytes, String what) {
        byte[] data = new byte[allocationBytes];
        ScsiResponse response = scsi.execute(cdb, DataDirection.FROM_DEVICE, data, TIMEOUT);
        require(scsi, response, what);
        return java.util.Arrays.copyOf(data, response.transferredBytes());
    }

    private static void require(ScsiTransport scsi, ScsiResponse response, String what) {
        if (!response.isGood()) {
            String why = response.hasSense() ? SenseData.parse(response.sense()).describe()
                    : String.format("SCSI status 0x%02x, host 0x%x, driver 0x%x", response.status(), response.hostStatus(),
                    response.driverStatus());
            throw new OrionException(ErrorCode.IO, scsi.deviceName() + ": " + what + " failed: " + why);
        }
    }
}
