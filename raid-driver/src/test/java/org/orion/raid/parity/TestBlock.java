package org.orion.raid.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/**
 * One block under test: {@code lengthBytes} at an odd {@code offset} inside a heap, direct or
 * sliced-heap buffer (non-zero {@code arrayOffset()}), in a random byte order, with random bytes
 * around it. It remembers everything so a test can prove a kernel wrote only its range and left
 * position and limit alone.
 */
final class TestBlock {
    final ByteBuffer buffer;
    final int offset;
    final int lengthBytes;
    private final byte[] before;
    private final int positionBefore;
    private final int limitBefore;

    private TestBlock(ByteBuffer buffer, int offset, int lengthBytes) {
        this.buffer = buffer;
        this.offset = offset;
        this.lengthBytes = lengthBytes;
        this.before = all();
        this.positionBefore = buffer.position();
        this.limitBefore = buffer.limit();
    }

    /** Which buffer kinds a test case draws from: the vector kernels have a separate all-heap path. */
    enum Kinds {
        MIXED, HEAP, DIRECT;

        int draw(Random random) {
            return switch (this) {
                case MIXED -> random.nextInt(3);
                case HEAP -> random.nextBoolean() ? 0 : 2;
                case DIRECT -> 1;
            };
        }
    }

    static TestBlock random(Random random, int lengthBytes) {
        return random(random, lengthBytes, Kinds.MIXED);
    }

    static TestBlock random(Random random, int lengthBytes, Kinds kinds) {
        return random(random, lengthBytes, kinds, null);
    }

    /** A random block whose range already holds {@code content} (null: random bytes there too). */
    static TestBlock random(Random random, int lengthBytes, Kinds kinds, byte[] content) {
        int offset = random.nextInt(40);
        int capacity = offset + lengthBytes + random.nextInt(9);
        ByteBuffer buffer;
        switch (kinds.draw(random)) {
            case 0 -> buffer = ByteBuffer.allocate(capacity);
            case 1 -> buffer = ByteBuffer.allocateDirect(capacity);
            default -> {
                int skip = 1 + random.nextInt(15);
                buffer = ByteBuffer.allocate(capacity + skip).position(skip).slice();
            }
        }
        byte[] noise = new byte[capacity];
        random.nextBytes(noise);
        buffer.put(0, noise);
        buffer.order(random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        buffer.limit(capacity - random.nextInt(capacity - offset - lengthBytes + 1));
        buffer.position(random.nextInt(offset + 1));
        if (content != null) {
            buffer.put(offset, content);
        }
        return new TestBlock(buffer, offset, lengthBytes);
    }

    static TestBlock of(byte[] content) {
        return new TestBlock(ByteBuffer.wrap(content.clone()), 0, content.length);
    }

    byte[] content() {
        byte[] out = new byte[lengthBytes];
        buffer.get(offset, out);
        return out;
    }

    private byte[] all() {
        byte[] out = new byte[buffer.capacity()];
        buffer.get(0, out, 0, Math.min(buffer.limit(), out.length));
        // Bytes past the limit cannot be read through this view; they can't be written either.
        return out;
    }

    /** The range now holds {@code expected}, and nothing else in the buffer changed. */
    void assertHolds(byte[] expected, String message) {
        assertArrayEquals(expected, content(), message);
        assertOutsideUntouched(message);
    }

    /** Nothing changed at all: for inputs. */
    void assertUnchanged(String message) {
        assertArrayEquals(before, all(), message + ": an input was modified");
        assertStateKept(message);
    }

    void assertOutsideUntouched(String message) {
        byte[] now = all();
        byte[] expectedAll = before.clone();
        System.arraycopy(now, offset, expectedAll, offset, lengthBytes);
        if (!Arrays.equals(expectedAll, now)) {
            assertArrayEquals(expectedAll, now, message + ": bytes outside [offset, offset + length) changed");
        }
        assertStateKept(message);
    }

    private void assertStateKept(String message) {
        assertEquals(positionBefore, buffer.position(), message + ": position changed");
        assertEquals(limitBefore, buffer.limit(), message + ": limit changed");
    }

    @Override
    public String toString() {
        return (buffer.isDirect() ? "direct" : buffer.arrayOffset() == 0 ? "heap" : "sliced-heap")
                + "@" + offset + "+" + lengthBytes + " " + buffer.order();
    }
}
