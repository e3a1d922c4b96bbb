package org.orion.hw.linux.passthru;

import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/** Field readers for response buffers: big-endian (SCSI), little-endian (ATA, NVMe) and text fields. */
public final class Bytes {
    private Bytes() {
    }

    public static int u8(byte[] b, int offset) {
        return b[offset] & 0xff;
    }

    public static int be16(byte[] b, int offset) {
        return (u8(b, offset) << 8) | u8(b, offset + 1);
    }

    public static long be32(byte[] b, int offset) {
        return ((long) be16(b, offset) << 16) | be16(b, offset + 2);
    }

    public static long be64(byte[] b, int offset) {
        return (be32(b, offset) << 32) | be32(b, offset + 4);
    }

    public static int le16(byte[] b, int offset) {
        return u8(b, offset) | (u8(b, offset + 1) << 8);
    }

    public static long le32(byte[] b, int offset) {
        return le16(b, offset) | ((long) le16(b, offset + 2) << 16);
    }

    public static long le64(byte[] b, int offset) {
        return le32(b, offset) | (le32(b, offset + 4) << 32);
    }

    /** Little-endian unsigned integer of {@code length} bytes (up to 8), e.g. a 48-bit SMART raw value. */
    public static long leN(byte[] b, int offset, int length) {
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = (value << 8) | u8(b, offset + i);
        }
        return value;
    }

    /**
     * A 128-bit little-endian NVMe counter as a long; values that do not fit (more than 2^63-1, not
     * reachable by any real counter) saturate at {@link Long#MAX_VALUE}.
     */
    public static long le128Saturated(byte[] b, int offset) {
        long high = le64(b, offset + 8);
        long low = le64(b, offset);
        return high != 0 || low < 0 ? Long.MAX_VALUE : low;
    }

    /** An ASCII field with trailing (and leading) spaces and NULs removed. */
    public static String ascii(byte[] b, int offset, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = offset; i < offset + length && i < b.length; i++) {
            int c = b[i] & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? (char) c : ' ');
        }
        return s.toString().strip();
    }

    /**
     * An ATA string: words of two characters, each word's bytes swapped relative to memory order
     * (the first character is the high byte of the little-endian word).
     */
    public static String ataString(byte[] b, int offset, int lengthBytes) {
        byte[] swapped = new byte[lengthBytes];
        for (int i = 0; i + 1 < lengthBytes; i += 2) {
            swapped[i] = b[offset + i + 1];
            swapped[i + 1] = b[offset + i];
        }
        return ascii(swapped, 0, lengthBytes);
    }

    public static String hex(byte[] b, int offset, int length) {
        StringBuilder s = new StringBuilder(length * 2);
        for (int i = offset; i < offset + length; i++) {
            s.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return s.toString();
    }

    /** Throws CORRUPT naming {@code what} unless {@code b} has at least {@code needed} bytes. */
    public static void requireLength(byte[] b, int needed, String what) {
        if (b == null || b.length < needed) {
            throw new OrionException(ErrorCode.CORRUPT, what + " is truncated: " + (b == null ? 0 : b.length)
                    + " bytes, at least " + needed + " needed (the device or transport returned a short response)");
        }
    }
}
