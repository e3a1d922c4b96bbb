package org.orion.harness.scenario.crash;

import org.orion.driver.api.block.FilterBlockDevice;
import org.orion.driver.api.block.RequestChecks;
import org.orion.driver.api.io.IoOp;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;

/**
 * A member that logs every write (offset, a copy of the bytes, FUA) and every flush into a
 * {@link MemberTrace} before passing it on. It wraps a {@link MemoryMember} only: that member
 * completes inside {@code submit}, so logging at submit is logging at completion, and a write
 * logged before a flush has completed before the flush was submitted (the rule flushes follow).
 * Numbering at submit also keeps the order right when the array submits the next member request
 * from inside a completion.
 */
final class RecordingMember extends FilterBlockDevice {
    private final int memberIndex;
    private final MemberTrace trace;

    RecordingMember(MemoryMember delegate, int memberIndex, MemberTrace trace) {
        super(delegate);
        this.memberIndex = memberIndex;
        this.trace = trace;
    }

    MemoryMember memory() {
        return (MemoryMember) delegate;
    }

    @Override
    public IoStatus submit(IoRequest request) {
        if (RequestChecks.check(info(), request) == IoStatus.OK) {
            IoOp op = request.op();
            if (op == IoOp.WRITE) {
                byte[] data = new byte[request.lengthBytes()];
                request.buffer().get(request.bufferOffset(), data, 0, data.length);
                trace.write(memberIndex, request.offsetBytes(), data, request.isFua());
            } else if (op == IoOp.WRITE_ZEROES) {
                trace.write(memberIndex, request.offsetBytes(), new byte[request.lengthBytes()], request.isFua());
            } else if (op == IoOp.FLUSH) {
                trace.flush(memberIndex);
            }
        }
        return delegate.submit(request);
    }
}
