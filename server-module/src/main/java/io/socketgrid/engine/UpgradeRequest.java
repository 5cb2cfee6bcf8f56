package io.socketgrid.engine;

import java.security.Principal;

/**
 * What the engine keeps of a socket's HTTP upgrade request (the container adapter reads it; the request itself
 * is not retained).
 *
 * @param remoteAddress the client's IP address as the server saw it ("" when unknown)
 * @param principal     the authenticated container principal (servlet login, Jakarta Security), or null
 */
public record UpgradeRequest(String remoteAddress, Principal principal) {

    /** A request about which nothing is known (tests, transports without HTTP). */
    public static final UpgradeRequest UNKNOWN = new UpgradeRequest("", null);

    public UpgradeRequest {
        remoteAddress = remoteAddress == null ? "" : remoteAddress;
    }
}
