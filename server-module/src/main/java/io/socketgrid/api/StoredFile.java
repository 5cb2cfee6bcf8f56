package io.socketgrid.api;

/**
 * An uploaded file, verified and stored on one node.
 *
 * @param name     its name in the store (sanitised, unique: never the same as another stored file's)
 * @param size     bytes
 * @param type     media type as offered
 * @param sha256   the SHA-256 (hex) the server computed over the received bytes; it equals the one offered
 * @param storedAt when it was stored (ISO-8601)
 * @param uploader the id of the socket that uploaded it
 * @param url      where to download it, relative to the application's root ({@code socketgrid/files/…})
 */
public record StoredFile(String name, long size, String type, String sha256, String storedAt, String uploader,
                         String url) {
}
