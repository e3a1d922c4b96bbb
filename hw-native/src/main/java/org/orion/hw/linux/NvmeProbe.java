package org.orion.hw.linux;

import java.util.List;
import java.util.Optional;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.HealthSnapshot;
import org.orion.hw.linux.passthru.NvmeAdminCommand;
import org.orion.hw.linux.passthru.NvmeAdminTransport;
import org.orion.hw.linux.passthru.NvmeIdentifyController;
import org.orion.hw.linux.passthru.NvmeIdentifyNamespace;
import org.orion.hw.linux.passthru.NvmeSmartLog;

/** The NVMe half of {@link DeviceProbe}: Identify Controller, Identify Namespace, SMART / Health log. */
final class NvmeProbe {
    private NvmeProbe() {
    }

    static ProbeReport probe(NvmeAdminTransport nvme, DeviceProbe.Kernel kernel) {
        byte[] data = new byte[NvmeAdminCommand.IDENTIFY_BYTES];
        nvme.execute(NvmeAdminCommand.identifyController(), data);
        NvmeIdentifyController controller = NvmeIdentifyController.parse(data);
        long capacity = kernel.capacityBytes();
        int block = kernel.logical();
        String wwn = "";
        List<String> notes = kernel.newNotes();
        try {
            byte[] nsData = new byte[NvmeAdminCommand.IDENTIFY_BYTES];
            nvme.execute(NvmeAdminCommand.identifyNamespace(nvme.namespaceId()), nsData);
            NvmeIdentifyNamespace ns = NvmeIdentifyNamespace.parse(nsData);
            capacity = ns.capacityBytes();
            block = ns.blockBytes();
            wwn = !ns.nguid().isEmpty() ? ns.nguid() : ns.eui64();
        } catch (org.orion.driver.api.OrionException e) {
            notes.add(e.getMessage());
        }
        byte[] logData = new byte[NvmeSmartLog.LENGTH];
        nvme.execute(NvmeAdminCommand.smartHealthLog(), logData);
        NvmeSmartLog log = NvmeSmartLog.parse(logData);
        DiskIdentity identity = new DiskIdentity(String.format("0x%04x", controller.vendorId()), controller.model(),
                controller.serial(), controller.firmware(), wwn);
        HealthSnapshot snapshot = new HealthSnapshot(kernel.clock().nanoTime(), log.passed(), 0, 0, log.mediaErrors(),
                log.mediaErrors(), log.temperatureCelsius(), log.powerOnHours(), log.percentageUsed());
        String detail = log.passed() ? "critical warning 0" : "critical warning: " + log.describeWarnings();
        return new ProbeReport(kernel.name(), Bus.NVME, identity, capacity, block, Math.max(block, kernel.physical()),
                log.passed() ? HealthVerdict.PASSED : HealthVerdict.FAILED, detail, List.of(), Optional.of(log), snapshot,
                notes);
    }
}
