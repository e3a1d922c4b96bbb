package org.orion.harness.scenario;

import java.util.List;
import java.util.Locale;

/**
 * What must hold at the end of a scenario for it to pass. Wrong data (a read returning bytes that
 * are not an acceptable version of the latest acknowledged writes) always fails, whatever else is
 * expected.
 *
 * @param data             how reads may fail
 * @param state            the array's state at the end ({@code clean}, {@code degraded}, {@code failed}),
 *                         or null for any
 * @param events           event kinds that must have been raised
 * @param absentEvents     event kinds that must not have been raised
 * @param assemblyRefused  true if a reassembly must be refused (md's dirty degraded rule)
 */
public record Expectations(DataRule data, String state, List<String> events, List<String> absentEvents,
                           boolean assemblyRefused) {
    public Expectations {
        events = List.copyOf(events);
        absentEvents = List.copyOf(absentEvents);
    }

    /** How the scenario's reads and writes may fail. */
    public enum DataRule {
        /** Every request succeeds and every read returns acknowledged data. */
        INTACT,
        /**
         * Reads may fail only inside array ranges the array reported lost (BadBlocksRecorded),
         * and at least one such range must have been reported.
         */
        LOST_RANGES_ONLY,
        /**
         * Beyond the redundancy: at least one request must fail, and a read that succeeds still
         * returns acknowledged data (errors, never wrong data).
         */
        FAIL_CLEANLY,
        /**
         * The campaign's rule: requests may fail only while the array is beyond its redundancy
         * (checked for every run anyway), and nothing more is asked.
         */
        REDUNDANCY;

        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
