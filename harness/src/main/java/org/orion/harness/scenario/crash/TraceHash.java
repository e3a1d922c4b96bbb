package org.orion.harness.scenario.crash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over a run's deterministic facts, printed as 16 hex digits. Superblock writes (the
 * first 8 KiB of a member, where md 1.2 keeps it) count by place and size only: their bytes hold
 * a random UUID and the time of day.
 */
final class TraceHash {
    private static final long SUPERBLOCK_AREA_END_BYTES = 8192;

    private final MessageDigest digest;

    TraceHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    TraceHash add(long value) {
        for (int i = 0; i < 8; i++) {
            digest.update((byte) (value >>> (8 * i)));
        }
        return this;
    }

    TraceHash add(String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return add(text.length());
    }

    TraceHash addRecording(Recording recording) {
        CrashCampaignSpec spec = recording.spec();
        add(spec.toString());
        for (MemberTrace.Write w : recording.trace().writes()) {
            add(w.seq()).add(w.member()).add(w.offsetBytes()).add(w.data().length).add(w.fua() ? 1 : 0);
            if (w.offsetBytes() >= SUPERBLOCK_AREA_END_BYTES) {
                digest.update(w.data());
            }
        }
        for (MemberTrace.Flush f : recording.trace().flushes()) {
            add(f.seq()).add(f.member());
        }
        for (ClientHistory.ClientWrite w : recording.history().writes()) {
            add(w.id()).add(w.firstSector()).add(w.sectors()).add(w.fua() ? 1 : 0).add(w.submitSeq()).add(w.ackSeq());
        }
        for (ClientHistory.ClientFlush f : recording.history().flushes()) {
            add(f.submitSeq()).add(f.completeSeq());
        }
        return this;
    }

    TraceHash addState(CrashState state, int problems) {
        add(state.index()).add(state.kind().ordinal()).add(state.crashSeq()).add(problems);
        for (Map.Entry<Integer, BitSet> e : new TreeMap<>(state.keptVolatile()).entrySet()) {
            add(e.getKey());
            for (long word : e.getValue().toLongArray()) {
                add(word);
            }
        }
        return this;
    }

    String hex() {
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }
}
