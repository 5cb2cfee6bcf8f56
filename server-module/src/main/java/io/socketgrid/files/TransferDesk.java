package io.socketgrid.files;

import io.socketgrid.api.StoredFile;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.engine.Connection;
import io.socketgrid.engine.ProblemLog;
import io.socketgrid.engine.SocketGridEngine;
import io.socketgrid.engine.SocketIds;
import io.socketgrid.protocol.InboundFrame;
import io.socketgrid.protocol.files.ChunkFormatException;
import io.socketgrid.protocol.files.ChunkFrame;
import io.socketgrid.protocol.files.FileErrors;
import io.socketgrid.protocol.files.FileEvents;
import io.socketgrid.protocol.files.FileOffer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The transfers this node owns, and what their parties' messages do to them: new offers (checked against
 * the limits and quotas), events and chunks for open transfers, departures and the periodic tick. Messages
 * reach it from local sockets and, through the relay, from sockets of other nodes; it answers through the
 * parties. Thread-safe: each transfer serialises its own inputs.
 */
final class TransferDesk {

    private static final String INVALID_ARGUMENTS = "InvalidArgumentsError";

    private final SocketGridEngine engine;
    private final SocketGridConfig config;
    private final FileStore store;
    private final TransferRelay relay;
    private final TransferContext context;
    private final TransferMessages messages;
    private final FileCounters counters;
    private final ProblemLog problems;
    private final SocketIds ids;
    private final Map<String, Transfer> transfers = new ConcurrentHashMap<>();
    private final Map<String, Long> storedBytes = new ConcurrentHashMap<>();
    /** Finished transfers that still answer resumes, by id. */
    private final Map<String, Finished> recentlyFinished = new ConcurrentHashMap<>();

    /** A finished transfer and when it finished (nanoTime). */
    private record Finished(Transfer transfer, long at) {
    }

    /** @param onStored told of every stored upload (on the transfer's thread, under its lock) */
    TransferDesk(SocketGridEngine engine, TransferRelay relay, SocketGridConfig config, FileStore store,
                 TransferMessages messages, FileCounters counters, ProblemLog problems, Consumer<StoredFile> onStored) {
        this.engine = engine;
        this.config = config;
        this.store = store;
        this.relay = relay;
        this.messages = messages;
        this.counters = counters;
        this.problems = problems;
        this.ids = new SocketIds(relay.localNode());
        this.context = new TransferContext(config, messages, store, counters, problems, this::finished, onStored);
    }

    void handle(Party from, InboundFrame.Event event) {
        if (!(event.data() instanceof JsonObject data)) {
            reply(from, event.cid(), null, INVALID_ARGUMENTS, event.event() + " needs an object");
            return;
        }
        if (event.event().equals(FileEvents.OFFER)) {
            offer(from, event.cid(), data);
            return;
        }
        String id = data.get("id") instanceof JsonString s && ChunkFrame.isValidId(s.getString()) ? s.getString() : null;
        Transfer transfer = id == null ? null : transfers.get(id);
        if (transfer == null) {
            reply(from, event.cid(), id, id == null ? INVALID_ARGUMENTS : FileErrors.UNKNOWN,
                    id == null ? event.event() + " needs the transfer's id" : "no open transfer " + id);
            return;
        }
        transfer.onEvent(from, event);
    }

    void deliverChunk(Party from, ChunkFrame chunk, ByteBuffer message) {
        Transfer transfer = transfers.get(chunk.transferId());
        if (transfer == null) {
            refuse(from, chunk.transferId(), FileErrors.UNKNOWN, "no open transfer " + chunk.transferId());
            return;
        }
        transfer.onChunk(from, chunk, message);
    }

    /** A chunk message that breaks the format fails its transfer when it names one of the socket's. */
    void malformedChunk(Party from, ChunkFormatException e) {
        Transfer transfer = e.transferId() == null ? null : transfers.get(e.transferId());
        if (transfer != null && transfer.involves(from.socketId())) {
            transfer.abort(FileErrors.CHUNK, e.getMessage());
        } else {
            refuse(from, e.transferId(), FileErrors.CHUNK, e.getMessage());
        }
    }

