package org.orion.raid.md;

/**
 * The "Array State" string of {@code mdadm --examine}: what this member's superblock says about
 * every slot (md-format.md §1.4). For each slot, count the device numbers whose role is that slot:
 * one is {@code A} (active), none {@code .} (missing), two {@code R} (a replacement is being
 * built), anything else {@code ?}. A shrinking reshape also shows the slots being removed.
 */
final class ArrayStateText {
    private ArrayStateText() {
    }

    /** Slots still shown during a reshape that removes devices. */
    static int removedSlots(Superblock1 sb) {
        return sb.hasFeature(FeatureMap.RESHAPE_ACTIVE) && sb.deltaDisks() < 0 ? -sb.deltaDisks() : 0;
    }

    /** One character per slot, e.g. {@code AAA.}. */
    static String slots(Superblock1 sb) {
        int slots = sb.raidDisks() + removedSlots(sb);
        StringBuilder text = new StringBuilder();
        for (int slot = 0; slot < slots; slot++) {
            int count = sb.devRoles().countInSlot(slot);
            // mdadm reads the level unsigned, so only raid0 lacks replacements.
            if (count == 2 && sb.level() != 0) {
                text.append('R');
            } else if (count == 1) {
                text.append('A');
            } else if (count == 0) {
                text.append('.');
            } else {
                text.append('?');
            }
        }
        return text.toString();
    }

    /**
     * mdadm's warning when a slot is claimed an odd number of times or a role lies beyond the
     * slots, followed by every {@code number:role} pair; null when consistent.
     */
    static String inconsistency(Superblock1 sb) {
        int slots = sb.raidDisks() + removedSlots(sb);
        String state = slots(sb);
        // mdadm's bound is "greater than", so a role equal to the slot count passes unnoticed.
        boolean inconsistent = state.indexOf('?') >= 0;
        int[] roles = sb.devRoles().toArray();
        for (int role : roles) {
            if (role <= DevRoles.MAX_SLOT_ROLE && role > slots) {
                inconsistent = true;
            }
        }
        if (!inconsistent) {
            return null;
        }
        StringBuilder text = new StringBuilder(
                "WARNING Array state is inconsistent - each number should appear only once\n");
        for (int number = 0; number < roles.length; number++) {
            text.append(' ').append(number).append(':')
                    .append(roles[number] >= DevRoles.FAULTY ? "-" : Integer.toString(roles[number]));
        }
        return text.append('\n').toString();
    }
}
