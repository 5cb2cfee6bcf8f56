package io.socketgrid.files;

import io.socketgrid.api.FileTransferException;
import io.socketgrid.api.FileTransfers;
import io.socketgrid.api.StoredFile;
import io.socketgrid.broker.NodeRoute;
import io.socketgrid.concurrent.DaemonThreads;
import io.socketgrid.config.SocketGridConfig;
import io.socketgrid.engine.Connection;
import io.socketgrid.engine.ProblemLog;
import io.socketgrid.engine.SocketGridEngine;
import io.socketgrid.engine.SocketIds;
import io.socketgrid.protocol.FrameCodec;
import io.socketgrid.protocol.InboundFrame;
import io.socketgrid.protocol.files.ChunkFormatException;
import io.socketgrid.protocol.files.ChunkFrame;
import io.socketgrid.protocol.files.FileErrors;
import io.socketgrid.protocol.files.FileEvents;
import io.socketgrid.protocol.files.FileOffer;
import io.socketgrid.protocol.files.RouteMessage;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * File transfer on one node (docs/PROTOCOL.md, "File transfer"): a protocol extension of the engine for the
 * {@code #file.*} events and binary chunk messages, and the {@link FileTransfers} API of applications.
 *
 * <p>Each transfer lives on the node named in its id (its owner): uploads where they are stored, pushes where
 * the application pushed, peer transfers on the sender's node. A message about a transfer another node owns
 * is forwarded there by the {@link TransferRelay}; the owner answers through it. One timer thread ticks every
 * transfer once a second (idle, offer and resume timeouts); one more thread starts pushes (hashing a file first
 * unless it is a stored one, whose SHA-256 the store recorded).
 */
public final class FileTransferService implements FileTransfers, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FileTransferService.class.getName());

    private final SocketGridEngine engine;
    private final SocketGridConfig config;
    private final FileStore store;
    private final FileCounters counters = new FileCounters();
    private final ProblemLog problems = new ProblemLog();
    private final FrameCodec codec = new FrameCodec();
    private final TransferMessages messages = new TransferMessages(codec);
    private final TransferRelay relay;
    private final TransferDesk desk;
    private final Consumer<StoredFile> storedListener;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("socketgrid-file-timer"));
    private final ExecutorService preparation = Executors.newSingleThreadExecutor(DaemonThreads.named("socketgrid-file-hash"));
    private final Supplier<CompletionStage<Set<String>>> liveNodesSource;
    private volatile Set<String> liveNodes;

    /**
     * @param liveNodes the ids of the cluster's live nodes (asked once a second): a message about a transfer
     *                  whose node is not among them is answered at once instead of being sent nowhere
     * @param stored    told of every upload verified and stored here, off the transfer's lock; must not block
     */
    public FileTransferService(SocketGridEngine engine, SocketGridConfig config, NodeRoute route, FileStore store,
                               Supplier<CompletionStage<Set<String>>> liveNodes, Consumer<StoredFile> stored) {
        this.storedListener = stored;
        this.engine = engine;
        this.liveNodesSource = liveNodes;
        this.config = config;
        this.store = store;
        this.relay = new TransferRelay(route, engine, this::fromRelay, counters, problems);
        this.desk = new TransferDesk(engine, relay, config, store, messages, counters, problems, this::stored);
        for (String event : FileEvents.FROM_CLIENTS) {
            engine.extensions().onReserved(event, this::onLocalEvent);
        }
        engine.extensions().onBinary(this::onLocalChunk);
        engine.extensions().onRelease(connection -> released(connection.id()));
        refreshLiveNodes();
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    // ---- inbound from local sockets

    private void onLocalEvent(Connection connection, InboundFrame.Event event) {
        Party from = new LocalParty(connection, engine.writer());
        if (event.event().equals(FileEvents.CHUNK)) {
            chunkAsText(connection, from, event);
            return;
        }
        String owner = ownerOf(event);
        if (owner != null && !owner.equals(relay.localNode())) {
            if (!mayBeAlive(owner)) {
                String name = event.event().equals(FileEvents.OFFER) ? FileErrors.RESUME : FileErrors.UNKNOWN;
                desk.reply(from, event.cid(), null, name, "the transfer's node " + owner + " is not in the cluster");
                return;
            }
            relay.forwardEvent(owner, connection, event.isInvoke()
                    ? codec.encodeInvoke(event.event(), event.data(), event.cid())
                    : codec.encodeTransmit(event.event(), event.data()));
            return;
        }
        desk.handle(from, event);
    }

    private void onLocalChunk(Connection connection, ByteBuffer message) {
        ChunkFrame chunk = null;
        ChunkFormatException malformed = null;
        try {
            chunk = ChunkFrame.decode(message, config.fileChunkBytes());
        } catch (ChunkFormatException e) {
            malformed = e;
        }
        String transferId = chunk != null ? chunk.transferId() : malformed.transferId();
        String owner = transferId == null ? null : SocketIds.nodeOf(transferId);
        if (owner != null && !owner.equals(relay.localNode()) && mayBeAlive(owner)) {
            relay.forwardChunk(owner, connection, message); // the owner answers, malformed or not
            return;
        }
        Party from = new LocalParty(connection, engine.writer());
        if (chunk != null) {
            desk.deliverChunk(from, chunk, message);
        } else {
            desk.malformedChunk(from, malformed);
        }
    }

    /** {@code #file.chunk}: a chunk in text, made a chunk message and handled like a binary one. */
    private void chunkAsText(Connection connection, Party from, InboundFrame.Event event) {
        if (event.data() instanceof JsonObject data && data.get("id") instanceof JsonString id
                && ChunkFrame.isValidId(id.getString()) && data.get("offset") instanceof JsonNumber offset
                && offset.isIntegral() && data.get("data") instanceof JsonString base64) {
            try {
                ByteBuffer payload = ByteBuffer.wrap(Base64.getDecoder().decode(base64.getString()));
                onLocalChunk(connection, new ChunkFrame(id.getString(), offset.longValue(), payload).encode());
                return;
            } catch (IllegalArgumentException notBase64) {
                // answered below
            }
        }
        desk.refuse(from, FileErrors.CHUNK, "#file.chunk needs {id, offset, data: base64}");
    }

    /** What became of bytes a sender PUT over HTTP (see {@link #acceptHttpChunks}). */
    public enum HttpChunks {
        /** Handed to the transfer (or to its node); acknowledgements and errors follow on the socket. */
        ACCEPTED,
        /** The transfer id, socket id, offset or length is not valid. */
        MALFORMED,
        /** The body is longer than the window. */
        TOO_LARGE,
        /** No such open transfer here, or its node is not in the cluster. */
        UNKNOWN,
        /** The socket is not connected (to this node, whose socket it is). */
        SOCKET_GONE
    }

    /** The outcome of opening an HTTP request body for the HTTP carrier; {@code stream} only when ACCEPTED. */
    private record HttpChunksOpened(HttpChunks status, HttpChunkStream stream) {
    }

    /**
     * The HTTP carrier of a sender's bytes (docs/PROTOCOL.md, "File transfer"): a request body of {@code length}
     * bytes, the file's bytes from {@code offset} on, sent by socket {@code socketId} for transfer
     * {@code transferId}. The returned stream cuts what it is given into chunks of {@code fileChunkBytes},
     * handled exactly like chunk frames from that socket (same credit, same answers on the socket); HTTP bodies
     * are not masked, so this path avoids Tyrus's slow unmasking of client frames (docs/PERFORMANCE.md).
     */
    private HttpChunksOpened openHttpChunks(String transferId, String socketId, long offset, long length) {
        String owner = ChunkFrame.isValidId(transferId) ? SocketIds.nodeOf(transferId) : null;
        String socketNode = ChunkFrame.isValidId(socketId) ? SocketIds.nodeOf(socketId) : null;
        if (owner == null || socketNode == null || offset < 0 || length <= 0) {
            return new HttpChunksOpened(HttpChunks.MALFORMED, null);
        }
        if (length > config.fileWindowBytes()) {
            return new HttpChunksOpened(HttpChunks.TOO_LARGE, null);
        }
        boolean local = owner.equals(relay.localNode());
        if (local ? !desk.isOpen(transferId) : !mayBeAlive(owner)) {
            return new HttpChunksOpened(HttpChunks.UNKNOWN, null);
        }
        Consumer<ByteBuffer> deliver;
        if (local) {
            Party from = desk.partyOf(socketId);
            if (from == null) {
                return new HttpChunksOpened(HttpChunks.SOCKET_GONE, null);
            }
            deliver = message -> {
                try {
                    desk.deliverChunk(from, ChunkFrame.decode(message, config.fileChunkBytes()), message);
                } catch (ChunkFormatException cannotHappen) {
                    throw new IllegalStateException("a chunk made here did not decode", cannotHappen);
                }
            };
        } else {
            deliver = message -> relay.forwardChunkFor(owner, socketId, socketNode, message);
        }
        return new HttpChunksOpened(HttpChunks.ACCEPTED,
                new HttpChunkStream(transferId, offset, length, config.fileChunkBytes(), deliver));
    }

    /**
     * Reads a request body of the HTTP carrier ({@link #openHttpChunks}) to its end, blocking: call it on a
     * request thread. MALFORMED when the body is shorter or longer than {@code length}.
     */
    public HttpChunks acceptHttpChunks(String transferId, String socketId, long offset, long length, InputStream body)
            throws IOException {
        HttpChunksOpened opened = openHttpChunks(transferId, socketId, offset, length);
        if (opened.stream() == null) {
            return opened.status();
        }
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = body.read(buffer)) > 0; ) {
            if (!opened.stream().write(buffer, 0, n)) {
                return HttpChunks.MALFORMED;
            }
        }
        return opened.stream().complete() ? HttpChunks.ACCEPTED : HttpChunks.MALFORMED;
    }

    // ---- inbound from sockets of other nodes

    private void fromRelay(RouteMessage message) {
        Party from = new RemoteParty(message.node(), message.socket(), relay);
        switch (message.kind()) {
            case CLIENT_EVENT -> {
                List<InboundFrame> frames = codec.decode(message.text());
                if (frames.size() == 1 && frames.get(0) instanceof InboundFrame.Event event) {
                    desk.handle(from, event);
                }
            }
            case CLIENT_CHUNK -> {
                try {
                    desk.deliverChunk(from, ChunkFrame.decode(message.payload(), config.fileChunkBytes()), message.payload());
                } catch (ChunkFormatException e) {
                    desk.malformedChunk(from, e);
                }
            }
            case CLIENT_GONE -> desk.partyGone(message.socket());
            default -> { }
        }
    }

    /** The node that owns what {@code event} is about: the id's node; this node for a new offer. */
    private String ownerOf(InboundFrame.Event event) {
        if (!(event.data() instanceof JsonObject data)) {
            return null;
        }
        String field = event.event().equals(FileEvents.OFFER) ? "resume" : "id";
        return data.get(field) instanceof JsonString id ? SocketIds.nodeOf(id.getString()) : null;
    }

    // ---- departures, timers, storage

    private void released(String socketId) {
        relay.released(socketId);
        desk.partyGone(socketId);
    }

    /** False when the cluster's view (at most a second old) does not list {@code node}. */
    private boolean mayBeAlive(String node) {
        Set<String> known = liveNodes;
        return known == null || known.contains(node);
    }

    private void refreshLiveNodes() {
        liveNodesSource.get().thenAccept(nodes -> liveNodes = Set.copyOf(nodes));
    }

    private void tick() {
        try {
            refreshLiveNodes();
            long now = System.nanoTime();
            desk.tick(now);
        } catch (RuntimeException e) {
            problems.report("file-tick-failed", "the file transfer timer failed", e);
        }
    }

    private void stored(StoredFile file) {
        desk.stored(file);
        preparation.execute(() -> {
            try {
                storedListener.accept(file);
            } catch (RuntimeException e) {
                problems.report("file-stored-listener", "telling the application of a stored file failed", e);
            }
        });
    }

    // ---- the application API

    @Override
    public CompletionStage<String> push(String socketId, Path file, String name, String type) {
        return offerWhenPrepared(file, () -> new FileOffer(name, Files.size(file), type, sha256(file), socketId, null));
    }

    @Override
    public CompletionStage<String> push(String socketId, StoredFile file) {
        StoredFile stored = store.find(file.name()).filter(file::equals).orElse(null);
        if (stored == null) {
            return CompletableFuture.failedFuture(
                    new FileTransferException(FileErrors.UNKNOWN, "no stored file " + file.name() + " on this node"));
        }
        FileOffer offer = new FileOffer(stored.name(), stored.size(), stored.type(), stored.sha256(), socketId, null);
        return offerWhenPrepared(store.pathOf(stored), () -> offer);
    }

    /** Makes a push's offer, reading its file if it must. */
    private interface OfferPreparation {
        FileOffer prepare() throws IOException;
    }

    /**
     * On the preparation thread: prepares the offer of {@code file} and offers it to the offer's socket; the
     * result completes with the client's verdict, or exceptionally when the file cannot be read or the socket is
     * not connected.
     */
    private CompletionStage<String> offerWhenPrepared(Path file, OfferPreparation preparing) {
        CompletableFuture<String> result = new CompletableFuture<>();
        preparation.execute(() -> {
            try {
                FileOffer offer = preparing.prepare();
                Party receiver = desk.partyOf(offer.to());
                if (receiver == null) {
                    throw new FileTransferException(FileErrors.REJECTED, "socket " + offer.to() + " is not connected");
                }
                desk.push(offer, receiver, file).result().whenComplete((digest, failure) -> settle(result, digest, failure));
            } catch (IOException e) {
                result.completeExceptionally(new FileTransferException(FileErrors.STORAGE, "cannot read " + file + ": " + e));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Completes {@code result} off the transfer's lock, so application callbacks never run under it. */
    private void settle(CompletableFuture<String> result, String digest, Throwable failure) {
        preparation.execute(() -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(digest);
            }
        });
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = FileSink.sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public List<StoredFile> storedFiles() {
        return store.list();
    }

    @Override
    public Path pathOf(StoredFile file) {
        return store.pathOf(file);
    }

    /** This node's file transfer counters. */
    public FileStats stats() {
        return counters.snapshot(desk.open());
    }

    public FileStore store() {
        return store;
    }

    /** Ends every open transfer (each party is told) and stops the threads. */
    @Override
    public void close() {
        timer.shutdownNow();
        preparation.shutdownNow();
        desk.abortAll(FileErrors.CANCELLED, "the server is stopping");
        store.close();
        LOG.log(System.Logger.Level.DEBUG, "file transfers stopped");
    }
}
