package org.orion.raid.md;

import java.util.Random;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * A 16-byte md UUID (the array's {@code set_uuid} or a member's {@code device_uuid}), kept in
 * on-disk byte order: {@code high} holds bytes 0..7 big-endian, {@code low} bytes 8..15.
 *
 * <p>For 1.x metadata both mdadm and the kernel print the bytes in that order as hex with a colon
 * after every four bytes ({@code d4510dc5:32881d05:143247a8:0b481fb3}); mdadm's internal
 * byte-swapping of its {@code int[4]} copy cancels out, so no swapping happens here either.
 *
 * @param high bytes 0..7 of the UUID as stored on disk, most significant first
 * @param low  bytes 8..15 as stored on disk
 */
public record MdUuid(long high, long low) {
    /** All zeros: what an unset UUID field holds. */
    public static final MdUuid ZERO = new MdUuid(0, 0);

    /** Sixteen random bytes, as mdadm's {@code random_uuid} writes (no RFC 4122 version bits). */
    public static MdUuid random(Random random) {
        return new MdUuid(random.nextLong(), random.nextLong());
    }

    /** The UUID in {@code bytes[offset..offset+15]}, on-disk order. */
    public static MdUuid fromBytes(byte[] bytes, int offset) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[offset + i] & 0xff);
            low = (low << 8) | (bytes[offset + 8 + i] & 0xff);
        }
        return new MdUuid(high, low);
    }

    /**
     * Parses mdadm's form ({@code d4510dc5:32881d05:143247a8:0b481fb3}); colons, dashes and
     * surrounding spaces are ignored so a standard {@code 8-4-4-4-12} UUID is accepted too.
     */
    public static MdUuid parse(String text) {
        String hex = text.trim().replace(":", "").replace("-", "");
        if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new OrionException(ErrorCode.USAGE, "'" + text + "' is not a UUID: give 32 hex digits such as"
                    + " d4510dc5:32881d05:143247a8:0b481fb3");
        }
        return new MdUuid(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16));
    }

    /** Copies the 16 bytes, on-disk order, into {@code bytes[offset..offset+15]}. */
    public void toBytes(byte[] bytes, int offset) {
        for (int i = 0; i < 8; i++) {
            bytes[offset + i] = (byte) (high >>> (56 - 8 * i));
            bytes[offset + 8 + i] = (byte) (low >>> (56 - 8 * i));
        }
    }

    /** mdadm's spelling: four groups of eight hex digits joined by colons. */
    @Override
    public String toString() {
        String hex = String.format("%016x%016x", high, low);
        return hex.substring(0, 8) + ':' + hex.substring(8, 16) + ':' + hex.substring(16, 24) + ':'
                + hex.substring(24);
    }
}
