package io.socketgrid.files;

import io.socketgrid.api.StoredFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What the store writes is its own user's only: uploads are users' data, and the default folder is under /tmp. */
class FileStoreTest {

    @TempDir
    Path parent;

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** With direct writes (0600 through the O_DIRECT channel) and through the page cache alike. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void storedFilesTheirRecordsAndTheFoldersItCreatesAreTheOwnersOnly(int directWrites) throws IOException {
        assumeTrue(parent.getFileSystem().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
        Path folder = parent.resolve("socketgrid-files");
        try (FileStore store = new FileStore(folder, directWrites)) {
            FileSink sink = store.openPartial("t.1");
            assertEquals("rw-------", permissions(sink.path()), "the partial upload");
            sink.append(ByteBuffer.wrap("secret".getBytes(StandardCharsets.UTF_8)));
            String sha256 = sink.finish();
            StoredFile stored = store.commit(sink, "notes.txt", "text/plain", sha256, "someone");

            assertEquals("rw-------", permissions(store.pathOf(stored)), "the stored file");
            assertEquals("rw-------", permissions(folder.resolve(".meta").resolve(stored.name() + ".json")), "its record");
            assertEquals("rwx------", permissions(folder), "the store's folder, created by the store");
            assertEquals("rwx------", permissions(folder.resolve(".partial")));
            assertEquals("rwx------", permissions(folder.resolve(".meta")));
            assertEquals("secret", Files.readString(store.pathOf(stored)), "still the owner's to read");
        }
    }

    @Test
    void aNameAlreadyTakenGetsItsOwnOwnerOnlyFile() throws IOException {
        assumeTrue(parent.getFileSystem().supportedFileAttributeViews().contains("posix"), "a POSIX file system");
        try (FileStore store = new FileStore(parent.resolve("files"), 0)) {
            for (String id : new String[] {"a", "b"}) {
                FileSink sink = store.openPartial(id);
                sink.append(ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8)));
                StoredFile stored = store.commit(sink, "same.txt", "text/plain", sink.finish(), "someone");
                assertEquals("rw-------", permissions(store.pathOf(stored)), stored.name());
            }
            assertEquals(2, store.list().size());
        }
    }
}
