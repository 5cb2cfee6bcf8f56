package io.socketgrid.protocol.files;

import java.util.List;

/** The reserved events of file transfers (docs/PROTOCOL.md, "File transfer"). */
public final class FileEvents {
    public static final String OFFER = "#file.offer";
    public static final String ACCEPT = "#file.accept";
    public static final String REJECT = "#file.reject";
    public static final String ACK = "#file.ack";
    public static final String CHUNK = "#file.chunk";
    public static final String VERIFIED = "#file.verified";
    public static final String FAILED = "#file.failed";
    public static final String CANCEL = "#file.cancel";

    /** The events a client sends. */
    public static final List<String> FROM_CLIENTS = List.of(OFFER, ACCEPT, REJECT, ACK, CHUNK, VERIFIED, FAILED, CANCEL);

    private FileEvents() {
    }
}
