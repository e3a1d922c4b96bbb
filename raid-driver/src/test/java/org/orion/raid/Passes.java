package org.orion.raid;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.orion.driver.api.block.BlockDevice;
import org.orion.raid.stripe.SyncKind;
import org.orion.raid.stripe.SyncListener;
import org.orion.raid.stripe.SyncResult;

/** Starts background passes (check, repair, resync, a rebuild) on a test array and hands back their result. */
final class Passes {
    private Passes() {
    }

    /** A listener that completes {@code done} with the pass's result. */
    static SyncListener into(CompletableFuture<SyncResult> done) {
        return new SyncListener() {
            public void onProgress(SyncKind kind, long checkpointStripe, long totalStripes) {
            }

            public void onFinished(SyncKind kind, boolean completed, SyncResult result) {
                done.complete(result);
            }
        };
    }

    /** Runs a pass over the whole array and waits (60 s at most) for its result. */
    static SyncResult run(RaidArray array, SyncKind kind) throws Exception {
        CompletableFuture<SyncResult> done = new CompletableFuture<>();
        array.device().startSync(kind, 0, into(done));
        return done.get(60, TimeUnit.SECONDS);
    }

    /** Starts rebuilding {@code slot} onto {@code target} from the start; the future completes at its end. */
    static CompletableFuture<SyncResult> recover(RaidArray array, int slot, BlockDevice target) {
        CompletableFuture<SyncResult> done = new CompletableFuture<>();
        array.device().beginRecovery(slot, target, 0, 0, into(done));
        return done;
    }
}
