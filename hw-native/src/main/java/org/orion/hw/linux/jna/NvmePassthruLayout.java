package org.orion.hw.linux.jna;

/**
 * {@code struct nvme_passthru_cmd} (alias {@code nvme_admin_cmd}) from {@code <linux/nvme_ioctl.h>}:
 * 72 bytes, no padding, identical on x86_64 and arm64 (fixed-width fields only).
 *
 * <pre>
 *  0 u8  opcode   1 u8 flags   2 u16 rsvd1    4 u32 nsid     8 u32 cdw2    12 u32 cdw3
 * 16 u64 metadata             24 u64 addr                   32 u32 metadata_len   36 u32 data_len
 * 40 u32 cdw10   44 cdw11   48 cdw12   52 cdw13   56 cdw14   60 cdw15
 * 64 u32 timeout_ms           68 u32 result
 * </pre>
 */
public final class NvmePassthruLayout {
    public static final int SIZE = 72;
    public static final int OPCODE = 0;
    public static final int FLAGS = 1;
    public static final int NSID = 4;
    public static final int METADATA = 16;
    public static final int ADDR = 24;
    public static final int METADATA_LEN = 32;
    public static final int DATA_LEN = 36;
    public static final int CDW10 = 40;
    public static final int CDW11 = 44;
    public static final int CDW12 = 48;
    public static final int CDW13 = 52;
    public static final int CDW14 = 56;
    public static final int CDW15 = 60;
    public static final int TIMEOUT_MS = 64;
    public static final int RESULT = 68;

    private NvmePassthruLayout() {
    }
}
