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
 * count and whether the array was stopped cleanly.
 * Devices the driver cannot examine are skipped here; assembly reports them.
 */
record MemberSurvey(long events, boolean clean) {
    private static final Pattern EVENTS = Pattern.compile("(?m)^\\s*Events : (\\d+)$");
    private static final Pattern STATE = Pattern.compile("(?m)^\\s*State : (\\S+)$");

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
            if (!events.find() || !state.find()) {
                continue;
            }
            MemberSurvey survey = new MemberSurvey(Long.parseUnsignedLong(events.group(1)),
                    state.group(1).equals("clean"));
            if (best == null || Long.compareUnsigned(survey.events, best.events) > 0) {
                best = survey;
            }
        }
        return Optional.ofNullable(best);
    }
}
