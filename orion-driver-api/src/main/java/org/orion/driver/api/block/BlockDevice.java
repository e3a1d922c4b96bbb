package org.orion.driver.api.block;

import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * A device of fixed-size logical blocks with asynchronous I/O. Every Orion device is one: a
 * simulated disk, a Linux file or block device, an assembled RAID array, a fault-injecting wrapper.
 *
 * <h2>Rules every implementation keeps</h2>
 * <ol>
 *   <li><b>Refuse or complete once.</b> {@link #submit} either refuses the request at once by
 *       returning a status other than {@link IoStatus#OK} (the completion is then never called and
 *       nothing was changed), or returns {@code OK} and later calls
 *       {@link IoRequest#complete(IoStatus)} exactly once. The completion may run before
 *       {@code submit} returns, on any thread.</li>
 *   <li><b>Bounds.</b> A request whose range is misaligned to the logical block, runs past the
 *       capacity, has a negative offset, or whose READ/WRITE is longer than
 *       {@link BlockDeviceInfo#maxTransferBytes()} or lacks a big enough buffer, is refused with
 *       {@link IoStatus#INVALID}. A zero-length range is valid and does nothing.
 *       {@link RequestChecks} implements this.</li>
 *   <li><b>Visibility.</b> Once a WRITE, DISCARD or WRITE_ZEROES has completed OK, every READ
 *       submitted afterwards (from any thread) sees it. Requests in flight at the same time on
 *       overlapping ranges have no defined order between them.</li>
 *   <li><b>Durability.</b> A completed write is durable (survives power loss) only if it carried
 *       {@link IoRequest#FLAG_FUA}, or a FLUSH submitted after the write completed has itself
 *       completed OK. Until then a power loss may drop it, and may tear it at
 *       {@link BlockDeviceInfo#physicalBlockBytes()} granularity.</li>
 *   <li><b>Errors are statuses.</b> {@code submit} does not throw for I/O problems; a failed
 *       request completes with a non-OK status. A failed READ leaves the buffer range undefined; a
 *       failed WRITE leaves the device range undefined (old, new, or a mix of blocks).</li>
 *   <li><b>Concurrency.</b> {@code submit} is safe from any number of threads.</li>
 *   <li><b>Close.</b> After {@link #close()} returns, in-flight requests have completed and new
 *       ones are refused with {@link IoStatus#NO_DEVICE}. Close does not flush: callers that want
 *       durability flush first.</li>
 * </ol>
 */
public interface BlockDevice extends AutoCloseable {
    BlockDeviceInfo info();

    /**
     * Starts a request.
     *
     * @return {@link IoStatus#OK} if accepted (the completion will run exactly once), otherwise the
     *         reason it was refused ({@code INVALID}, {@code BUSY}, {@code NO_DEVICE})
     */
    IoStatus submit(IoRequest request);

    @Override
    void close();
}
