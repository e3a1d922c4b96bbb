package org.orion.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/** Every kind of bad orion.toml stops with one CONFIG line naming file, line, key, value and what is allowed. */
class ConfigErrorsTest {
    private static final String SATA3 = ConfigLoaderTest.disks("s", 3); // 15 lines

    static Stream<Arguments> badFiles() {
        return Stream.of(
            Arguments.of("syntax error", "[raid]\narray_chunk_size = \n",
                "test.toml:2: TOML syntax error: "),
            Arguments.of("duplicate key", "[raid]\nwrite_back_cache = true\nwrite_back_cache = false\n",
                "test.toml:3: TOML syntax error: "),
            Arguments.of("unknown section", "[kernel]\n\n[radi]\nx = 1\n",
                "test.toml:3: unknown section or key 'radi' (allowed: kernel, raid, controllers, arrays, spares, spare_groups, nbd)"),
            Arguments.of("unknown key", "[raid]\narray_chunk_size = \"64KB\"\nchunk_size = \"64KB\"\n",
                "test.toml:3: [raid] unknown key 'chunk_size' (allowed: array_max_devices, array_max_size, "
                    + "array_chunk_size, array_stripe_cache_size, raid_level_support, raid_level_default, "
                    + "raid_level_auto_select, read_ahead_size, write_back_cache, write_back_cache_size, io_scheduler, "
                    + "rebuild_priority, scrub_interval, parity_check_interval, hot_spare_auto_allocate)"),
            Arguments.of("chunk not a power of two", "\n[raid]\narray_chunk_size = \"500KB\"\n",
                "test.toml:3: [raid] array_chunk_size = \"500KB\" is not a power of two (allowed: 4KiB..64MiB, a power of two)"),
            Arguments.of("chunk too small", "[raid]\narray_chunk_size = \"2KB\"\n",
                "test.toml:2: [raid] array_chunk_size = \"2KB\" is out of range (allowed: 4KiB..64MiB)"),
            Arguments.of("negative size", "[raid]\nwrite_back_cache_size = \"-1MB\"\n",
                "test.toml:2: [raid] write_back_cache_size = \"-1MB\" is negative (allowed: 1MiB..64GiB, "
                    + ByteSizes.SYNTAX + ")"),
            Arguments.of("negative integer size", "[raid]\nread_ahead_size = -4096\n",
                "test.toml:2: [raid] read_ahead_size = -4096 is negative (allowed: 0..1GiB)"),
            Arguments.of("absurd size", "[raid]\narray_max_size = \"9000PB\"\n",
                "test.toml:2: [raid] array_max_size = \"9000PB\" is too large (allowed: 1MiB..1EiB, " + ByteSizes.SYNTAX + ")"),
            Arguments.of("size that is no size", "[raid]\narray_max_size = \"big\"\n",
                "test.toml:2: [raid] array_max_size = \"big\" is not a size (allowed: 1MiB..1EiB, " + ByteSizes.SYNTAX + ")"),
            Arguments.of("wrong type: string for int", "[raid]\narray_stripe_cache_size = \"256\"\n",
                "test.toml:2: [raid] array_stripe_cache_size = \"256\" is not an integer (allowed: 17..32768)"),
            Arguments.of("wrong type: string for bool", "[raid]\nwrite_back_cache = \"yes\"\n",
                "test.toml:2: [raid] write_back_cache = \"yes\" is not a boolean (allowed: true or false, without quotes)"),
            Arguments.of("integer out of range", "[raid]\narray_max_devices = 5000\n",
                "test.toml:2: [raid] array_max_devices = 5000 is out of range (allowed: 2..1920)"),
            Arguments.of("unknown RAID level", "[raid]\nraid_level_support = [0, 1, 7]\n",
                "test.toml:2: [raid] raid_level_support = [0, 1, 7] names unknown RAID level 7 (allowed: a non-empty "
                    + "list of distinct levels among 0, 1, 4, 5, 6, 10, 50, 60)"),
            Arguments.of("default level not supported", "[raid]\nraid_level_support = [1, 5]\nraid_level_default = 6\n",
                "test.toml:3: [raid] raid_level_default = 6 is not in raid_level_support (allowed: 1, 5)"),
            Arguments.of("unknown scheduler", "[raid]\nio_scheduler = \"cfq\"\n",
                "test.toml:2: [raid] io_scheduler = \"cfq\" is not a known value (allowed: \"none\", \"fifo\", \"deadline\")"),
            Arguments.of("unknown priority", "[raid]\nrebuild_priority = \"urgent\"\n",
                "test.toml:2: [raid] rebuild_priority = \"urgent\" is not a known value (allowed: \"low\", \"medium\", \"high\")"),
            Arguments.of("bad interval", "[raid]\nscrub_interval = \"weekly\"\n",
                "test.toml:2: [raid] scrub_interval = \"weekly\" is not an interval (allowed: " + Intervals.SYNTAX
                    + "; at least 1m, at most 365d)"),
            Arguments.of("interval too long", "[raid]\nparity_check_interval = \"400d\"\n",
                "test.toml:2: [raid] parity_check_interval = \"400d\" is out of range (allowed: " + Intervals.SYNTAX
                    + "; at least 1m, at most 365d)"),
            Arguments.of("unknown log level", "[kernel]\nlog_level = \"loud\"\n",
                "test.toml:2: [kernel] log_level = \"loud\" is not a known value (allowed: \"error\", \"warn\", \"info\", "
                    + "\"debug\", \"trace\")"),
            Arguments.of("controller without transport", "[[controllers]]\nname = \"c0\"\n",
                "test.toml:1: [[controllers]] c0: is missing key 'transport' (allowed: \"sata\", \"sas\", \"nvme\")"),
            Arguments.of("controller without name", "[[controllers]]\ntransport = \"sas\"\n",
                "test.toml:1: [[controllers]] #1: is missing key 'name' (allowed: " + HardwareSectionReader.NAME_RULE + ")"),
            Arguments.of("bad controller name", "[[controllers]]\nname = \"sata 0\"\n",
                "test.toml:2: [[controllers]] #1: name = \"sata 0\" is not a valid name (allowed: "
                    + HardwareSectionReader.NAME_RULE + ")"),
            Arguments.of("duplicate controller", "[[controllers]]\nname = \"c\"\ntransport = \"sas\"\n"
                    + "[[controllers]]\nname = \"c\"\ntransport = \"sas\"\n",
                "test.toml:5: [[controllers]] #2: name = \"c\" is used by another controller (allowed: a name unique "
                    + "among [[controllers]])"),
            Arguments.of("zero latency with overrides", "[[controllers]]\nname = \"c\"\ntransport = \"sas\"\n"
                    + "latency = \"zero\"\nflush_latency_us = 5\n",
                "test.toml:5: [[controllers]] c: flush_latency_us = 5 cannot be combined with latency = \"zero\" "
                    + "(allowed: leave it out, or use latency = \"typical\")"),
            Arguments.of("controllers written as one table", "[controllers]\nname = \"c\"\n",
                "test.toml:1:  controllers = {...} is not an array of tables (allowed: [[controllers]] entries)"),
            Arguments.of("duplicate disk name", SATA3 + "[[controllers.disks]]\nname = \"d1\"\nsize = \"16MB\"\n",
                "test.toml:17: [[controllers.disks]] s #4: name = \"d1\" is used by another disk of controller s "
                    + "(allowed: a name unique within its controller)"),
            Arguments.of("disk without size", "[[controllers]]\nname = \"c\"\ntransport = \"nvme\"\n"
                    + "[[controllers.disks]]\nname = \"n0\"\n",
                "test.toml:4: [[controllers.disks]] c/n0: is missing key 'size' (allowed: 1MiB..16TiB, "
                    + ByteSizes.SYNTAX + ")"),
            Arguments.of("absurd heap disk", "[[controllers]]\nname = \"c\"\ntransport = \"nvme\"\n"
                    + "[[controllers.disks]]\nname = \"n0\"\nbacking = \"heap\"\nsize = \"2TB\"\n",
                "test.toml:7: [[controllers.disks]] c/n0: size = \"2TB\" is out of range (allowed: 1MiB..1TiB)"),
            Arguments.of("disk size not a block multiple", "[[controllers]]\nname = \"c\"\ntransport = \"nvme\"\n"
                    + "[[controllers.disks]]\nname = \"n0\"\nlogical_block = 4096\nsize = 2098176\n",
                "test.toml:7: [[controllers.disks]] c/n0: size = 2098176 is not a multiple of the logical block "
                    + "(4096 bytes) (allowed: a multiple of logical_block)"),
            Arguments.of("block not a power of two", "[[controllers]]\nname = \"c\"\ntransport = \"nvme\"\n"
                    + "[[controllers.disks]]\nname = \"n0\"\nsize = \"16MB\"\nphysical_block = 6144\n",
                "test.toml:7: [[controllers.disks]] c/n0: physical_block = 6144 is not a power of two (allowed: a "
                    + "power of two from 512 to 65536 bytes; disks use 512 or 4096)"),
            Arguments.of("unknown disk key", "[[controllers]]\nname = \"c\"\ntransport = \"nvme\"\n"
                    + "[[controllers.disks]]\nname = \"n0\"\nsize = \"16MB\"\nrpm = 7200\n",
                "test.toml:7: [[controllers.disks]] c/n0: unknown key 'rpm' (allowed: name, size, logical_block, "
                    + "physical_block, backing, path, volatile_cache)"),
            Arguments.of("path on a heap disk", "[[controllers]]\nname = \"c\"\ntransport = \"nvme\"\n"
                    + "[[controllers.disks]]\nname = \"n0\"\nsize = \"16MB\"\nbacking = \"heap\"\npath = \"x.img\"\n",
                "test.toml:8: [[controllers.disks]] c/n0: path = \"x.img\" only applies to backing = \"file\" "
                    + "(allowed: leave it out for heap disks)"),
            Arguments.of("two disks on one image", "[[controllers]]\nname = \"c\"\ntransport = \"nvme\"\n"
                    + "[[controllers.disks]]\nname = \"n0\"\nsize = \"16MB\"\npath = \"x.img\"\n"
                    + "[[controllers.disks]]\nname = \"n1\"\nsize = \"16MB\"\npath = \"x.img\"\n",
                "test.toml:11: [[controllers.disks]] c/n1: path = \"x.img\" is also the image of c/n0 "
                    + "(allowed: a file no other disk uses)"),
            Arguments.of("array member that does not exist", SATA3 + "[[arrays]]\nname = \"md0\"\nlevel = 5\n"
                    + "members = [\"s/d0\", \"s/d1\", \"s/d9\"]\n",
                "test.toml:19: [[arrays]] md0: members = [\"s/d0\", \"s/d1\", \"s/d9\"] names 's/d9', which no "
                    + "[[controllers.disks]] entry defines (allowed: disks defined under [[controllers]], written "
                    + "\"controller/disk\", e.g. \"s/d0\")"),
            Arguments.of("array level unknown", SATA3 + "[[arrays]]\nname = \"md0\"\nlevel = 3\n"
                    + "members = [\"s/d0\", \"s/d1\", \"s/d2\"]\n",
                "test.toml:18: [[arrays]] md0: level = 3 is not a RAID level (allowed: 0, 1, 4, 5, 6, 10, 50, 60 "
                    + "([raid] raid_level_support))"),
            Arguments.of("array level not supported", "[raid]\nraid_level_support = [1]\n" + SATA3
                    + "[[arrays]]\nname = \"md0\"\nlevel = 5\nmembers = [\"s/d0\", \"s/d1\", \"s/d2\"]\n",
                "test.toml:20: [[arrays]] md0: level = 5 is not in [raid] raid_level_support (allowed: 1 "
                    + "([raid] raid_level_support))"),
            Arguments.of("too few members", SATA3 + "[[arrays]]\nname = \"md0\"\nlevel = 6\n"
                    + "members = [\"s/d0\", \"s/d1\", \"s/d2\"]\n",
                "test.toml:19: [[arrays]] md0: members = [\"s/d0\", \"s/d1\", \"s/d2\"] has 3 disk(s), too few for "
                    + "RAID6 (allowed: at least 4 for RAID6)"),
            Arguments.of("disk in two arrays", SATA3 + "[[arrays]]\nname = \"a\"\nlevel = 1\nmembers = [\"s/d0\", \"s/d1\"]\n"
                    + "[[arrays]]\nname = \"b\"\nlevel = 1\nmembers = [\"s/d1\", \"s/d2\"]\n",
                "test.toml:23: [[arrays]] b: members = [\"s/d1\", \"s/d2\"] uses 's/d1', which already belongs to "
                    + "array a (allowed: a disk serves one array)"),
            Arguments.of("array chunk not a power of two", SATA3 + "[[arrays]]\nname = \"md0\"\nlevel = 5\n"
                    + "members = [\"s/d0\", \"s/d1\", \"s/d2\"]\nchunk = \"96KB\"\n",
                "test.toml:20: [[arrays]] md0: chunk = \"96KB\" is not a power of two (allowed: 4KiB..64MiB, a power of two)"),
            Arguments.of("layout of another level", SATA3 + "[[arrays]]\nname = \"md0\"\nlevel = 5\n"
                    + "members = [\"s/d0\", \"s/d1\", \"s/d2\"]\nlayout = \"n2\"\n",
                "test.toml:20: [[arrays]] md0: layout = \"n2\" is not a layout of RAID5 (allowed: \"left-asymmetric\", "
                    + "\"left-symmetric\", \"right-asymmetric\", \"right-symmetric\", \"parity-first\", \"parity-last\")"),
            Arguments.of("unequal legs", ConfigLoaderTest.disks("s", 7) + "[[arrays]]\nname = \"md0\"\nlevel = 50\n"
                    + "members = [\"s/d0\", \"s/d1\", \"s/d2\", \"s/d3\", \"s/d4\", \"s/d5\", \"s/d6\"]\n",
                "test.toml:32: [[arrays]] md0: 7 members do not split into 2 equal RAID5 legs (legs defaults to 2) of at "
                    + "least 3 members (allowed: set legs to a divisor of the member count leaving at least 3 per leg)"),
            Arguments.of("bad create policy", SATA3 + "[[arrays]]\nname = \"md0\"\nlevel = 1\n"
                    + "members = [\"s/d0\", \"s/d1\"]\ncreate = \"always\"\n",
                "test.toml:20: [[arrays]] md0: create = \"always\" is not a known value (allowed: \"never\", "
                    + "\"on-first-start\")"),
            Arguments.of("bad listen address", "[nbd]\nlisten = \"localhost\"\n",
                "test.toml:2: [nbd] listen = \"localhost\" is not an address (allowed: \"host:port\" or \"[ipv6]:port\" "
                    + "with a port 1..65535, e.g. \"127.0.0.1:10809\")"),
            Arguments.of("port out of range", "[nbd]\nlisten = \"127.0.0.1:70000\"\n",
                "test.toml:2: [nbd] listen = \"127.0.0.1:70000\" has a port out of range (allowed: \"host:port\" or "
                    + "\"[ipv6]:port\" with a port 1..65535, e.g. \"127.0.0.1:10809\")"),
            Arguments.of("export of nothing", "[nbd]\nexport = \"md9\"\n",
                "test.toml:2: [nbd] export = \"md9\" names no array or disk (allowed: the name of an [[arrays]] entry "
                    + "or a \"controller/disk\")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void shouldStopWithOneLineNamingFileLineKeyAndWhatIsAllowed(String name, String toml, String expected) {
        OrionException e = assertThrows(OrionException.class, () -> ConfigLoaderTest.parse(toml));
        assertEquals(ErrorCode.CONFIG, e.code());
        String message = e.getMessage();
        assertEquals(-1, message.indexOf('\n'), "one line");
        if (expected.endsWith(": ")) {
            assertEquals(expected, message.substring(0, Math.min(message.length(), expected.length())), message);
        } else {
            assertEquals(expected, message);
        }
    }
}
