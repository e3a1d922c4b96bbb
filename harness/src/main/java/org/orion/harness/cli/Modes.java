package org.orion.harness.cli;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place modes are registered. Adding a mode is one class and one line here; the
 * dispatcher, {@code --help} and the usage line pick it up from this list.
 */
final class Modes {
    private static final List<Mode> ALL = List.of(
            new CreateMode(),
            new AssembleMode(),
            new ExamineMode(),
            new ExamineBadBlocksMode(),
            new DetailMode(),
            new StopMode(),
            new ZeroSuperblockMode(),
            new ActionMode(),
            new ImageMode(),
            new HwMode(),
            new DemoMode(),
            new ScenarioMode(),
            new ServeMode(),
            new MdstatMode(),
            new ManageMode(),
            new MonitorMode());

    private Modes() {
    }

    static List<Mode> all() {
        return ALL;
    }

    /** The mode selected by {@code word}, by name or alias. */
    static Optional<Mode> find(String word) {
        // "--action=check" selects --action; the mode reads the value itself.
        String name = word.startsWith("--") && word.indexOf('=') > 0 ? word.substring(0, word.indexOf('=')) : word;
        return ALL.stream().filter(m -> m.name().equals(name) || m.aliases().contains(name)).findFirst();
    }

    /** "hw|serve|--create", for the usage line. */
    static String names() {
        return ALL.stream().map(Mode::name).collect(Collectors.joining("|"));
    }
}
