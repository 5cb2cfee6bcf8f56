package io.socketgrid.client;

import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The invokes of one socket that await their answer, by call id. Not thread-safe: the socket guards it.
 * Each call settles exactly once: the one that takes it out of this map completes it.
 */
final class PendingCalls {

    /** One invoke: its event (for messages), its future and its timeout. */
    record Call(String event, CompletableFuture<JsonValue> result, Timers.Cancellable timeout) {

        void succeed(JsonValue data) {
            timeout.cancel();
            result.complete(data);
        }

        void fail(SocketGridException error) {
            timeout.cancel();
            result.completeExceptionally(error);
        }
    }

    private final Map<Long, Call> calls = new HashMap<>();

    void add(long cid, Call call) {
        calls.put(cid, call);
    }

    /** Takes the call out; null when there is none (answered, timed out, or never made). */
    Call take(long cid) {
        return calls.remove(cid);
    }

    /** Takes every call out, for failing them all when the connection is lost. */
    List<Call> takeAll() {
        List<Call> all = new ArrayList<>(calls.values());
        calls.clear();
        return all;
    }

    int size() {
        return calls.size();
    }
}
