package org.orion.hw.linux.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The struct layouts and ABI numbers hw-native hard-codes, checked three ways:
 * <ol>
 *   <li>against the numbers of the kernel headers written down here for both architectures
 *       (x86_64 and arm64 are both LP64 with natural alignment, so {@code sg_io_hdr},
 *       {@code nvme_passthru_cmd} and {@code statx} are laid out identically; they share the generic
 *       ioctl encoding; only the open flags differ: O_DIRECT is 040000 on x86_64, 0200000 on arm64);</li>
 *   <li>against the host C compiler ({@code gcc}) and its headers;</li>
 *   <li>against the arm64 cross compiler ({@code aarch64-linux-gnu-gcc}) and its headers, if installed.</li>
 * </ol>
 * The compilers only translate src/test/c/abi_layout.c to assembly ({@code -S}); the constants are
 * read from the {@code .quad}/{@code .xword} directives, so no arm64 machine is needed.
 */
class LinuxAbiLayoutTest {
    private static final Path SOURCE = Path.of("src/test/c/abi_layout.c");

    /** What Orion's Java code uses, for one architecture. */
    private static Map<String, Long> javaValues(String arch) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("sg_io_hdr_size", (long) SgIoHeaderLayout.SIZE);
        m.put("sg_interface_id", (long) SgIoHeaderLayout.INTERFACE_ID);
        m.put("sg_dxfer_direction", (long) SgIoHeaderLayout.DXFER_DIRECTION);
        m.put("sg_cmd_len", (long) SgIoHeaderLayout.CMD_LEN);
        m.put("sg_mx_sb_len", (long) SgIoHeaderLayout.MX_SB_LEN);
        m.put("sg_dxfer_len", (long) SgIoHeaderLayout.DXFER_LEN);
        m.put("sg_dxferp", (long) SgIoHeaderLayout.DXFERP);
        m.put("sg_cmdp", (long) SgIoHeaderLayout.CMDP);
        m.put("sg_sbp", (long) SgIoHeaderLayout.SBP);
        m.put("sg_timeout", (long) SgIoHeaderLayout.TIMEOUT);
        m.put("sg_usr_ptr", (long) SgIoHeaderLayout.USR_PTR);
        m.put("sg_status", (long) SgIoHeaderLayout.STATUS);
        m.put("sg_sb_len_wr", (long) SgIoHeaderLayout.SB_LEN_WR);
        m.put("sg_host_status", (long) SgIoHeaderLayout.HOST_STATUS);
        m.put("sg_driver_status", (long) SgIoHeaderLayout.DRIVER_STATUS);
        m.put("sg_resid", (long) SgIoHeaderLayout.RESID);
        m.put("sg_info", (long) SgIoHeaderLayout.INFO);
        m.put("sg_dxfer_from_dev", (long) SgIoHeaderLayout.SG_DXFER_FROM_DEV);
        m.put("nvme_cmd_size", (long) NvmePassthruLayout.SIZE);
        m.put("nvme_admin_cmd_size", (long) NvmePassthruLayout.SIZE);
        m.put("nvme_nsid", (long) NvmePassthruLayout.NSID);
        m.put("nvme_addr", (long) NvmePassthruLayout.ADDR);
        m.put("nvme_data_len", (long) NvmePassthruLayout.DATA_LEN);
        m.put("nvme_cdw10", (long) NvmePassthruLayout.CDW10);
        m.put("nvme_cdw11", (long) NvmePassthruLayout.CDW11);
        m.put("nvme_timeout_ms", (long) NvmePassthruLayout.TIMEOUT_MS);
        m.put("nvme_result", (long) NvmePassthruLayout.RESULT);
        m.put("statx_size", (long) StatxLayout.SIZE);
        m.put("statx_blksize", (long) StatxLayout.BLKSIZE);
        m.put("statx_mode", (long) StatxLayout.MODE);
        m.put("statx_ino", (long) StatxLayout.INO);
        m.put("statx_size_field", (long) StatxLayout.SIZE_BYTES);
        m.put("statx_rdev_major", (long) StatxLayout.RDEV_MAJOR);
        m.put("statx_dev_minor", (long) StatxLayout.DEV_MINOR);
        m.put("statx_dio_mem_align", (long) StatxLayout.DIO_MEM_ALIGN);
        m.put("statx_dio_offset_align", (long) StatxLayout.DIO_OFFSET_ALIGN);
        m.put("statx_dioalign_mask", (long) LinuxAbi.STATX_DIOALIGN);
        m.put("o_direct", (long) LinuxAbi.oDirectFor(arch));
        m.put("o_excl", (long) LinuxAbi.O_EXCL);
        m.put("o_cloexec", (long) LinuxAbi.O_CLOEXEC);
        m.put("o_rdwr", (long) LinuxAbi.O_RDWR);
        m.put("at_empty_path", (long) LinuxAbi.AT_EMPTY_PATH);
        m.put("falloc_keep_size", (long) LinuxAbi.FALLOC_FL_KEEP_SIZE);
        m.put("falloc_punch_hole", (long) LinuxAbi.FALLOC_FL_PUNCH_HOLE);
        m.put("falloc_zero_range", (long) LinuxAbi.FALLOC_FL_ZERO_RANGE);
        m.put("rwf_dsync", (long) LinuxAbi.RWF_DSYNC);
        m.put("lock_ex", (long) LinuxAbi.LOCK_EX);
        m.put("lock_nb", (long) LinuxAbi.LOCK_NB);
        m.put("blkgetsize64", LinuxAbi.BLKGETSIZE64);
        m.put("blksszget", LinuxAbi.BLKSSZGET);
        m.put("blkpbszget", LinuxAbi.BLKPBSZGET);
        m.put("blkdiscard", LinuxAbi.BLKDISCARD);
        m.put("blkzeroout", LinuxAbi.BLKZEROOUT);
        m.put("blkroget", LinuxAbi.BLKROGET);
        m.put("sg_io", LinuxAbi.SG_IO);
        m.put("nvme_ioctl_id", LinuxAbi.NVME_IOCTL_ID);
        m.put("nvme_ioctl_admin_cmd", LinuxAbi.NVME_IOCTL_ADMIN_CMD);
        return m;
    }

    @Test
    void shouldUseTheStructSizesAndOffsetsOfTheKernelHeadersOnBothArchitectures() {
        for (String arch : new String[] {"x86_64", "aarch64"}) {
            Map<String, Long> java = javaValues(arch);
            // sg_io_hdr: 88 bytes, pointers at 16/24/32, 4 bytes of padding before usr_ptr at 56.
            assertEquals(88L, java.get("sg_io_hdr_size"), arch);
            assertEquals(56L, java.get("sg_usr_ptr"), arch);
            assertEquals(64L, java.get("sg_status"), arch);
            assertEquals(80L, java.get("sg_info"), arch);
            // nvme_passthru_cmd == nvme_admin_cmd: 72 bytes, addr at 24, cdw10 at 40, result at 68.
            assertEquals(72L, java.get("nvme_cmd_size"), arch);
            assertEquals(24L, java.get("nvme_addr"), arch);
            assertEquals(40L, java.get("nvme_cdw10"), arch);
            assertEquals(68L, java.get("nvme_result"), arch);
            // statx: 256 bytes, architecture-independent by design.
            assertEquals(256L, java.get("statx_size"), arch);
            assertEquals(152L, java.get("statx_dio_mem_align"), arch);
            // _IOR(0x12,114,size_t) and _IOWR('N',0x41,72 bytes) in the generic encoding.
            assertEquals(0x80081272L, java.get("blkgetsize64"), arch);
            assertEquals(0xc0484e41L, java.get("nvme_ioctl_admin_cmd"), arch);
        }
        assertEquals(0x4000L, javaValues("x86_64").get("o_direct"));
        assertEquals(0x10000L, javaValues("aarch64").get("o_direct"));
    }

    @Test
    void shouldMatchTheHostCompilerAndHeaders() throws Exception {
        String machine = compilerMachine("gcc");
        assumeTrue(machine != null, "gcc is not installed (apt-get install -y gcc linux-libc-dev)");
        String arch = machine.startsWith("aarch64") ? "aarch64" : machine.startsWith("x86_64") ? "x86_64" : null;
        assumeTrue(arch != null, "host compiler targets " + machine + ", which Orion does not support");
        assertEquals(new TreeMap<>(javaValues(arch)), new TreeMap<>(compile("gcc")));
        assertEquals(LinuxAbi.oDirectFor(LinuxAbi.ARCH), LinuxAbi.O_DIRECT);
    }

    @Test
    void shouldMatchTheArm64CrossCompilerAndHeaders() throws Exception {
        assumeTrue(compilerMachine("aarch64-linux-gnu-gcc") != null,
                "aarch64-linux-gnu-gcc is not installed (apt-get install -y gcc-aarch64-linux-gnu)");
        assertEquals(new TreeMap<>(javaValues("aarch64")), new TreeMap<>(compile("aarch64-linux-gnu-gcc")));
    }

    private static String compilerMachine(String compiler) {
        try {
            Process p = new ProcessBuilder(compiler, "-dumpmachine").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Compiles abi_layout.c to assembly and reads every abi_NAME constant. */
    private static Map<String, Long> compile(String compiler) throws Exception {
        Path asm = Files.createTempFile("abi_layout", ".s");
        try {
            Process p = new ProcessBuilder(compiler, "-S", "-O0", "-o", asm.toString(), SOURCE.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(compiler + " could not compile " + SOURCE + ": " + log);
            }
            Map<String, Long> values = new LinkedHashMap<>();
            // A constant is "abi_x:" followed by ".quad N" (x86_64) or ".xword N" (arm64); a zero
            // value is emitted as ".zero 8".
            Matcher m = Pattern.compile("(?m)^abi_(\\w+):\\s*\\n\\s*\\.(?:(?:quad|xword|dword|8byte)\\s+(-?\\d+)|zero\\s+8)")
                    .matcher(Files.readString(asm));
            while (m.find()) {
                values.put(m.group(1), m.group(2) == null ? 0L : Long.parseLong(m.group(2)));
            }
            return values;
        } finally {
            Files.deleteIfExists(asm);
        }
    }
}
