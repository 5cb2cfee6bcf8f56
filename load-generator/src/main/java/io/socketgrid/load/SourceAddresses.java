package io.socketgrid.load;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code --source-addresses}: a comma-separated list of IP literals and IPv4 ranges, e.g.
 * {@code 127.0.0.1-127.0.0.8}, {@code 127.0.0.2-9} (the last octet), {@code 127.0.0.2,127.0.0.5-127.0.0.6,::1}.
 * Names are refused (no DNS lookup); a range runs upwards and holds at most {@value #MAX_ADDRESSES} addresses.
 */
public final class SourceAddresses {

    static final int MAX_ADDRESSES = 65_536;

    private SourceAddresses() {
    }

    public static List<InetAddress> parse(String text) {
        List<InetAddress> addresses = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return addresses;
        }
        for (String item : text.split(",")) {
            String part = item.trim();
            if (part.isEmpty()) {
                throw new IllegalArgumentException("an empty item in the address list: '" + text + "'");
            }
            int dash = part.indexOf('-');
            if (dash < 0) {
                addresses.add(literal(part));
            } else {
                range(part.substring(0, dash).trim(), part.substring(dash + 1).trim(), addresses);
            }
            if (addresses.size() > MAX_ADDRESSES) {
                throw new IllegalArgumentException("more than " + MAX_ADDRESSES + " source addresses");
            }
        }
        return addresses;
    }

    private static void range(String from, String to, List<InetAddress> into) {
        long first = ipv4(from);
        long last = to.contains(".") ? ipv4(to) : (first & ~0xffL) | octet(to, from + "-" + to);
        if (last < first) {
            throw new IllegalArgumentException("a range must run upwards: " + from + "-" + to);
        }
        if (last - first + 1 > MAX_ADDRESSES) {
            throw new IllegalArgumentException("a range of more than " + MAX_ADDRESSES + " addresses: " + from + "-" + to);
        }
        for (long value = first; value <= last; value++) {
            into.add(fromBytes(new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value}));
        }
    }

    private static InetAddress literal(String text) {
        if (text.contains(":")) { // IPv6: a literal never goes to DNS
            try {
                return InetAddress.getByName(text.startsWith("[") ? text.substring(1, text.length() - 1) : text);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IPv6 address: " + text);
            }
        }
        long value = ipv4(text);
        return fromBytes(new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value});
    }

    /** A dotted IPv4 address as a number. */
    private static long ipv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
        long value = 0;
        for (String part : parts) {
            value = (value << 8) | octet(part, text);
        }
        return value;
    }

    private static int octet(String part, String whole) {
        if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not an IPv4 address: '" + whole + "'");
        }
        int value = Integer.parseInt(part);
        if (value > 255) {
            throw new IllegalArgumentException("not an IPv4 address: '" + whole + "'");
        }
        return value;
    }

    private static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }
}
