package org.orion.harness;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.orion.driver.api.ErrorCode;
import org.orion.driver.api.OrionException;
import org.orion.driver.api.array.ArrayService;
import org.orion.driver.api.block.BlockDevice;
import org.orion.harness.config.ArraySpec;
import org.orion.harness.config.OrionConfig;

/**
 * The devices to assemble a configured array from. Spares travel: a pool disk or another array's
 * spare may have rebuilt a slot of this array (and a configured spare may have moved away), so the
 * configuration's lists are not the truth; the superblocks are, as they are for mdadm --assemble
 * --scan. So besides the configured members (always passed, so a wrong member is still refused
 * loudly), every disk that could have joined (the array's own spares, the pool disks, the spares
 * of the arrays of its spare group) is passed when its superblock carries this array's UUID.
 * A configured spare with no superblock at all was listed after the array was created: it is
 * added once the array runs.
 *
 * @param devices     what to assemble from
 * @param blankSpares configured spares without a superblock, to add after assembly
 * @param notes       what was left out and why, for the log
 */
record AssemblyCandidates(List<BlockDevice> devices, List<BlockDevice> blankSpares, List<String> notes) {
    private static final Pattern UUID = Pattern.compile("UUID=(\\S+)");

    static AssemblyCandidates of(ArraySpec spec, OrionConfig config, ArrayService raid,
                                 Function<String, BlockDevice> device) {
        List<BlockDevice> devices = new ArrayList<>();
        Optional<String> uuid = Optional.empty();
        for (String name : spec.members()) {
            BlockDevice member = device.apply(name);
            devices.add(member);
            if (uuid.isEmpty()) {
                uuid = uuidOf(raid, member);
            }
        }
        Set<String> extras = new LinkedHashSet<>(spec.spares());
        extras.addAll(config.spares().allPoolDisks());
        spec.spareGroup().ifPresent(group -> config.arrays().stream()
                .filter(a -> !a.name().equals(spec.name()) && a.spareGroup().equals(spec.spareGroup()))
                .forEach(a -> extras.addAll(a.spares())));
        extras.removeAll(spec.members());
        List<BlockDevice> blank = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String name : extras) {
            boolean own = spec.spares().contains(name);
            BlockDevice candidate;
            try {
                candidate = device.apply(name);
            } catch (OrionException e) {
                if (own) {
                    throw e;
                }
                continue;
            }
            Optional<String> theirs = uuidOf(raid, candidate);
            if (theirs.isEmpty()) {
                if (own) {
                    blank.add(candidate);
                }
            } else if (theirs.equals(uuid)) {
                devices.add(candidate);
            } else if (own) {
                notes.add(name + ", listed as a spare, now belongs to another array (UUID " + theirs.get()
                        + "): left out");
            }
        }
        return new AssemblyCandidates(devices, blank, notes);
    }

    /** The array UUID in {@code device}'s superblock, or empty when it has none. */
    private static Optional<String> uuidOf(ArrayService raid, BlockDevice device) {
        try {
            Matcher m = UUID.matcher(raid.examine(device, "brief"));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (OrionException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
