/**
 * The data-path vocabulary: {@link org.orion.driver.api.io.IoRequest} (mutable and pooled),
 * {@link org.orion.driver.api.io.IoOp}, {@link org.orion.driver.api.io.IoStatus} (stable codes) and
 * {@link org.orion.driver.api.io.IoCompletion}.
 *
 * <p>Threads: a request is owned by its submitter until {@code submit} accepts it, then by the
 * device until its completion runs; the completion may run on any thread (including the
 * submitter's, before {@code submit} returns). Nothing here allocates per request.
 */
package org.orion.driver.api.io;
