package org.orion.harness.nbd;

/**
 * What the option phase agreed on, fixed for the whole transmission phase.
 *
 * @param export            the export being served
 * @param structuredReplies READ (and errors) use structured reply chunks
 * @param metaContextId     id of {@code base:allocation} if selected for this export, else 0 (then
 *                          BLOCK_STATUS is refused)
 * @param transmissionFlags the flags the client was sent
 */
record Session(LiveExport export, boolean structuredReplies, int metaContextId, int transmissionFlags) {
}
