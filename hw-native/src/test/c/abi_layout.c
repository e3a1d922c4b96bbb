/*
 * The kernel ABI numbers hw-native hard-codes, as the C headers define them. LinuxAbiLayoutTest
 * compiles this with -S for each installed compiler (gcc for the host, aarch64-linux-gnu-gcc when
 * present) and reads the constants out of the assembly, so no target machine is needed to run it.
 * Every symbol is "abi_<name>" and must match a value in the Java test.
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/file.h>
#include <linux/fs.h>
#include <linux/falloc.h>
#include <linux/stat.h>
#include <scsi/sg.h>
#include <linux/nvme_ioctl.h>

#define ABI(name, value) const long abi_##name = (long)(value);

ABI(sg_io_hdr_size, sizeof(struct sg_io_hdr))
ABI(sg_interface_id, offsetof(struct sg_io_hdr, interface_id))
ABI(sg_dxfer_direction, offsetof(struct sg_io_hdr, dxfer_direction))
ABI(sg_cmd_len, offsetof(struct sg_io_hdr, cmd_len))
ABI(sg_mx_sb_len, offsetof(struct sg_io_hdr, mx_sb_len))
ABI(sg_dxfer_len, offsetof(struct sg_io_hdr, dxfer_len))
ABI(sg_dxferp, offsetof(struct sg_io_hdr, dxferp))
ABI(sg_cmdp, offsetof(struct sg_io_hdr, cmdp))
ABI(sg_sbp, offsetof(struct sg_io_hdr, sbp))
ABI(sg_timeout, offsetof(struct sg_io_hdr, timeout))
ABI(sg_usr_ptr, offsetof(struct sg_io_hdr, usr_ptr))
ABI(sg_status, offsetof(struct sg_io_hdr, status))
ABI(sg_sb_len_wr, offsetof(struct sg_io_hdr, sb_len_wr))
ABI(sg_host_status, offsetof(struct sg_io_hdr, host_status))
ABI(sg_driver_status, offsetof(struct sg_io_hdr, driver_status))
ABI(sg_resid, offsetof(struct sg_io_hdr, resid))
ABI(sg_info, offsetof(struct sg_io_hdr, info))
ABI(sg_dxfer_from_dev, SG_DXFER_FROM_DEV)

ABI(nvme_cmd_size, sizeof(struct nvme_passthru_cmd))
ABI(nvme_admin_cmd_size, sizeof(struct nvme_admin_cmd))
ABI(nvme_nsid, offsetof(struct nvme_passthru_cmd, nsid))
ABI(nvme_addr, offsetof(struct nvme_passthru_cmd, addr))
ABI(nvme_data_len, offsetof(struct nvme_passthru_cmd, data_len))
ABI(nvme_cdw10, offsetof(struct nvme_passthru_cmd, cdw10))
ABI(nvme_cdw11, offsetof(struct nvme_passthru_cmd, cdw11))
ABI(nvme_timeout_ms, offsetof(struct nvme_passthru_cmd, timeout_ms))
ABI(nvme_result, offsetof(struct nvme_passthru_cmd, result))

ABI(statx_size, sizeof(struct statx))
ABI(statx_blksize, offsetof(struct statx, stx_blksize))
ABI(statx_mode, offsetof(struct statx, stx_mode))
ABI(statx_ino, offsetof(struct statx, stx_ino))
ABI(statx_size_field, offsetof(struct statx, stx_size))
ABI(statx_rdev_major, offsetof(struct statx, stx_rdev_major))
ABI(statx_dev_minor, offsetof(struct statx, stx_dev_minor))
ABI(statx_dio_mem_align, offsetof(struct statx, stx_dio_mem_align))
ABI(statx_dio_offset_align, offsetof(struct statx, stx_dio_offset_align))
ABI(statx_dioalign_mask, STATX_DIOALIGN)

ABI(o_direct, O_DIRECT)
ABI(o_excl, O_EXCL)
ABI(o_cloexec, O_CLOEXEC)
ABI(o_rdwr, O_RDWR)
ABI(at_empty_path, AT_EMPTY_PATH)
ABI(falloc_keep_size, FALLOC_FL_KEEP_SIZE)
ABI(falloc_punch_hole, FALLOC_FL_PUNCH_HOLE)
ABI(falloc_zero_range, FALLOC_FL_ZERO_RANGE)
ABI(rwf_dsync, RWF_DSYNC)
ABI(lock_ex, LOCK_EX)
ABI(lock_nb, LOCK_NB)

ABI(blkgetsize64, BLKGETSIZE64)
ABI(blksszget, BLKSSZGET)
ABI(blkpbszget, BLKPBSZGET)
ABI(blkdiscard, BLKDISCARD)
ABI(blkzeroout, BLKZEROOUT)
ABI(blkroget, BLKROGET)
ABI(sg_io, SG_IO)
ABI(nvme_ioctl_id, NVME_IOCTL_ID)
ABI(nvme_ioctl_admin_cmd, NVME_IOCTL_ADMIN_CMD)
