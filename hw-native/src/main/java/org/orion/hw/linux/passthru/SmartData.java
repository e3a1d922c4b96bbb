package org.orion.hw.linux.passthru;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/**
 * SMART READ DATA: a 512-byte sector.
 *
 * <pre>
 *   0..1   revision (le16)
 *   2..361 30 attribute entries of 12 bytes (id 0 = unused slot), see {@link SmartAttribute}
 *   362..510 offline/self-test status and capabilities (not decoded here)
 *   511    checksum: the 512 bytes sum to 0 modulo 256
 * </pre>
 *
 * @param revision   data structure revision
 * @param attributes used attribute slots, in table order
 */
public record SmartData(int revision, List<SmartAttribute> attributes) {
    public static final int LENGTH = 512;
    private static final int TABLE_OFFSET = 2;
    private static final int ENTRY_BYTES = 12;
    private static final int ENTRIES = 30;

    public SmartData {
        attributes = List.copyOf(attributes);
    }

    /** Parses and checks the checksum; a bad checksum or short buffer is CORRUPT. */
    public static SmartData parse(byte[] data) {
        Bytes.requireLength(data, LENGTH, "SMART READ DATA");
        int sum = AtaIdentify.checksum(data);
        if (sum != 0) {
            throw new OrionException(ErrorCode.CORRUPT, String.format("SMART data checksum is wrong (the 512 bytes sum to"
                    + " 0x%02x, not 0): the data was damaged in transfer; read it again", sum));
        }
        List<SmartAttribute> attributes = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            int p = TABLE_OFFSET + i * ENTRY_BYTES;
            int id = data[p] & 0xff;
            if (id == 0) {
                continue;
            }
            attributes.add(new SmartAttribute(id, SmartAttribute.nameOf(id), Bytes.le16(data, p + 1), data[p + 3] & 0xff,
                    data[p + 4] & 0xff, Bytes.leN(data, p + 5, 6)));
        }
        return new SmartData(Bytes.le16(data, 0), attributes);
    }

    public Optional<SmartAttribute> attribute(int id) {
        for (SmartAttribute a : attributes) {
            if (a.id() == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Raw count of an attribute, or 0 if the disk does not report it. */
    public long count(int id) {
        return attribute(id).map(SmartAttribute::rawCount).orElse(0L);
    }

    /** Temperature from attribute 194, else 190; -1 if neither is reported. */
    public int temperatureCelsius() {
        return attribute(SmartAttribute.TEMPERATURE).or(() -> attribute(SmartAttribute.AIRFLOW_TEMPERATURE))
                .map(SmartAttribute::rawTemperatureCelsius).orElse(-1);
    }

    /** Power-on hours (attribute 9, low 32 bits), -1 if not reported. */
    public long powerOnHours() {
        return attribute(SmartAttribute.POWER_ON_HOURS).map(SmartAttribute::rawCount).orElse(-1L);
    }

    /** Uncorrectable errors: the larger of 187 (reported) and 198 (offline). */
    public long uncorrectable() {
        return Math.max(count(SmartAttribute.REPORTED_UNCORRECTABLE), count(SmartAttribute.OFFLINE_UNCORRECTABLE));
    }
}
