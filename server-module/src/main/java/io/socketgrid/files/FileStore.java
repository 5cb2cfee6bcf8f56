package io.socketgrid.files;

import io.socketgrid.api.StoredFile;
import io.socketgrid.protocol.files.FileNames;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The folder uploads are stored in. Partial uploads live in {@code .partial/} (named by transfer id) until
 * they are verified; a verified one is moved to its sanitised name, made unique by claiming the name with an
 * atomic create first, so nothing is ever overwritten (also with several nodes sharing the folder). Each
 * stored file has a JSON record in {@code .meta/} (its checksum, type, uploader), read back at start. Files and
 * the folders the store creates are the server's user's only ({@link OwnerOnly}).
 */
public final class FileStore implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FileStore.class.getName());
    private static final String URL_PREFIX = "socketgrid/files/";

    private final Path directory;
    private final Path partial;
    private final Path meta;
    private final Jsonb jsonb = JsonbBuilder.create();
    private final Map<String, StoredFile> stored = new ConcurrentHashMap<>();
    private final DirectWrites directWrites;

    /**
     * @param directWrites uploads that may be written with direct I/O at once (socketgrid.fileDirectWrites; 0:
     *                     every upload through the page cache)
     */
    public FileStore(Path directory, int directWrites) throws IOException {
        this.directory = directory.toAbsolutePath().normalize();
        this.partial = this.directory.resolve(".partial");
        this.meta = this.directory.resolve(".meta");
        Files.createDirectories(partial, OwnerOnly.folder(partial)); // the folder too, when it is created here
        Files.createDirectories(meta, OwnerOnly.folder(meta));
        this.directWrites = DirectWrites.forFolder(partial, directWrites);
        removeLeftoverPartials();
        loadRecords();
    }

    /** A new partial file for transfer {@code transferId}. */
    FileSink openPartial(String transferId) throws IOException {
        return FileSink.create(partial.resolve(transferId.replace('.', '_')), directWrites);
    }

    /** Moves a finished, verified upload to a unique name derived from {@code offeredName} and records it. */
    StoredFile commit(FileSink sink, String offeredName, String type, String sha256, String uploader) throws IOException {
        String base = FileNames.sanitise(offeredName);
        Path target = claim(base);
        Files.move(sink.path(), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String name = target.getFileName().toString();
        StoredFile file = new StoredFile(name, Files.size(target), type, sha256, Instant.now().toString(), uploader,
                URL_PREFIX + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        Path record = meta.resolve(name + ".json");
        try (Writer out = Channels.newWriter(Files.newByteChannel(record, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), OwnerOnly.file(record)), StandardCharsets.UTF_8)) {
            jsonb.toJson(file, out);
        }
        stored.put(name, file);
        return file;
    }

    private Path claim(String base) throws IOException {
        for (int n = 0; ; n++) {
            Path candidate = directory.resolve(n == 0 ? base : FileNames.alternative(base, n));
            try {
                return Files.createFile(candidate, OwnerOnly.file(candidate));
            } catch (FileAlreadyExistsException taken) {
                // try the next alternative
            }
        }
    }

    /** Stored files, oldest first. */
    public List<StoredFile> list() {
        List<StoredFile> files = new ArrayList<>(stored.values());
        files.sort(Comparator.comparing(StoredFile::storedAt).thenComparing(StoredFile::name));
        return files;
    }

    /** The stored file named {@code name}: only names this store recorded, so no path can escape it. */
    public Optional<StoredFile> find(String name) {
        return Optional.ofNullable(stored.get(name));
    }

    public Path pathOf(StoredFile file) {
        return directory.resolve(file.name());
    }

    /**
     * Deletes partial uploads nobody wrote to for an hour: left by a node that stopped. (A live upload writes
     * at least every {@code fileIdleTimeout}; nodes sharing the folder keep each other's live ones.)
     */
    private void removeLeftoverPartials() throws IOException {
        java.nio.file.attribute.FileTime stale = java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(3600));
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(partial)) {
            for (Path leftover : leftovers) {
                if (Files.getLastModifiedTime(leftover).compareTo(stale) < 0) {
                    Files.deleteIfExists(leftover);
                    LOG.log(System.Logger.Level.INFO, "removed the abandoned partial upload " + leftover);
                }
            }
        }
    }

    private void loadRecords() throws IOException {
        try (DirectoryStream<Path> records = Files.newDirectoryStream(meta, "*.json")) {
            for (Path record : records) {
                try (Reader in = Files.newBufferedReader(record)) {
                    StoredFile file = jsonb.fromJson(in, StoredFile.class);
                    if (file != null && FileNames.sanitise(file.name()).equals(file.name())
                            && Files.isRegularFile(pathOf(file))) {
                        stored.put(file.name(), file);
                    }
                } catch (IOException | RuntimeException unreadable) {
                    LOG.log(System.Logger.Level.WARNING, "skipped the unreadable record " + record + ": " + unreadable);
                }
            }
        }
    }

    @Override
    public void close() {
        directWrites.close();
        try {
            jsonb.close();
        } catch (Exception ignored) {
            // JSON-B holds no resources worth reporting
        }
    }
}
