package org.orion.hw.linux.jna;

/**
 * {@code struct sg_io_hdr} from {@code <scsi/sg.h>} on LP64 (x86_64 and arm64 share it: same type
 * sizes and natural alignment). 88 bytes; the only padding is 4 bytes before {@code usr_ptr}.
 *
 * <pre>
 *  0 int   interface_id ('S')       4 int   dxfer_direction (-1 none, -2 to dev, -3 from dev)
 *  8 u8    cmd_len   9 u8 mx_sb_len 10 u16  iovec_count       12 u32 dxfer_len
 * 16 void* dxferp                  24 u8*   cmdp              32 void* sbp
 * 40 u32   timeout (ms)            44 u32   flags             48 int   pack_id   52 (pad)
 * 56 void* usr_ptr                 64 u8    status   65 masked_status   66 msg_status   67 sb_len_wr
 * 68 u16   host_status             70 u16   driver_status     72 int   resid
 * 76 u32   duration (ms)           80 u32   info              84 (pad to 88)
 * </pre>
 */
public final class SgIoHeaderLayout {
    public static final int SIZE = 88;
    public static final int INTERFACE_ID = 0;
    public static final int DXFER_DIRECTION = 4;
    public static final int CMD_LEN = 8;
    public static final int MX_SB_LEN = 9;
    public static final int IOVEC_COUNT = 10;
    public static final int DXFER_LEN = 12;
    public static final int DXFERP = 16;
    public static final int CMDP = 24;
    public static final int SBP = 32;
    public static final int TIMEOUT = 40;
    public static final int FLAGS = 44;
    public static final int PACK_ID = 48;
    public static final int USR_PTR = 56;
    public static final int STATUS = 64;
    public static final int MASKED_STATUS = 65;
    public static final int MSG_STATUS = 66;
    public static final int SB_LEN_WR = 67;
    public static final int HOST_STATUS = 68;
    public static final int DRIVER_STATUS = 70;
    public static final int RESID = 72;
    public static final int DURATION = 76;
    public static final int INFO = 80;

    public static final int SG_DXFER_NONE = -1;
    public static final int SG_DXFER_TO_DEV = -2;
    public static final int SG_DXFER_FROM_DEV = -3;

    private SgIoHeaderLayout() {
    }
}
