package io.socketgrid.it;

import io.socketgrid.api.Handlers;
import io.socketgrid.api.ProcedureException;
import io.socketgrid.api.SocketGridApplication;
import io.socketgrid.api.SocketGridServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/** Procedures the tests add to the deployed WAR, beside the thesis ping-pong application. */
@ApplicationScoped
public class TestProcedures implements SocketGridApplication {

    @Inject
    SocketGridServer server;

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
        // the live heap of the server in bytes, after a full collection (the file tests check it stays flat)
        handlers.onInvoke("liveHeap", (socket, data) -> {
            System.gc();
            return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        });
        // the server closes the socket with the code sent as data (the reconnect tests use it)
        handlers.onTransmit("closeMe", (socket, data) -> socket.close(((JsonNumber) data).intValue(), "asked to"));
    }
}
