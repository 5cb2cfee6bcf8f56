package io.socketgrid.it;

import io.socketgrid.api.FileTransferException;
import io.socketgrid.api.FileTransfers;
import io.socketgrid.api.Handlers;
import io.socketgrid.api.ProcedureException;
import io.socketgrid.api.SocketGridApplication;
import io.socketgrid.api.SocketGridServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

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
        // the server closes the socket with the code sent as data (the reconnect tests use it)
        handlers.onTransmit("closeMe", (socket, data) -> socket.close(((JsonNumber) data).intValue(), "asked to"));
    }
}
