package org.orion.hw.linux;

import java.nio.ByteBuffer;
import org.orion.driver.api.io.IoRequest;
import org.orion.driver.api.io.IoStatus;
import org.orion.hw.linux.jna.BlockIoctls;
import org.orion.hw.linux.jna.Errno;
import org.orion.hw.linux.jna.LibC;
import org.orion.hw.linux.jna.LibCv2;
import org.orion.hw.linux.jna.LinuxAbi;
import org.orion.hw.linux.jna.NativeBuffers;
import org.orion.hw.linux.jna.ScratchMemory;

/**
 * One I/O thread of a {@link LinuxBlockDevice}: takes a request from the ring, does it with blocking
 * system calls, and runs its completion on this thread. Several workers per device let a queue
 * depth above one really overlap in the kernel.
 *
 * <p>Allocation-free per request: the bounce buffer (made on first need), the ioctl/iovec scratch
 * memory and the address cache are this thread's own, made once. A buffer is used in place when it is direct memory whose
 * address (plus the request's buffer offset) meets the O_DIRECT alignment; anything else (heap
 * arrays, misaligned slices) is copied through the bounce buffer.
 */
final class IoWorker implements Runnable {
    private static final int SCRATCH_RANGE = 0;
    private static final int SCRATCH_IOVEC = 16;

    private final NativeMember member;
    private final RequestRing ring;
    private final int maxTransferBytes;
    /** Made on first use: a RAID member fed aligned direct buffers never needs one. */
    private ByteBuffer bounce;
    private long bounceAddress;
    private final ScratchMemory scratch;
    private final DirectAddressCache addresses = new DirectAddressCache(64);

    IoWorker(NativeMember member, RequestRing ring, int maxTransferBytes) {
        this.member = member;
        this.ring = ring;
        this.maxTransferBytes = maxTransferBytes;
        this.scratch = new ScratchMemory(32);
    }

    @Override
    public void run() {
        while (true) {
            IoRequest request;
            try {
                request = ring.take();
            } catch (InterruptedException e) {
                continue; // only close() stops a worker, after the ring has drained
            }
            if (request == null) {
                break;
            }
            IoStatus status;
            try {
                status = execute(request);
            } catch (RuntimeException | Error e) {
                member.recordInternal("request " + request + " failed inside the device", e);
                status = IoStatus.INTERNAL;
            }
            ring.finished();
            try {
                request.complete(status);
            } catch (RuntimeException | Error e) {
                member.recordInternal("the completion of " + request + " threw; the I/O thread goes on", e);
            }
        }
        addresses.clear();
    }

    IoStatus execute(IoRequest request) {
        return switch (request.op()) {
            case READ -> read(request);
            case WRITE -> write(request);
            case FLUSH -> flush();
            case DISCARD -> discard(request.offsetBytes(), request.lengthBytes());
            case WRITE_ZEROES -> writeZeroes(request.offsetBytes(), request.lengthBytes(),
                    (request.flags() & IoRequest.FLAG_NO_HOLE) != 0);
        };
    }

    /** Address to use the request's buffer in place, or -1 if it must go through the bounce buffer. */
    private long inPlaceAddress(ByteBuffer buffer, int bufferOffset) {
        if (!buffer.isDirect()) {
            return -1;
        }
        long address = addresses.addressOf(buffer) + bufferOffset;
        return (address & member.memAlignMask) == 0 ? address : -1;
    }

    private void ensureBounce() {
        if (bounce == null) {
            bounce = NativeBuffers.alignedDirect(maxTransferBytes, 4096);
            bounceAddress = NativeBuffers.address(bounce);
        }
    }

    private IoStatus read(IoRequest request) {
        ByteBuffer buffer = request.buffer();
        int length = request.lengthBytes();
        long address = inPlaceAddress(buffer, request.bufferOffset());
        if (address != -1) {
            return preadFully(address, length, request.offsetBytes());
        }
        member.recordBounce();
        ensureBounce();
        IoStatus status = preadFully(bounceAddress, length, request.offsetBytes());
        if (status == IoStatus.OK) {
            buffer.put(request.bufferOffset(), bounce, 0, length);
        }
        return status;
    }

    private IoStatus write(IoRequest request) {
        ByteBuffer buffer = request.buffer();
        int length = request.lengthBytes();
        long address = inPlaceAddress(buffer, request.bufferOffset());
        if (address == -1) {
            member.recordBounce();
            ensureBounce();
            bounce.put(0, buffer, request.bufferOffset(), length);
            address = bounceAddress;
        }
        if (request.isFua()) {
            return writeDurably(address, length, request.offsetBytes());
        }
        return pwriteFully(address, length, request.offsetBytes());
    }

    private IoStatus preadFully(long address, int length, long offsetBytes) {
        int done = 0;
        while (done < length) {
            long n = LibC.pread(member.fd, address + done, length - done, offsetBytes + done);
            if (n > 0) {
                done += (int) n;
            } else if (n == 0) {
                member.recordError("read (end of file: the member shrank)", offsetBytes + done, Errno.EIO);
                return IoStatus.MEDIA_ERROR;
            } else {
                int errno = Errno.last();
                if (!Errno.isRetryable(errno)) {
                    member.recordError("read", offsetBytes + done, errno);
                    return Errno.toIoStatus(errno);
                }
            }
        }
        return IoStatus.OK;
    }

    private IoStatus pwriteFully(long address, int length, long offsetBytes) {
        int done = 0;
        while (done < length) {
            long n = LibC.pwrite(member.fd, address + done, length - done, offsetBytes + done);
            if (n > 0) {
                done += (int) n;
            } else if (n == 0) {
                member.recordError("write (no progress)", offsetBytes + done, Errno.EIO);
                return IoStatus.MEDIA_ERROR;
            } else {
                int errno = Errno.last();
                if (!Errno.isRetryable(errno)) {
                    member.recordError("write", offsetBytes + done, errno);
                    return Errno.toIoStatus(errno);
                }
            }
        }
        return IoStatus.OK;
    }

