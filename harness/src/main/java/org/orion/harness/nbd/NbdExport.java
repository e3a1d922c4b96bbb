package org.orion.harness.nbd;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.orion.driver.api.block.BlockDevice;

/**
 * One export: a name clients ask for, the device behind it, and how it is offered.
 *
 * @param name        what clients ask for ({@code nbd://host/NAME}); UTF-8, at most 4096 bytes, may
 *                    not be empty (the empty name means "the default export", see
 *                    {@link NbdServerBuilder#defaultExport})
 * @param device      the device served; the server never closes it
 * @param readOnly    true to refuse WRITE, TRIM and WRITE_ZEROES with EPERM
 * @param description free text shown by {@code nbdinfo} (may be empty)
 */
public record NbdExport(String name, BlockDevice device, boolean readOnly, String description) {
    public NbdExport {
        Objects.requireNonNull(name, "export name");
        Objects.requireNonNull(device, "device of export " + name);
        description = description == null ? "" : description;
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an NBD export needs a non-empty name; clients that ask for the"
                    + " empty name get the default export");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > NbdProtocol.MAX_STRING_BYTES
                || description.getBytes(StandardCharsets.UTF_8).length > NbdProtocol.MAX_STRING_BYTES) {
            throw new IllegalArgumentException("NBD export " + name.substring(0, Math.min(40, name.length()))
                    + "...: name and description must each fit in " + NbdProtocol.MAX_STRING_BYTES + " UTF-8 bytes");
        }
    }

    /** A writable export with no description. */
    public static NbdExport of(String name, BlockDevice device) {
        return new NbdExport(name, device, false, "");
    }
}
