package org.orion.driver.api.array;

/**
 * Where an array turns when a member failed and none of its own spares can rebuild the slot: the
 * kernel's global spare pool and spare groups, which span arrays and so cannot live inside one.
 * Installed with {@link ArrayDevice#spareProvider(SpareProvider)}.
 *
 * <p>Called on the array's own management thread (the one that writes its superblocks), so an
 * implementation must decide quickly and must not call back into that array synchronously: it
 * hands the chosen device over later, from its own thread, with {@link ArrayDevice#addMember}.
 */
@FunctionalInterface
public interface SpareProvider {
    /**
     * The array {@code array} runs with slot {@code slot} empty and has no spare of its own that
     * fits.
     *
     * @param minimumBytes the smallest device that can take the slot (metadata and data)
     * @return true when the provider has reserved a device and will add it to the array shortly, so
     *         the array stays quiet; false when it has none to give (it has already raised a
     *         {@code SpareNotUsed} naming the reason for each device it passed over), so the array
     *         reports that no spare is left
     */
    boolean spareWanted(String array, int slot, long minimumBytes);
}
