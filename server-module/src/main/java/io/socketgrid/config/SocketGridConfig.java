package io.socketgrid.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Every SocketGrid setting, with its default. Each is read from the system property
 * {@code socketgrid.<name>} or else the environment variable {@code SOCKETGRID_<NAME>} (camel case turned to
 * upper snake case: {@code pingInterval} → {@code SOCKETGRID_PING_INTERVAL}). README.md lists them too.
 *
 * <p>Durations accept {@code 500ms}, {@code 8s}, {@code 2m}, ISO-8601 ({@code PT8S}) or a bare number of
 * milliseconds.
 *
 * @param pingInterval          how often the server sends the heartbeat {@code ""} (default 8s)
 * @param pingTimeout           silence after which a client is closed with 4001; also told to the client as
 *                              its own wait for the server's heartbeat (default 20s)
 * @param handshakeTimeout      time a new socket has to send {@code #handshake} before 4005 (default 10s)
 * @param maxMessageBytes       largest inbound text message; larger ones close the socket with 1009 (default 1 MiB)
 * @param outboundQueueLimit    bytes that may wait to be sent to one socket (text counted in UTF-8); past it
 *                              the socket is closed with 4100 (default 1 MiB). File chunks are counted but
 *                              bounded by their flow-control window instead
 * @param deliveryBatchBytes    largest batch of channel deliveries sent to a socket as one message: messages of a
 *                              channel that reach the node together (a busy channel, a reader catching up) go out
 *                              as one SocketCluster batch (a JSON array of frames) of at most this many bytes;
 *                              a larger message goes alone; 0 sends every delivery as its own message (default 16 KiB)
 * @param maxChannelNameLength  longest channel name accepted by {@code #subscribe}/{@code #publish} (default 256)
 * @param maxSubscriptionsPerSocket channels one socket may be subscribed to at once (default 1000)
 * @param broker                which broker carries channel messages: {@code auto} (the server's Hazelcast when
 *                              there is one, else in-memory), {@code hazelcast} or {@code memory} (default auto)
 * @param hazelcastConfig       a Hazelcast member configuration file, or {@code classpath:<name>} for one inside
 *                              the WAR; when the server offers no Hazelcast instance, SocketGrid starts its own
 *                              member from it (default empty: none, then in memory)
 * @param nodeTimeout           how long a node that stopped reporting stays in the cluster view; nodes report
 *                              every third of it (default 6s)
 * @param advertisedUrl         the URL this node is reached at, shown in the cluster view (default empty)
 * @param historySize           messages of each channel kept for recovery; also the most one recovery returns (default 1000)
 * @param historyTtl            how long a channel message stays recoverable (default 5m)
 * @param allowClientPublish    whether clients may {@code #publish}; when false they get InvalidActionError (default true)
 * @param tyrusSchedulerPatch   replace the managed scheduler Tyrus uses for idle timeouts inside Payara with a
 *                              plain one (the 4x throughput fix described in docs/PERFORMANCE.md; default true)
 * @param upgradeRequestTrim    release, at each socket's first message, the parts of its HTTP upgrade that Payara
 *                              keeps for the socket's life and never reads again (docs/PERFORMANCE.md; default true)
 * @param preparedTextFrames    in Payara (Tyrus), write each text message as a frame encoded once and shared by all
 *                              the sockets it goes to, instead of Tyrus encoding it again per socket
 *                              (docs/PERFORMANCE.md; default true)
 * @param metrics               whether the node samples itself every second and shares it with the cluster
 *                              (docs/MONITORING.md); false leaves only the cumulative counters of
 *                              {@code /socketgrid/stats} (default true)
 * @param fileDirectory         where uploaded files are stored; partial uploads live in its {@code .partial}
 *                              folder (default {@code <java.io.tmpdir>/socketgrid-files})
 * @param fileDirectWrites      uploads written with direct I/O at once, around the page cache (2 MiB of native
 *                              memory each; more uploads at once, or a file system that refuses direct I/O, go
 *                              through the page cache); 0 writes every upload through the page cache (default 16)
 * @param fileChunkBytes        largest chunk payload of a file transfer (default 256 KiB); binary messages may
 *                              be this plus the chunk header
 * @param fileWindowBytes       credit a receiving server grants a sender: bytes sent but not yet acknowledged
 *                              (default 4 MiB)
 * @param maxFileBytes          largest file a client may upload or offer (default 2 GiB)
 * @param fileQuotaPerSocket    bytes one socket may upload, unfinished and stored together (default 4 GiB)
 * @param maxTransfersPerSocket transfers one socket may have open at once, either direction (default 8)
 * @param fileIdleTimeout       a transfer without progress for this long fails with FileTimeoutError (default 30s)
 * @param fileResumeTimeout     how long an interrupted upload or push waits to be resumed (default 2m)
 * @param fileOfferTimeout      how long an offer to another client waits for accept or reject (default 60s)
 * @param security              origins, authentication and limits ({@link SecurityConfig})
 * @param autoscale             the autoscaling rule's targets, bounds and windows ({@link AutoscaleConfig})
 */
public record SocketGridConfig(
        Duration pingInterval,
        Duration pingTimeout,
        Duration handshakeTimeout,
        int maxMessageBytes,
        int outboundQueueLimit,
        int deliveryBatchBytes,
        int maxChannelNameLength,
        int maxSubscriptionsPerSocket,
        String broker,
        String hazelcastConfig,
        Duration nodeTimeout,
        String advertisedUrl,
        int historySize,
        Duration historyTtl,
        boolean allowClientPublish,
        boolean tyrusSchedulerPatch,
        boolean upgradeRequestTrim,
        boolean preparedTextFrames,
        boolean metrics,
        String fileDirectory,
        int fileDirectWrites,
        int fileChunkBytes,
        int fileWindowBytes,
        long maxFileBytes,
        long fileQuotaPerSocket,
        int maxTransfersPerSocket,
        Duration fileIdleTimeout,
        Duration fileResumeTimeout,
        Duration fileOfferTimeout,
        SecurityConfig security,
        AutoscaleConfig autoscale) {

    public static final String PREFIX = "socketgrid.";

    public SocketGridConfig {
        requirePositive(maxMessageBytes, "maxMessageBytes");
        requirePositive(outboundQueueLimit, "outboundQueueLimit");
        if (deliveryBatchBytes < 0) {
            throw new IllegalArgumentException(PREFIX + "deliveryBatchBytes must be 0 (no batches) or more, was "
                    + deliveryBatchBytes);
        }
        requirePositive(maxChannelNameLength, "maxChannelNameLength");
        requirePositive(maxSubscriptionsPerSocket, "maxSubscriptionsPerSocket");
        requirePositive(historySize, "historySize");
        if (!java.util.Set.of("auto", "hazelcast", "memory").contains(broker)) {
            throw new IllegalArgumentException(PREFIX + "broker='" + broker + "' is not auto, hazelcast or memory");
        }
        requirePositive(nodeTimeout, "nodeTimeout");
        requirePositive(historyTtl, "historyTtl");
        if (fileDirectWrites < 0) {
            throw new IllegalArgumentException(PREFIX + "fileDirectWrites must be 0 (never) or more, was " + fileDirectWrites);
        }
        requirePositive(fileChunkBytes, "fileChunkBytes");
        requirePositive(maxFileBytes, "maxFileBytes");
        requirePositive(fileQuotaPerSocket, "fileQuotaPerSocket");
        requirePositive(maxTransfersPerSocket, "maxTransfersPerSocket");
        requirePositive(fileIdleTimeout, "fileIdleTimeout");
        requirePositive(fileResumeTimeout, "fileResumeTimeout");
        requirePositive(fileOfferTimeout, "fileOfferTimeout");
        if (fileWindowBytes < fileChunkBytes) {
            throw new IllegalArgumentException(PREFIX + "fileWindowBytes (" + fileWindowBytes
                    + ") must be at least fileChunkBytes (" + fileChunkBytes + ")");
        }
    }

    /** The largest binary message accepted: a chunk of {@link #fileChunkBytes} with the longest header. */
    public int maxBinaryMessageBytes() {
        return fileChunkBytes + 256;
    }

    /** The defaults, as documented above. */
    public static SocketGridConfig defaults() {
        return load(name -> null);
    }

    /** Reads system properties, then environment variables, then defaults. */
    public static SocketGridConfig fromEnvironment() {
        return load(name -> {
            String value = System.getProperty(PREFIX + name);
            return value != null ? value : System.getenv(environmentName(name));
        });
    }

    /**
     * Builds the configuration from {@code lookup}, which maps a setting's name ({@code pingInterval}) to its
     * text or null for the default.
     *
     * @throws IllegalArgumentException naming the setting whose text is not valid
     */
    public static SocketGridConfig load(UnaryOperator<String> lookup) {
        Settings s = new Settings(lookup);
        return new SocketGridConfig(
                s.duration("pingInterval", Duration.ofSeconds(8)),
                s.duration("pingTimeout", Duration.ofSeconds(20)),
                s.duration("handshakeTimeout", Duration.ofSeconds(10)),
                s.integer("maxMessageBytes", 1 << 20),
                s.integer("outboundQueueLimit", 1 << 20),
                s.integer("deliveryBatchBytes", 16 * 1024),
                s.integer("maxChannelNameLength", 256),
                s.integer("maxSubscriptionsPerSocket", 1000),
                s.text("broker", "auto"),
                s.raw("hazelcastConfig", ""),
                s.duration("nodeTimeout", Duration.ofSeconds(6)),
                s.raw("advertisedUrl", ""),
                s.integer("historySize", 1000),
                s.duration("historyTtl", Duration.ofMinutes(5)),
                s.bool("allowClientPublish", true),
                s.bool("tyrusSchedulerPatch", true),
                s.bool("upgradeRequestTrim", true),
                s.bool("preparedTextFrames", true),
                s.bool("metrics", true),
                s.raw("fileDirectory", java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "socketgrid-files").toString()),
                s.integer("fileDirectWrites", 16),
                s.integer("fileChunkBytes", 256 * 1024),
                s.integer("fileWindowBytes", 4 << 20),
                s.longInteger("maxFileBytes", 2L << 30),
                s.longInteger("fileQuotaPerSocket", 4L << 30),
                s.integer("maxTransfersPerSocket", 8),
                s.duration("fileIdleTimeout", Duration.ofSeconds(30)),
                s.duration("fileResumeTimeout", Duration.ofMinutes(2)),
                s.duration("fileOfferTimeout", Duration.ofSeconds(60)),
                SecurityConfig.load(s),
                AutoscaleConfig.load(s));
    }

    /** The names of every setting, as {@code socketgrid.<name>} spells them. */
    public static Set<String> settingNames() {
        Set<String> names = new TreeSet<>();
        load(name -> {
            names.add(name);
            return null;
        });
        return names;
    }

    /**
     * The system properties {@code socketgrid.*} and environment variables {@code SOCKETGRID_*} that name no
     * setting (a typo such as {@code SOCKETGRID_AUTH_CHANELS} would otherwise leave a protection off without a
     * word), except the scripts' own variables listed in {@code ignoredEnvironment}.
     */
    public static List<String> unknownSettings(Set<String> propertyNames, Set<String> environmentNames,
                                               Set<String> ignoredEnvironment) {
        Set<String> known = settingNames();
        Set<String> knownEnvironment = new TreeSet<>();
        known.forEach(name -> knownEnvironment.add(environmentName(name)));
        List<String> unknown = new ArrayList<>();
        for (String property : new TreeSet<>(propertyNames)) {
            if (property.startsWith(PREFIX) && !known.contains(property.substring(PREFIX.length()))) {
                unknown.add(property);
            }
        }
        for (String variable : new TreeSet<>(environmentNames)) {
            if (variable.startsWith("SOCKETGRID_") && !knownEnvironment.contains(variable)
                    && !ignoredEnvironment.contains(variable)) {
                unknown.add(variable);
            }
        }
        return unknown;
    }

    /** {@code pingInterval} → {@code SOCKETGRID_PING_INTERVAL}. */
    public static String environmentName(String name) {
        return "SOCKETGRID_" + name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static void requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(PREFIX + name + " must be positive, was " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + name + " must be positive, was " + value);
        }
    }

    /** Reads one setting's text through the lookup and parses it, naming the setting when it is invalid. */
    record Settings(UnaryOperator<String> lookup) {

        Duration duration(String name, Duration fallback) {
            String text = text(name);
            if (text == null) {
                return fallback;
            }
            try {
                return DurationText.parse(text);
            } catch (IllegalArgumentException e) {
                throw invalid(name, text, "a duration such as 500ms, 8s, 2m or PT8S");
            }
        }

        String raw(String name, String fallback) {
            String text = text(name);
            return text == null ? fallback : text;
        }

        String text(String name, String fallback) {
            String text = text(name);
            return text == null ? fallback : text.toLowerCase(Locale.ROOT);
        }

        int integer(String name, int fallback) {
            long value = longInteger(name, fallback);
            if (value != (int) value) {
                throw invalid(name, text(name), "a whole number below 2^31");
            }
            return (int) value;
        }

        long longInteger(String name, long fallback) {
            String text = text(name);
            if (text == null) {
                return fallback;
            }
            try {
                return Long.parseLong(text.replace("_", ""));
            } catch (NumberFormatException e) {
                throw invalid(name, text, "a whole number");
            }
        }

        boolean bool(String name, boolean fallback) {
            String text = text(name);
            if (text == null) {
                return fallback;
            }
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes" -> true;
                case "false", "off", "no" -> false;
                default -> throw invalid(name, text, "true or false");
            };
        }

        private String text(String name) {
            String value = lookup.apply(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        private static IllegalArgumentException invalid(String name, String text, String expected) {
            return new IllegalArgumentException(PREFIX + name + "='" + text + "' is not " + expected);
        }
    }
}
