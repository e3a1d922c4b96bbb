package org.orion.hw.linux.passthru;

/**
 * An NVMe admin command as the Linux pass-through takes it (the fields of {@code nvme_passthru_cmd}
 * that Orion sets; the rest are zero).
 *
 * @param opcode      admin opcode (06h Identify, 02h Get Log Page)
 * @param namespaceId NSID (0 for controller-wide, FFFFFFFFh for "all namespaces")
 * @param cdw10       command dword 10
 * @param cdw11       command dword 11
 * @param dataBytes   length of the data-in buffer
 */
public record NvmeAdminCommand(int opcode, int namespaceId, int cdw10, int cdw11, int dataBytes) {
    public static final int OPCODE_GET_LOG_PAGE = 0x02;
    public static final int OPCODE_IDENTIFY = 0x06;
    public static final int CNS_NAMESPACE = 0x00;
    public static final int CNS_CONTROLLER = 0x01;
    public static final int LOG_SMART_HEALTH = 0x02;
    public static final int NSID_ALL = 0xffffffff;
    public static final int IDENTIFY_BYTES = 4096;
    public static final int SMART_LOG_BYTES = 512;

    /** Identify Controller (CNS 01h): 4096 bytes. */
    public static NvmeAdminCommand identifyController() {
        return new NvmeAdminCommand(OPCODE_IDENTIFY, 0, CNS_CONTROLLER, 0, IDENTIFY_BYTES);
    }

    /** Identify Namespace (CNS 00h) of {@code namespaceId}: 4096 bytes. */
    public static NvmeAdminCommand identifyNamespace(int namespaceId) {
        return new NvmeAdminCommand(OPCODE_IDENTIFY, namespaceId, CNS_NAMESPACE, 0, IDENTIFY_BYTES);
    }

    /**
     * Get Log Page SMART / Health Information (LID 02h) for the whole controller. CDW10 holds the log
     * id in bits 7:0 and the number of dwords minus one (lower 16 bits, NUMDL) in bits 31:16.
     */
    public static NvmeAdminCommand smartHealthLog() {
        int numdl = SMART_LOG_BYTES / 4 - 1;
        return new NvmeAdminCommand(OPCODE_GET_LOG_PAGE, NSID_ALL, (numdl << 16) | LOG_SMART_HEALTH, 0, SMART_LOG_BYTES);
    }
}
