package io.socketgrid.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether an HTTP request comes from this machine: its peer address is a loopback address and no proxy
 * header ({@code X-Forwarded-For}, {@code Forwarded}) names a client elsewhere. A local balancer that forwards
 * outside clients must add one of those headers, or its requests count as local.
 */
public final class LocalRequests {

    /** What an address literal may contain (IPv4 and IPv6), so that a name is never looked up. */
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private LocalRequests() {
    }

    /**
     * @param remoteAddress the peer's IP address as the server saw it
     * @param forwardedFor  the {@code X-Forwarded-For} header, or null
     * @param forwarded     the {@code Forwarded} header (RFC 7239), or null
     */
    public static boolean isLocal(String remoteAddress, String forwardedFor, String forwarded) {
        if (!isLoopback(remoteAddress)) {
            return false;
        }
        if (forwardedFor != null) {
            for (String hop : forwardedFor.split(",")) {
                if (!isLoopback(hop.trim())) {
                    return false;
                }
            }
        }
        if (forwarded != null) {
            for (String element : forwarded.split("[,;]")) {
                String pair = element.trim();
                if (pair.toLowerCase(Locale.ROOT).startsWith("for=")
                        && !isLoopback(unquote(pair.substring(4)))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code "[::1]:4711"} → {@code ::1}; {@code 127.0.0.1:80} → {@code 127.0.0.1}. */
    private static String unquote(String node) {
        String value = node.replace("\"", "");
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end > 0 ? value.substring(1, end) : value;
        }
        int colon = value.indexOf(':');
        return colon > 0 && value.indexOf(':', colon + 1) < 0 ? value.substring(0, colon) : value;
    }

    /** True for 127.0.0.0/8 and ::1 written as literal addresses; never resolves a name. */
    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty() || !ADDRESS_LITERAL.matcher(address).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
