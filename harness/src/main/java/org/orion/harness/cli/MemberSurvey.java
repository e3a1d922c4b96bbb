package org.orion.harness.cli;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.block.BlockDevice;

/**
 * What the members' superblocks said before assembly, read from the driver's {@code --examine}
 * text of each device (the CLI never decodes superblocks itself): the freshest member's event
 * count, whether the array was stopped cleanly, and how many slots it had active when it last
 * ran. mdadm uses the last to decide whether an assembly with fewer members needs {@code --run}.
 * Devices the driver cannot examine are skipped here; assembly reports them.
 */
record MemberSurvey(long events, boolean clean, String arrayState) {
    private static final Pattern EVENTS = Pattern.compile("(?m)^\\s*Events : (\\d+)$");
    private static final Pattern STATE = Pattern.compile("(?m)^\\s*State : (\\S+)$");
    private static final Pattern ARRAY_STATE = Pattern.compile("(?m)^\\s*Array State : (\\S+)");

    /** The survey of the freshest examinable member, or empty when none could be examined. */
    static Optional<MemberSurvey> of(ArrayService raid, List<BlockDevice> devices) {
        MemberSurvey best = null;
        for (BlockDevice device : devices) {
            if (device == null) {
                continue;
            }
            String text;
            try {
                text = raid.examine(device, "text");
            } catch (OrionException e) {
                continue;
            }
            Matcher events = EVENTS.matcher(text);
            Matcher state = STATE.matcher(text);
            Matcher slots = ARRAY_STATE.matcher(text);
            if (!events.find() || !state.find() || !slots.find()) {
                continue;
            }
            MemberSurvey survey = new MemberSurvey(Long.parseUnsignedLong(events.group(1)),
                    state.group(1).equals("clean"), slots.group(1));
            if (best == null || Long.compareUnsigned(survey.events, best.events) > 0) {
                best = survey;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Slots that were active (or being replaced) when the array last ran: 'A' and 'R' in "AA.A". */
    int activeSlots() {
        return (int) arrayState.chars().filter(c -> c == 'A' || c == 'R').count();
    }
}
