package org.orion.harness.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The read-ahead request stream hands out exactly the bytes the client sent, however they arrive. */
class InboundStreamTest {
    /** A channel that gives out {@code data} at most {@code step} bytes per read, counting the reads. */
    private static final class Trickle implements ReadableByteChannel {
        private final byte[] data;
        private final int step;
        private int at;
        int reads;

        Trickle(byte[] data, int step) {
            this.data = data;
            this.step = step;
        }

        @Override
        public int read(ByteBuffer dst) {
            reads++;
            if (at == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(step, dst.remaining()), data.length - at);
            dst.put(data, at, n);
            at += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        new SplittableRandom(7).nextBytes(b);
        return b;
    }

    @Test
    void smallReadsLargeReadsAndSkipsTogetherReturnTheStreamInOrder() throws Exception {
        byte[] data = random(300_000);
        for (int step : new int[] {1, 7, 28, 4096, 1 << 20}) {
            InboundStream in = new InboundStream(new Trickle(data, step));
            int at = 0;
            int[] sizes = {28, 28, 4096, 28, 100_000, 28, 33, 65_536, 28};
            for (int i = 0; i < sizes.length; i++) {
                if (i == 3) {
                    in.skip(1000); // a refused write's payload
                    at += 1000;
                }
                ByteBuffer target = ByteBuffer.allocateDirect(sizes[i] + 5).position(5);
                in.readFully(target);
                byte[] got = new byte[sizes[i]];
                target.get(5, got);
                assertArrayEquals(Arrays.copyOfRange(data, at, at + sizes[i]), got, "piece " + i + " with step " + step);
                at += sizes[i];
            }
        }
    }

    @Test
    void burstsOfHeadersCostOneSystemCall() throws Exception {
        byte[] data = random(32 * 28);
        Trickle channel = new Trickle(data, Integer.MAX_VALUE);
        InboundStream in = new InboundStream(channel);
        ByteBuffer header = ByteBuffer.allocate(28);
        for (int i = 0; i < 32; i++) {
            in.readFully(header.clear());
        }
        assertEquals(1, channel.reads, "32 headers that arrived together were read with one read()");
    }

    @Test
    void aClosedConnectionEndsTheStream() throws Exception {
        InboundStream in = new InboundStream(new Trickle(random(10), 4));
        assertThrows(EOFException.class, () -> in.readFully(ByteBuffer.allocate(28)));
        InboundStream skipping = new InboundStream(new Trickle(random(10), 4));
        assertThrows(EOFException.class, () -> skipping.skip(11));
    }
}
