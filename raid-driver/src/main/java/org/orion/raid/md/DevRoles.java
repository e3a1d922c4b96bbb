package org.orion.raid.md;

import java.util.Arrays;

/**
 * The {@code dev_roles[]} table at the end of a 1.x superblock: one little-endian 16-bit role per
 * permanent device number ({@code dev_number}, never the slot). Its length is the superblock's
 * {@code max_dev}. Immutable; {@link #with} returns a changed copy.
 *
 * <pre>
 *   dev_roles[dev_number] = 0x0000..0xfeff  active in that slot (0 = first raid device)
 *                           0xfffd          journal device
 *                           0xfffe          faulty
 *                           0xffff          spare, or no device with that number
 * </pre>
 * A role of 0xff00 and above is never a slot ({@code MD_DISK_ROLE_MAX}).
 */
public final class DevRoles {
    public static final int SPARE = 0xffff;
    public static final int FAULTY = 0xfffe;
    public static final int JOURNAL = 0xfffd;
    /** Roles below this are slots. */
    public static final int MAX_SLOT_ROLE = 0xff00;
    /** The most entries that fit in the 4096 bytes the kernel reads: (4096 - 256) / 2. */
    public static final int MAX_ENTRIES = 1920;

    private final char[] roles;

    private DevRoles(char[] roles) {
        this.roles = roles;
    }

    /** {@code entries} roles, all spare (0xffff) as mdadm and the kernel initialise them. */
    public static DevRoles allSpare(int entries) {
        checkEntries(entries);
        char[] roles = new char[entries];
        Arrays.fill(roles, (char) SPARE);
        return new DevRoles(roles);
    }

    /** The given roles (each 0..0xffff). */
    public static DevRoles of(int... roles) {
        checkEntries(roles.length);
        char[] copy = new char[roles.length];
        for (int i = 0; i < roles.length; i++) {
            copy[i] = checkRole(roles[i]);
        }
        return new DevRoles(copy);
    }

    /** Number of entries: the superblock's {@code max_dev}. */
    public int size() {
        return roles.length;
    }

    /** The role of device number {@code devNumber}; spare when the table does not reach it. */
    public int roleOf(int devNumber) {
        return devNumber >= 0 && devNumber < roles.length ? roles[devNumber] : SPARE;
    }

    /**
     * A copy with {@code devNumber} given {@code role}. When the number lies beyond the table, the
     * table grows to {@code devNumber + 1} entries (new ones spare), as the kernel raises
     * {@code max_dev}.
     */
    public DevRoles with(int devNumber, int role) {
        if (devNumber < 0 || devNumber >= MAX_ENTRIES) {
            throw new IllegalArgumentException("device number " + devNumber + " is outside 0.." + (MAX_ENTRIES - 1));
        }
        char[] copy = Arrays.copyOf(roles, Math.max(roles.length, devNumber + 1));
        Arrays.fill(copy, roles.length, copy.length, (char) SPARE);
        copy[devNumber] = checkRole(role);
        return new DevRoles(copy);
    }

    /** How many device numbers hold {@code slot} (2 means a replacement is in progress). */
    public int countInSlot(int slot) {
        int count = 0;
        for (char role : roles) {
            if (role == slot) {
                count++;
            }
        }
        return count;
    }

    /** True for a role that is a slot number rather than spare, faulty or journal. */
    public static boolean isSlot(int role) {
        return role >= 0 && role < MAX_SLOT_ROLE;
    }

    /** The roles as ints, a copy. */
    public int[] toArray() {
        int[] out = new int[roles.length];
        for (int i = 0; i < roles.length; i++) {
            out[i] = roles[i];
        }
        return out;
    }

    private static void checkEntries(int entries) {
        if (entries < 0 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("dev_roles needs 0.." + MAX_ENTRIES + " entries, not " + entries);
        }
    }

    private static char checkRole(int role) {
        if (role < 0 || role > 0xffff) {
            throw new IllegalArgumentException("role " + role + " does not fit in 16 bits");
        }
        return (char) role;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DevRoles && Arrays.equals(roles, ((DevRoles) other).roles);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(roles);
    }

    /** Compact form: the entries up to the last non-spare one, e.g. {@code [0, 1, 2, -, 3] of 128}. */
    @Override
    public String toString() {
        int last = roles.length;
        while (last > 0 && roles[last - 1] == SPARE) {
            last--;
        }
        StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < last; i++) {
            text.append(i == 0 ? "" : ", ").append(describe(roles[i]));
        }
        return text.append("] of ").append(roles.length).toString();
    }

    private static String describe(int role) {
        switch (role) {
            case SPARE:
                return "-";
            case FAULTY:
                return "faulty";
            case JOURNAL:
                return "journal";
            default:
                return Integer.toString(role);
        }
    }
}
