package io.socketgrid.engine;

import java.security.Principal;

/**
 * What the engine keeps of a socket's HTTP upgrade request (the container adapter reads it; the request itself
 * is not retained).
 *
 * @param remoteAddress the client's IP address as the server saw it ("" when unknown)
 * @param principal     the authenticated container principal (servlet login, Jakarta Security), or null
 * @param operator      whether the request may read the operations documents (from this machine without a proxy
 *                      naming a client elsewhere, or a user in {@code opsRole}): such a socket may also
 *                      subscribe to the server's channels ({@value SystemChannels#PREFIX}…)
 */
public record UpgradeRequest(String remoteAddress, Principal principal, boolean operator) {

    /** A request about which nothing is known (tests, transports without HTTP): not an operator. */
    public static final UpgradeRequest UNKNOWN = new UpgradeRequest("", null, false);

    public UpgradeRequest {
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
    }

    /** A request of {@code remoteAddress} with {@code principal} that is not an operator's. */
    public UpgradeRequest(String remoteAddress, Principal principal) {
        this(remoteAddress, principal, false);
    }
}
