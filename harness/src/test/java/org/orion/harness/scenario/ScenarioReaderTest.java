package org.orion.harness.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;

/** Bad scenario files are refused with the file, the line and the reason; good ones read back exactly. */
class ScenarioReaderTest {
    @Test
    void shouldReadTheTopologyWorkloadScheduleAndExpectations() {
        Scenario s = ScenarioReader.parse(ScenarioTexts.RAID5, "t.toml");
        assertEquals("test-raid5", s.name());
        assertEquals(5, s.topology().array().level());
        assertEquals("left-symmetric", s.topology().array().layout());
        assertEquals(16384, s.topology().array().chunkBytes());
        assertEquals(3L << 20, s.topology().disk("s0").orElseThrow().disk().sizeBytes());
        assertEquals(120, s.workload().operations());
        assertEquals(StepKind.FAIL_STOP, s.steps().get(0).kind());
        assertEquals(Expectations.DataRule.INTACT, s.expectations().data());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "disk_size = |disk_size = \"3M\"\\ncolour = \"red\"|t.toml:8: [[controllers]] #1 unknown key 'colour'",
        "level = |level = 7|t.toml:10: [array] level = 7 is not a level scenarios can build",
        "members = |members = [\"d0\", \"d1\"]|t.toml:12: [array] members = [\"d0\", \"d1\"] has 2 member(s), fewer than raid5 needs",
        "members = |members = [\"d0\", \"d1\", \"d2\", \"d9\"]|t.toml:12: [array] members = [\"d0\", \"d1\", \"d2\", \"d9\"] names disk 'd9', which no controller has",
        "disk = |disk = \"d7\"|t.toml:22: [[schedule]] #1 disk = \"d7\" names a disk no controller has",
        "kind = |kind = \"meteor\"|t.toml:21: [[schedule]] #1 kind = \"meteor\" is not a step kind",
        "at_op = |at_op = 500|t.toml:20: [[schedule]] #1 at_op = 500 is out of range",
        "data = |data = \"mostly\"|t.toml:25: [expect] data = \"mostly\" is not a known value",
        "spares = |spares = [\"d0\"]|t.toml:13: [array] spares = [\"d0\"] uses disk 'd0' twice"})
    void shouldRefuseABadFileNamingTheLineAndTheReason(String prefix, String line, String expectedStart) {
        OrionException e = assertThrows(OrionException.class,
                () -> ScenarioReader.parse(ScenarioTexts.raid5With(prefix, line.replace("\\n", "\n")), "t.toml"));
        assertEquals(ErrorCode.CONFIG, e.code());
        assertEquals(expectedStart, e.getMessage().substring(0, Math.min(e.getMessage().length(), expectedStart.length())),
                e.getMessage());
    }

    @Test
    void shouldRefuseASpareSmallerThanTheMembers() {
        String text = ScenarioTexts.raid5With("disk_size = ", "disk_size = \"3M\"\nsizes = { s0 = \"2M\" }");
        OrionException e = assertThrows(OrionException.class, () -> ScenarioReader.parse(text, "t.toml"));
        assertEquals("t.toml:14: [array] spares = [\"s0\"] has spare s0 of 2MiB, smaller than the members' 3MiB",
                e.getMessage().substring(0, e.getMessage().indexOf(": it could")), e.getMessage());
    }

    @Test
    void shouldRefuseScheduleEntriesOutOfTimeOrder() {
        String text = ScenarioTexts.RAID5 + "\n[[schedule]]\nat_op = 10\nkind = \"power_loss\"\n";
        OrionException e = assertThrows(OrionException.class, () -> ScenarioReader.parse(text, "t.toml"));
        assertEquals(ErrorCode.CONFIG, e.code());
        assertEquals(true, e.getMessage().contains("comes before the entry above it"), e.getMessage());
    }
}
