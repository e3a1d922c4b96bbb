package org.orion.harness.spare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which spare an array that lost a member gets from outside itself, and why each other one is not
 * used. Pure: it sees a snapshot of the candidates and decides; {@link SparePool} gathers the
 * snapshot and carries the decision out.
 *
 * <p>Order of preference: pool disks reserved for the array's spare group (nobody else may use
 * them), then global pool disks, then an idle spare of another array of the same spare group
 * (mdadm's MoveSpare, which leaves that array without a spare, so it comes last). A candidate is
 * passed over when it is too small, unhealthy, or of the wrong group.
 */
final class SpareChoice {
    /**
     * A disk that could take the slot.
     *
     * @param disk        {@code controller/disk}
     * @param bytes       its capacity
     * @param healthy     its own health verdict passes (true when it has none)
     * @param reservedFor for a pool disk, the spare group it is reserved for (empty: global)
     * @param heldBy      the array holding it as an idle spare, or empty for a pool disk
     * @param holderGroup the spare group of {@code heldBy}, if any
     */
    record Candidate(String disk, long bytes, boolean healthy, Optional<String> reservedFor, Optional<String> heldBy,
                     Optional<String> holderGroup) {
        static Candidate pool(String disk, long bytes, boolean healthy, Optional<String> reservedFor) {
            return new Candidate(disk, bytes, healthy, reservedFor, Optional.empty(), Optional.empty());
        }

        static Candidate heldBy(String disk, long bytes, boolean healthy, String array, Optional<String> group) {
            return new Candidate(disk, bytes, healthy, Optional.empty(), Optional.of(array), group);
        }

        private int rank() {
            return heldBy.isPresent() ? 2 : reservedFor.isPresent() ? 0 : 1;
        }
    }

    /** A candidate passed over and why. */
    record Refusal(String disk, String reason) {
    }

    /** The chosen candidate, if any, and every refusal (in candidate order). */
    record Decision(Optional<Candidate> chosen, List<Refusal> refusals) {
    }

    private SpareChoice() {
    }

    static Decision choose(String array, Optional<String> group, long minimumBytes, List<Candidate> candidates) {
        List<Candidate> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparingInt(Candidate::rank));
        List<Refusal> refusals = new ArrayList<>();
        for (Candidate c : ordered) {
            String why = refusal(array, group, minimumBytes, c);
            if (why == null) {
                return new Decision(Optional.of(c), refusals);
            }
            refusals.add(new Refusal(c.disk(), why));
        }
        return new Decision(Optional.empty(), refusals);
    }

    /** Why {@code c} cannot rebuild a slot of {@code array}, or null if it can. Group first: it rules out the most. */
    private static String refusal(String array, Optional<String> group, long minimumBytes, Candidate c) {
        String ours = group.map(g -> array + " is in spare group " + g).orElse(array + " is in no spare group");
        if (c.heldBy().isPresent()) {
            if (group.isEmpty() || !group.equals(c.holderGroup())) {
                return "wrong group: it is an idle spare of " + c.heldBy().get() + ", which is in "
                        + c.holderGroup().map(g -> "spare group " + g).orElse("no spare group") + ", and " + ours
                        + " (arrays lend spares only within one spare group)";
            }
        } else if (c.reservedFor().isPresent() && !c.reservedFor().equals(group)) {
            return "wrong group: the pool reserves it for spare group " + c.reservedFor().get() + ", and " + ours;
        }
        if (c.bytes() < minimumBytes) {
            return "too small: " + c.bytes() + " bytes, a member of " + array + " needs " + minimumBytes;
        }
        if (!c.healthy()) {
            return "unhealthy: its own health verdict is FAILED";
        }
        return null;
    }
}
