package org.orion.harness.scenario.crash;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One crash-state explorer (a kernel with the RAID driver) shared by the tests of a class. */
abstract class ExplorerTestBase {
    static CrashStateExplorer explorer;

    @BeforeAll
    static void startKernel() {
        explorer = CrashStateExplorer.withOwnKernel();
    }

    @AfterAll
    static void stopKernel() {
        explorer.close();
    }
}
