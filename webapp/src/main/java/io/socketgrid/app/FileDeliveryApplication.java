package io.socketgrid.app;

import io.socketgrid.api.FileTransfers;
import io.socketgrid.api.Handlers;
import io.socketgrid.api.ProcedureException;
import io.socketgrid.api.SocketGridApplication;
import io.socketgrid.api.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The thesis's file workload (Appendix A.2, the {@code delivery} library): on {@code invoke('files.fetch',
 * {name})} the server pushes the stored file of that name to the caller over its socket (the client accepts
 * the offer and verifies the SHA-256). The answer comes at once, {@code {name, size, sha256}}; the offer is a
 * message of its own and may arrive before or after it (listen for {@code #file.offer} before invoking); an
 * unknown name is answered with FileUnknownError. Files pushed (verified by their receivers)
 * and stored are the node's {@code filesPushed} and {@code filesStored} gauges.
 */
@ApplicationScoped
public class FileDeliveryApplication implements SocketGridApplication {

    private static final System.Logger LOG = System.getLogger(FileDeliveryApplication.class.getName());

    @Inject
    FileTransfers files;

    private final AtomicLong pushed = new AtomicLong();

    /** Runs while SocketGrid starts: {@code files} may only be used later, in handlers and gauges. */
    @Override
    public void configure(Handlers handlers) {
        handlers.gauge("filesPushed", pushed::get);
        handlers.gauge("filesStored", () -> files.storedFiles().size());
        handlers.onInvoke("files.fetch", (socket, data) -> {
            String name = data instanceof JsonObject request && request.get("name") instanceof JsonString s ? s.getString() : null;
            StoredFile file = name == null ? null
                    : files.storedFiles().stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
            if (file == null) {
                throw new ProcedureException("FileUnknownError", "no stored file named " + name + " on this node");
            }
            files.push(socket.id(), file).whenComplete((digest, failure) -> {
                if (failure == null) {
                    pushed.incrementAndGet();
                } else {
                    LOG.log(System.Logger.Level.DEBUG, () -> "push of " + name + " to " + socket.id() + " ended: " + failure);
                }
            });
            return Map.of("name", file.name(), "size", file.size(), "sha256", file.sha256());
        });
    }
}
