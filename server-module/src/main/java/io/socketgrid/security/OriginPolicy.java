package io.socketgrid.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may open a socket (the defence against cross-site WebSocket hijacking): a request
 * without an {@code Origin} header (not a browser) is allowed; otherwise the origin must be listed in
 * {@code allowedOrigins}, or, with an empty list, be the request's own origin (same scheme, host and port as
 * it reached the server). {@code *} allows every origin. Immutable.
 */
public final class OriginPolicy {

    private final boolean any;
    private final Set<String> allowed;

    public OriginPolicy(List<String> allowedOrigins) {
        this.any = allowedOrigins.contains("*");
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * @param origin the request's Origin header, or null
     * @param scheme {@code http} or {@code https}, as the request reached the server
     * @param host   the request's Host header ({@code example.com:8080}), or null
     */
    public boolean allows(String origin, String scheme, String host) {
        if (origin == null || any) {
            return true;
        }
        String normalised = normalise(origin);
        if (!allowed.isEmpty()) {
            return allowed.contains(normalised);
        }
        return host != null && normalised.equals(normalise(scheme + "://" + host));
    }

    /** {@code scheme://host[:port]} in lower case, without a default port or a path; "" when unparsable. */
    static String normalise(String origin) {
        try {
            URI uri = new URI(origin.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null) {
                return "";
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (URISyntaxException e) {
            return "";
        }
    }
}
