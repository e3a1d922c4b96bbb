package org.orion.hw.sim;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.orion.driver.api.hw.ControllerIdentity;
import org.orion.driver.api.hw.DiskIdentity;
import org.orion.driver.api.hw.Transport;

/**
 * What kind of hardware a {@link SimController} pretends to be. A personality fixes the transport,
 * the identity strings a real device of that kind reports (SATA disks behind a SCSI translation
 * layer say vendor {@code "ATA"}; SAS disks give an 8-character INQUIRY vendor; NVMe gives the
 * vendor's name), the default queue depth, the largest transfer, and a default latency.
 *
 * <p>Identities are derived only from the controller and disk names, so the same configuration gets
 * the same serial numbers and WWNs on every run, as real disks would.
 */
public enum SimPersonality {
    /** An AHCI port with an SSD: NCQ depth 32, about 550 MB/s. */
    SATA(Transport.SATA, 32, 32 << 20,
            new LatencyModel(90_000, 70_000, 500_000, 1_818, 1_818)),
    /** A SAS HBA with an SSD: 254 commands per disk (the usual HBA limit), about 1 GB/s. */
    SAS(Transport.SAS, 254, 4 << 20,
            new LatencyModel(60_000, 40_000, 200_000, 1_000, 1_000)),
    /** An NVMe controller: 1024 commands per queue, about 3.3 GB/s. */
    NVME(Transport.NVME, 1024, 2 << 20,
            new LatencyModel(20_000, 15_000, 50_000, 300, 300));

    private final Transport transport;
    private final int defaultQueueDepth;
    private final int maxTransferBytes;
    private final LatencyModel defaultLatency;

    SimPersonality(Transport transport, int defaultQueueDepth, int maxTransferBytes, LatencyModel defaultLatency) {
        this.transport = transport;
        this.defaultQueueDepth = defaultQueueDepth;
        this.maxTransferBytes = maxTransferBytes;
        this.defaultLatency = defaultLatency;
    }

    public Transport transport() {
        return transport;
    }

    /** Commands kept in flight per disk unless the controller is created with another depth. */
    public int defaultQueueDepth() {
        return defaultQueueDepth;
    }

    /** Largest READ/WRITE a disk accepts in one request (a power of two, so any block size divides it). */
    public int maxTransferBytes() {
        return maxTransferBytes;
    }

    /** Service times typical of an SSD on this transport. */
    public LatencyModel defaultLatency() {
        return defaultLatency;
    }

    /** Lower-case name as used in configuration files ({@code "nvme"}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a configuration name, case-insensitively; the error names the allowed values. */
    public static SimPersonality ofConfigName(String name) {
        for (SimPersonality p : values()) {
            if (p.configName().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown simulated controller personality '" + name
                + "' (allowed: sata, sas, nvme)");
    }

    /** What the simulated host adapter reports. */
    public ControllerIdentity controllerIdentity() {
        switch (this) {
            case SATA:
                return new ControllerIdentity("Orion", "ORION SIM AHCI", "1.0");
            case SAS:
                return new ControllerIdentity("ORION", "ORION SIM SAS3 HBA", "16.00.01.00");
            default:
                return new ControllerIdentity("Orion", "ORION SIM NVMe Controller", "1.0");
        }
    }

    /** What disk {@code diskName} on controller {@code controllerName} reports; stable across runs. */
    public DiskIdentity diskIdentity(String controllerName, String diskName) {
        long hash = fnv1a64(controllerName + "/" + diskName);
        String serialDigits = String.format(Locale.ROOT, "%012X", hash & 0xFFFF_FFFF_FFFFL);
        // NAA type 5 (IEEE registered) with an invented OUI for SCSI-family disks; EUI-64 for NVMe.
        String naa = String.format(Locale.ROOT, "5%s%09X", SIM_OUI, (hash >>> 20) & 0xF_FFFF_FFFFL);
        switch (this) {
            case SATA:
                return new DiskIdentity("ATA", "ORION SIM SSD", "OSS" + serialDigits, "SIM10001", naa);
            case SAS:
                // INQUIRY: 8-byte vendor, 16-byte product, 4-byte revision.
                return new DiskIdentity("ORION", "SIM SAS SSD", "OSAS" + serialDigits, "S001", naa);
            default:
                String eui64 = String.format(Locale.ROOT, "%s%010X", SIM_OUI, (hash >>> 8) & 0xFF_FFFF_FFFFL);
                return new DiskIdentity("Orion", "ORION SIM NVMe SSD", "ONV" + serialDigits, "1.0SIM", eui64);
        }
    }

    /** A made-up IEEE OUI for simulated devices (locally administered range, never a real vendor's). */
    private static final String SIM_OUI = "0A0F10";

    /** FNV-1a: a tiny hash whose result is the same on every JVM, unlike identity hashes. */
    private static long fnv1a64(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
