package io.socketgrid.protocol.files;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The data of a client's {@code #file.offer}, checked: {@link #parse} refuses what is malformed (the caller
 * answers InvalidArgumentsError with the message); limits and quotas are the caller's.
 *
 * @param name   the name as offered (sanitise it before use on disk)
 * @param size   bytes, at least 0
 * @param type   media type, {@code application/octet-stream} when absent
 * @param sha256 64 lower-case hex digits
 * @param to     the receiving socket's id for a peer transfer, else null
 * @param resume the id of the transfer to resume, else null
 */
public record FileOffer(String name, long size, String type, String sha256, String to, String resume) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final int MAX_TYPE_LENGTH = 255;

    /** Thrown by {@link #parse} with a message for the client. */
    public static final class InvalidOfferException extends Exception {
        public InvalidOfferException(String message) {
            super(message, null, false, false);
        }
    }

    public static FileOffer parse(JsonValue data) throws InvalidOfferException {
        if (!(data instanceof JsonObject offer)) {
            throw new InvalidOfferException("an offer is an object {name, size, type, sha256}");
        }
        String name = string(offer, "name");
        String problem = FileNames.problem(name);
        if (problem != null) {
            throw new InvalidOfferException(problem);
        }
        if (!(offer.get("size") instanceof JsonNumber size) || !size.isIntegral() || size.longValue() < 0) {
            throw new InvalidOfferException("size must be a whole number of bytes, at least 0");
        }
        String sha256 = string(offer, "sha256");
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new InvalidOfferException("sha256 must be the file's SHA-256 as 64 hex digits");
        }
        String type = string(offer, "type");
        if (type == null || type.isBlank()) {
            type = "application/octet-stream";
        } else if (type.length() > MAX_TYPE_LENGTH || !type.chars().allMatch(c -> c > 0x1f && c < 0x7f)) {
            throw new InvalidOfferException("type must be a media type of printable ASCII, at most " + MAX_TYPE_LENGTH + " characters");
        }
        String to = optionalId(offer, "to");
        String resume = optionalId(offer, "resume");
        return new FileOffer(name, size.longValue(), type, sha256.toLowerCase(Locale.ROOT), to, resume);
    }

    private static String string(JsonObject object, String field) {
        return object.get(field) instanceof JsonString s ? s.getString() : null;
    }

    private static String optionalId(JsonObject object, String field) throws InvalidOfferException {
        JsonValue value = object.get(field);
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (value instanceof JsonString s && ChunkFrame.isValidId(s.getString())) {
            return s.getString();
        }
        throw new InvalidOfferException(field + " must be an id of 1 to 64 printable ASCII characters");
    }
}
