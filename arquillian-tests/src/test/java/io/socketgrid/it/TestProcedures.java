package io.socketgrid.it;

import io.socketgrid.api.FileTransferException;
import io.socketgrid.api.FileTransfers;
import io.socketgrid.api.Handlers;
import io.socketgrid.api.ProcedureException;
import io.socketgrid.api.SocketGridApplication;
import io.socketgrid.api.SocketGridServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.socketgrid.api.ClientSocket;
import io.socketgrid.api.Middleware;
import io.socketgrid.api.Verdict;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Procedures the tests add to the deployed WAR, beside the thesis ping-pong application. */
@ApplicationScoped
public class TestProcedures implements SocketGridApplication {

    @Inject
    SocketGridServer server;

    @Inject
    FileTransfers files;

    @Override
    public void configure(Handlers handlers) {
        // targeted send to any socket of the cluster: {"socket":id,"event":name,"data":…} answers true/false
        handlers.onInvoke("sendTo", (socket, data) -> {
            JsonObject request = (JsonObject) data;
            return server.transmitTo(request.getString("socket"), request.getString("event"), request.get("data"));
        });
        handlers.onInvoke("echo", (socket, data) -> data);
        handlers.onInvoke("fail", (socket, data) -> {
            throw new ProcedureException("TestError", "failed on purpose");
        });
        // pushes a file of {"size":n} bytes (value i at offset i, mod 251) to {"socket":id} on any node; answers the
        // SHA-256 the receiver verified, or the error name of the failed push
        handlers.onInvoke("pushGenerated", (socket, data) -> {
            JsonObject request = (JsonObject) data;
            Path file = Files.createTempFile("pushed", ".bin");
            byte[] bytes = new byte[request.getInt("size")];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i % 251);
            }
            Files.write(file, bytes);
            return files.push(request.getString("socket"), file, "generated.bin", "application/octet-stream")
                    .handle((sha256, failure) -> failure == null ? sha256
                            : "failed: " + (failure.getCause() instanceof FileTransferException e ? e.name() : failure.toString()));
        });
        // the live heap of the server in bytes, after a full collection (the file tests check it stays flat)
        handlers.onInvoke("liveHeap", (socket, data) -> {
            System.gc();
            return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        });
        // who the socket is: {"authenticated":…,"principal":name|null,"token":claims|null}
        handlers.onInvoke("whoami", (socket, data) -> Json.createObjectBuilder()
                .add("authenticated", socket.isAuthenticated())
                .add("principal", socket.principal().map(p -> (JsonValue) Json.createValue(p.getName())).orElse(JsonValue.NULL))
                .add("token", socket.authToken().map(t -> (JsonValue) t).orElse(JsonValue.NULL))
                .build());
        // the server signs {"username":data} as the socket's token and pushes it (#setAuthToken)
        handlers.onInvoke("login", (socket, data) -> {
            socket.setAuthToken(Json.createObjectBuilder().add("username", ((JsonString) data).getString()).build());
            return true;
        });
        handlers.onInvoke("logout", (socket, data) -> {
            socket.deauthenticate();
            return true;
        });
        handlers.use(new ForbiddenThings());
        // the server closes the socket with the code sent as data (the reconnect tests use it)
        handlers.onTransmit("closeMe", (socket, data) -> socket.close(((JsonNumber) data).intValue(), "asked to"));
    }

    /**
     * The tests' middleware: blocks what is named {@code forbidden} (events, channels, published data) and the
     * handshake of the container user {@code blocked}; a channel message {@code {"onlyFor":socketId,…}} goes
     * to that socket only. Everything else passes, so the other tests never meet it.
     */
    static final class ForbiddenThings implements Middleware {
        private static final Verdict FORBIDDEN = Verdict.block("ForbiddenError", "forbidden by the test middleware");
        private static final JsonValue FORBIDDEN_DATA = Json.createValue("forbidden");

        @Override
        public Verdict onHandshake(ClientSocket socket) {
            return socket.principal().filter(p -> p.getName().equals("blocked")).isPresent() ? FORBIDDEN : Verdict.ALLOW;
        }

        @Override
        public Verdict onTransmit(ClientSocket socket, String event, JsonValue data) {
            return event.equals("forbidden") ? FORBIDDEN : Verdict.ALLOW;
        }

        @Override
        public Verdict onInvoke(ClientSocket socket, String event, JsonValue data) {
            return event.equals("forbidden") ? FORBIDDEN : Verdict.ALLOW;
        }

        @Override
        public Verdict onSubscribe(ClientSocket socket, String channel) {
            return channel.equals("forbidden") ? FORBIDDEN : Verdict.ALLOW;
        }

        @Override
        public Verdict onPublishIn(ClientSocket socket, String channel, JsonValue data) {
            return FORBIDDEN_DATA.equals(data) ? FORBIDDEN : Verdict.ALLOW;
        }

        @Override
        public boolean onPublishOut(ClientSocket socket, String channel, JsonValue data) {
            return !(data instanceof JsonObject message) || !(message.get("onlyFor") instanceof JsonString target)
                    || target.getString().equals(socket.id());
        }
    }
}