    /**
     * FUA: pwritev2 with RWF_DSYNC makes just this write durable. Where the kernel or C library cannot,
     * fall back to pwrite followed by fdatasync (durable too, but it also flushes everything else).
     */
    private IoStatus writeDurably(long address, int length, long offsetBytes) {
        if (member.pwritev2Works) {
            int done = 0;
            while (done < length) {
                scratch.putLong(SCRATCH_IOVEC, address + done);
                scratch.putLong(SCRATCH_IOVEC + 8, length - done);
                long n = LibCv2.pwritev2(member.fd, scratch.address() + SCRATCH_IOVEC, 1, offsetBytes + done, LinuxAbi.RWF_DSYNC);
                if (n > 0) {
                    done += (int) n;
                    continue;
                }
                int errno = n == 0 ? Errno.EIO : Errno.last();
                if (Errno.isRetryable(errno)) {
                    continue;
                }
                if (done == 0 && (errno == Errno.EOPNOTSUPP || errno == Errno.ENOSYS)) {
                    member.pwritev2Works = false;
                    member.recordUnsupported("pwritev2(RWF_DSYNC)", "FUA writes use pwrite + fdatasync", errno);
                    break;
                }
                member.recordError("FUA write", offsetBytes + done, errno);
                return Errno.toIoStatus(errno);
            }
            if (member.pwritev2Works) {
                return IoStatus.OK;
            }
        }
        IoStatus status = pwriteFully(address, length, offsetBytes);
        return status == IoStatus.OK ? flush() : status;
    }

    private IoStatus flush() {
        while (LibC.fdatasync(member.fd) != 0) {
            int errno = Errno.last();
            if (!Errno.isRetryable(errno)) {
                member.recordError("flush (fdatasync)", 0, errno);
                return Errno.toIoStatus(errno);
            }
        }
        return IoStatus.OK;
    }

    /** DISCARD is advisory: where the device or file system cannot, it completes OK and changes nothing. */
    private IoStatus discard(long offsetBytes, int lengthBytes) {
        if (!member.discardWorks) {
            return IoStatus.OK;
        }
        int errno = member.kind == MemberKind.BLOCK_DEVICE
                ? rangeIoctl(LinuxAbi.BLKDISCARD, offsetBytes, lengthBytes)
                : fallocate(LinuxAbi.FALLOC_FL_PUNCH_HOLE | LinuxAbi.FALLOC_FL_KEEP_SIZE, offsetBytes, lengthBytes);
        if (errno == 0) {
            return IoStatus.OK;
        }
        if (Errno.isUnsupported(errno)) {
            member.discardWorks = false;
            member.recordUnsupported("discard", "DISCARD completes without effect", errno);
            return IoStatus.OK;
        }
        member.recordError("discard", offsetBytes, errno);
        return Errno.toIoStatus(errno);
    }

    /**
     * WRITE_ZEROES: BLKZEROOUT on block devices (the kernel keeps the range allocated); on files a hole
     * punch, or FALLOC_FL_ZERO_RANGE when the caller asked to keep the range allocated. Where neither
     * works, zeroes are written.
     */
    private IoStatus writeZeroes(long offsetBytes, int lengthBytes, boolean keepAllocated) {
        if (member.zeroRangeWorks) {
            int errno;
            if (member.kind == MemberKind.BLOCK_DEVICE) {
                errno = rangeIoctl(LinuxAbi.BLKZEROOUT, offsetBytes, lengthBytes);
            } else if (keepAllocated) {
                errno = fallocate(LinuxAbi.FALLOC_FL_ZERO_RANGE | LinuxAbi.FALLOC_FL_KEEP_SIZE, offsetBytes, lengthBytes);
            } else {
                errno = fallocate(LinuxAbi.FALLOC_FL_PUNCH_HOLE | LinuxAbi.FALLOC_FL_KEEP_SIZE, offsetBytes, lengthBytes);
            }
            if (errno == 0) {
                return IoStatus.OK;
            }
            if (!Errno.isUnsupported(errno)) {
                member.recordError("write zeroes", offsetBytes, errno);
                return Errno.toIoStatus(errno);
            }
            member.zeroRangeWorks = false;
            member.recordUnsupported("native zero-out", "WRITE_ZEROES writes zeroes", errno);
        }
        long done = 0;
        while (done < lengthBytes) {
            int chunk = (int) Math.min(NativeMember.ZERO_CHUNK_BYTES, lengthBytes - done);
            IoStatus status = pwriteFully(member.zeroesAddress, chunk, offsetBytes + done);
            if (status != IoStatus.OK) {
                return status;
            }
            done += chunk;
        }
        return IoStatus.OK;
    }

    /** 0 on success, else errno. */
    private int rangeIoctl(long request, long offsetBytes, long lengthBytes) {
        while (BlockIoctls.rangeIoctl(member.fd, request, scratch, SCRATCH_RANGE, offsetBytes,
                lengthBytes) != 0) {
            int errno = Errno.last();
            if (!Errno.isRetryable(errno)) {
                return errno;
            }
        }
        return 0;
    }

    /** 0 on success, else errno. */
    private int fallocate(int mode, long offsetBytes, long lengthBytes) {
        while (LibC.fallocate(member.fd, mode, offsetBytes, lengthBytes) != 0) {
            int errno = Errno.last();
            if (!Errno.isRetryable(errno)) {
                return errno;
            }
        }
        return 0;
    }
}
