package io.socketgrid.it;

import io.socketgrid.api.Handlers;
import io.socketgrid.api.ProcedureException;
import io.socketgrid.api.SocketGridApplication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonNumber;

/** Procedures the tests add to the deployed WAR, beside the thesis ping-pong application. */
@ApplicationScoped
public class TestProcedures implements SocketGridApplication {

    @Override
    public void configure(Handlers handlers) {
        handlers.onInvoke("echo", (socket, data) -> data);
        handlers.onInvoke("fail", (socket, data) -> {
            throw new ProcedureException("TestError", "failed on purpose");
        });
        // the server closes the socket with the code sent as data (the reconnect tests use it)
        handlers.onTransmit("closeMe", (socket, data) -> socket.close(((JsonNumber) data).intValue(), "asked to"));
    }
}
