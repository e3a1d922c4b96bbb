package org.orion.harness.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One validated {@code [[controllers.disks]]} entry: a simulated disk.
 *
 * @param name               the disk's name on its controller
 * @param capacityBytes      size, a multiple of the logical block
 * @param logicalBlockBytes  addressing unit (512 or 4096 on real disks)
 * @param physicalBlockBytes atomic write unit
 * @param backing            where the content lives
 * @param backingFile        absolute path of the sparse file for {@link Backing#FILE}, null for heap
 * @param volatileCache      completed writes may be lost at a simulated power loss until flushed
 */
public record DiskSpec(String name, long capacityBytes, int logicalBlockBytes, int physicalBlockBytes,
                       Backing backing, Path backingFile, boolean volatileCache) {
    /** Where a simulated disk keeps its content. */
    public enum Backing {
        /** On the Java heap: fast, gone when the process ends. */
        HEAP,
        /** In a sparse file that survives restarts, so arrays can be assembled again. */
        FILE;

        /** The spelling used in orion.toml. */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DiskSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backing, "backing");
        if ((backing == Backing.FILE) != (backingFile != null)) {
            throw new IllegalArgumentException("disk " + name + ": a backing file goes with backing = \"file\" only");
        }
    }
}
