package io.socketgrid.app;

import io.socketgrid.api.Handlers;
import io.socketgrid.api.ProcedureException;
import io.socketgrid.api.SocketGridApplication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thesis workload (Appendix A.1): on event {@code ping} the server transmits {@code pong} with the number
 * of pings this instance has handled; {@code invoke('ping')} answers with the same count. The count is also
 * the node's {@code pings} gauge, summed over the cluster in {@code GET /socketgrid/cluster}.
 *
 * <p>The file variant (Appendix A.2, §4.5: the server sends {@code foo.txt} whole, base64, in reply to each
 * ping): {@code invoke('ping.file', {"param":"pong","size":S})} answers
 * {@code {"count":N,"name":"foo.txt","size":S,"data":"<base64 of S bytes>"}}, the file being S bytes of
 * {@code abc…z} repeated ({@link #MAX_FILE_BYTES} at most), encoded anew for every reply as the thesis's
 * {@code delivery} library read and encoded it each time. The peers of scripts/bench/peers answer the same.
 */
@ApplicationScoped
public class PingPongApplication implements SocketGridApplication {

    /** The largest file a {@code ping.file} asks for: its base64 (≈ 683 KB) stays under the outbound queue's 1 MiB. */
    static final int MAX_FILE_BYTES = 512 * 1024;

    /** How many sizes keep their file in memory; others are made for each reply. */
    private static final int CACHED_SIZES = 8;

    private final AtomicLong pings = new AtomicLong();
    private final Map<Integer, byte[]> files = new ConcurrentHashMap<>();

    @Override
    public void configure(Handlers handlers) {
        handlers.gauge("pings", pings::get);
        handlers.onTransmit("ping", (socket, data) -> socket.transmit("pong", pings.incrementAndGet()));
        handlers.onInvoke("ping", (socket, data) -> pings.incrementAndGet());
        handlers.onInvoke("ping.file", (socket, data) -> fileReply(requestedSize(data)));
    }

    private static int requestedSize(JsonValue data) throws ProcedureException {
        if (data instanceof JsonObject object && object.get("size") instanceof JsonNumber size
                && size.isIntegral() && size.longValue() >= 0 && size.longValue() <= MAX_FILE_BYTES) {
            return size.intValue();
        }
        throw new ProcedureException("InvalidArgumentsError", "ping.file wants {\"size\": 0 to " + MAX_FILE_BYTES + "}");
    }

    private JsonObject fileReply(int size) {
        byte[] file = files.size() < CACHED_SIZES ? files.computeIfAbsent(size, PingPongApplication::fooTxt) : fooTxt(size);
        return Json.createObjectBuilder()
                .add("count", pings.incrementAndGet())
                .add("name", "foo.txt")
                .add("size", size)
                .add("data", Base64.getEncoder().encodeToString(file))
                .build();
    }

    /** {@code size} bytes of {@code abcdefghijklmnopqrstuvwxyz} repeated. */
    static byte[] fooTxt(int size) {
        byte[] file = new byte[size];
        for (int i = 0; i < size; i++) {
            file[i] = (byte) ('a' + i % 26);
        }
        return file;
    }
}
