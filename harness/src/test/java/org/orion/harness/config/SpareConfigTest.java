package org.orion.harness.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/** The spare pool in orion.toml: {@code [spares] pool}, {@code [[spare_groups]]} and {@code spare_group}. */
class SpareConfigTest {
    /** Five 16 MiB disks s/d0..s/d4 (lines 1-23) and one 8 MiB disk t/small (lines 24-30). */
    private static final String DISKS = ConfigLoaderTest.disks("s", 5)
            + "[[controllers]]\nname = \"t\"\ntransport = \"nvme\"\n"
            + "[[controllers.disks]]\nname = \"small\"\nsize = \"8MB\"\nbacking = \"heap\"\n";
    /** A RAID1 md0 of s/d0 and s/d1, lines 31-34. */
    private static final String MD0 = DISKS + "[[arrays]]\nname = \"md0\"\nlevel = 1\nmembers = [\"s/d0\", \"s/d1\"]\n";

    @Test
    void shouldReadThePoolTheGroupsAndEachArraysGroup() {
        OrionConfig config = ConfigLoaderTest.parse(MD0 + "spare_group = \"fast\"\n"
                + "[[arrays]]\nname = \"md1\"\nlevel = 1\nmembers = [\"s/d2\", \"s/d3\"]\n"
                + "[[spare_groups]]\nname = \"fast\"\nspares = [\"s/d4\"]\n"
                + "[spares]\npool = [\"u/x\"]\n"
                + "[[controllers]]\nname = \"u\"\ntransport = \"sas\"\ndisks = [{ name = \"x\", size = \"32MB\" }]\n");
        assertEquals(Optional.of("fast"), config.arrays().get(0).spareGroup());
        assertEquals(Optional.empty(), config.arrays().get(1).spareGroup());
        assertEquals(List.of("u/x"), config.spares().pool());
        assertEquals(List.of(new SpareGroupSpec("fast", List.of("s/d4"))), config.spares().groups());
        assertEquals(Optional.of("fast"), config.spares().groupOf("s/d4"));
        assertEquals(Optional.empty(), config.spares().groupOf("u/x"));
        assertEquals(List.of("u/x", "s/d4"), config.spares().allPoolDisks());
    }

    @Test
    void shouldHaveNoPoolWhenTheFileNamesNone() {
        OrionConfig config = ConfigLoaderTest.parse(MD0);
        assertEquals(SpareSettings.NONE, config.spares());
        assertEquals(Optional.empty(), config.arrays().get(0).spareGroup());
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
            Arguments.of("unknown group reference", MD0 + "spare_group = \"fast\"\n",
                "test.toml:35: [[arrays]] md0: spare_group = \"fast\" names no [[spare_groups]] entry (allowed: the "
                    + "name of a [[spare_groups]] entry (none is defined))"),
            Arguments.of("pool disk that is an array member", MD0 + "[spares]\npool = [\"s/d1\"]\n",
                "test.toml:36: [spares] pool = [\"s/d1\"] lists 's/d1', which is already a member of array md0 "
                    + "(allowed: disks that belong to no array; a disk is either in one array or in the pool)"),
            Arguments.of("group spare that is an array's spare", MD0 + "spares = [\"s/d2\"]\nspare_group = \"fast\"\n"
                    + "[[spare_groups]]\nname = \"fast\"\nspares = [\"s/d2\"]\n",
                "test.toml:39: [[spare_groups]] fast: spares = [\"s/d2\"] lists 's/d2', which is already a spare of "
                    + "array md0 (allowed: disks that belong to no array; a disk is either in one array or in the pool)"),
            Arguments.of("spare listed twice", MD0 + "spare_group = \"fast\"\n"
                    + "[[spare_groups]]\nname = \"fast\"\nspares = [\"s/d2\"]\n[spares]\npool = [\"s/d2\"]\n",
                "test.toml:40: [spares] pool = [\"s/d2\"] lists 's/d2' twice (it is already in spare group fast) "
                    + "(allowed: each pool disk once)"),
            Arguments.of("array spare smaller than its members", MD0 + "spares = [\"t/small\"]\n",
                "test.toml:35: [[arrays]] md0: spares = [\"t/small\"] lists 't/small' (8388608 bytes), smaller than "
                    + "the array's smallest member (16777216 bytes) (allowed: spares at least as large as every member)"),
            Arguments.of("pool spare too small for every array", MD0 + "[spares]\npool = [\"t/small\"]\n",
                "test.toml:36: [spares] pool = [\"t/small\"] lists 't/small' (8388608 bytes), smaller than the members "
                    + "of every array it could serve (the smallest needs 16777216 bytes) (allowed: disks at least as "
                    + "large as the smallest member of an array they may serve)"),
            Arguments.of("group no array uses", MD0 + "[[spare_groups]]\nname = \"idle\"\nspares = [\"s/d2\"]\n",
                "test.toml:35: [[spare_groups]] idle: is the spare group of no array (allowed: set spare_group = "
                    + "\"idle\" in an [[arrays]] entry, or remove the group)"),
            Arguments.of("pool disk nobody defines", MD0 + "[spares]\npool = [\"s/d9\"]\n",
                "test.toml:36: [spares] pool = [\"s/d9\"] names 's/d9', which no [[controllers.disks]] entry defines "
                    + "(allowed: disks defined under [[controllers]], written \"controller/disk\", in no array)"),
            Arguments.of("two groups of one name", MD0 + "spare_group = \"g\"\n[[spare_groups]]\nname = \"g\"\n"
                    + "[[spare_groups]]\nname = \"g\"\n",
                "test.toml:39: [[spare_groups]] #2: name = \"g\" is used by another spare group (allowed: a name "
                    + "unique among [[spare_groups]])"),
            Arguments.of("unknown pool key", MD0 + "[spares]\nglobal = [\"s/d2\"]\n",
                "test.toml:36: [spares] unknown key 'global' (allowed: pool)"),
            Arguments.of("pool that is no list", MD0 + "[spares]\npool = \"s/d2\"\n",
                "test.toml:36: [spares] pool = \"s/d2\" is not a list (allowed: disks defined under [[controllers]], "
                    + "written \"controller/disk\", in no array)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void shouldStopWithOneLineNamingFileLineKeyAndWhatIsAllowed(String name, String toml, String expected) {
        OrionException e = assertThrows(OrionException.class, () -> ConfigLoaderTest.parse(toml));
        assertEquals(ErrorCode.CONFIG, e.code());
        assertEquals(expected, e.getMessage());
    }
}