    private void offer(Party from, long cid, JsonObject data) {
        if (cid == InboundFrame.NO_CID) {
            refuse(from, INVALID_ARGUMENTS, "#file.offer must be an invoke");
            return;
        }
        FileOffer offer;
        try {
            offer = FileOffer.parse(data);
        } catch (FileOffer.InvalidOfferException e) {
            reply(from, cid, null, INVALID_ARGUMENTS, e.getMessage());
            return;
        }
        if (offer.resume() != null) {
            Transfer transfer = transfers.get(offer.resume());
            if (transfer == null) {
                Finished finished = recentlyFinished.get(offer.resume());
                transfer = finished == null ? null : finished.transfer();
            }
            if (transfer == null) {
                reply(from, cid, null, FileErrors.RESUME, "transfer " + offer.resume() + " is gone (finished, expired, or its node stopped)");
            } else {
                transfer.onResume(from, cid, offer);
            }
            return;
        }
        String refusal = limits(from.socketId(), offer);
        if (refusal != null) {
            refuseOffer(from, cid, offer, refusal);
            return;
        }
        String id = ids.next();
        if (offer.to() != null) {
            Party receiver = partyOf(offer.to());
            if (receiver == null || offer.to().equals(from.socketId())) {
                reply(from, cid, null, FileErrors.REJECTED, "socket " + offer.to() + " is not connected");
                return;
            }
            PeerTransfer transfer = new PeerTransfer(id, offer, context, from, cid, receiver);
            transfers.put(id, transfer);
            transfer.start();
            return;
        }
        FileSink sink;
        try {
            sink = store.openPartial(id);
        } catch (IOException e) {
            problems.report("file-storage", "could not create a partial file in " + config.fileDirectory(), e);
            reply(from, cid, null, FileErrors.STORAGE, "the server cannot store files now");
            return;
        }
        Upload upload = new Upload(id, offer, context, from, sink);
        transfers.put(id, upload);
        upload.start(cid);
    }

    /** The error name when {@code offer} passes a limit of the socket's, else null. */
    private String limits(String socketId, FileOffer offer) {
        if (offer.size() > config.maxFileBytes()) {
            return FileErrors.TOO_LARGE;
        }
        long open = transfers.values().stream().filter(t -> t.involves(socketId)).count();
        if (open >= config.maxTransfersPerSocket()) {
            return FileErrors.QUOTA;
        }
        if (offer.to() == null) {
            long used = storedBytes.getOrDefault(socketId, 0L)
                    + transfers.values().stream().mapToLong(t -> t.quotaBytes(socketId)).sum();
            if (used + offer.size() > config.fileQuotaPerSocket()) {
                return FileErrors.QUOTA;
            }
        }
        return null;
    }

    private void refuseOffer(Party from, long cid, FileOffer offer, String name) {
        String message = switch (name) {
            case FileErrors.TOO_LARGE -> offer.size() + " bytes is over the limit of " + config.maxFileBytes();
            default -> "this socket may have at most " + config.maxTransfersPerSocket() + " open transfers and upload at most "
                    + config.fileQuotaPerSocket() + " bytes";
        };
        reply(from, cid, null, name, message);
    }

    /** The party of socket {@code socketId}: local if connected here, remote by its node, null when unknown. */
    Party partyOf(String socketId) {
        String node = SocketIds.nodeOf(socketId);
        if (node == null) {
            return null;
        }
        if (node.equals(relay.localNode())) {
            Connection connection = engine.connection(socketId);
            return connection == null ? null : new LocalParty(connection, engine.writer());
        }
        return new RemoteParty(node, socketId, relay);
    }

    /** Answers an invoke with an error, or a transmit with {@code #file.failed}; counted. */
    void reply(Party to, long cid, String id, String name, String message) {
        counters.failed(name);
        problems.report("file:" + name, "socket " + to.socketId() + ": " + message);
        to.sendText(cid == InboundFrame.NO_CID ? messages.failed(id, name, message) : messages.error(cid, name, message));
    }

    void refuse(Party to, String name, String message) {
        refuse(to, null, name, message);
    }

    void refuse(Party to, String id, String name, String message) {
        reply(to, InboundFrame.NO_CID, id, name, message);
    }

    /** Whether this node has the open transfer {@code id}. */
    boolean isOpen(String id) {
        return transfers.containsKey(id);
    }

    /** Starts pushing {@code file} (described by {@code offer}) to {@code receiver}. */
    Push push(FileOffer offer, Party receiver, Path file) {
        Push push = new Push(ids.next(), offer, context, receiver, file);
        transfers.put(push.id(), push);
        push.start();
        return push;
    }

    /** Socket {@code socketId} left: every transfer it takes part in hears of it; its quota is forgotten. */
    void partyGone(String socketId) {
        storedBytes.remove(socketId);
        for (Transfer transfer : transfers.values()) {
            transfer.onPartyGone(socketId);
        }
    }

    /** An upload of a socket connected here was stored: it counts against the socket's quota. */
    void stored(StoredFile file) {
        if (engine.connection(file.uploader()) != null) {
            storedBytes.merge(file.uploader(), file.size(), Long::sum);
        }
    }

    /** A finished transfer leaves the table. */
    void finished(Transfer transfer) {
        transfers.remove(transfer.id(), transfer);
        if (transfer.answersResumesWhenFinished()) {
            recentlyFinished.put(transfer.id(), new Finished(transfer, context.now()));
        }
    }

    void tick(long now) {
        for (Transfer transfer : transfers.values()) {
            transfer.onTick(now);
        }
        long keep = config.fileResumeTimeout().toNanos();
        recentlyFinished.values().removeIf(finished -> now - finished.at() > keep);
    }

    int open() {
        return transfers.size();
    }

    /** Ends every open transfer; each party is told why. */
    void abortAll(String name, String message) {
        for (Transfer transfer : transfers.values()) {
            transfer.abort(name, message);
        }
    }
}
