package io.socketgrid.files;

import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creation attributes that keep what the file store writes to the server's own user: {@code rw-------} for
 * files, {@code rwx------} for folders, where the file system has POSIX permissions; elsewhere none (the
 * platform's defaults apply). Uploads are the users' data, and the default folder lies under the shared
 * {@code java.io.tmpdir}: without them every local account could read what was uploaded.
 */
final class OwnerOnly {

    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];
    private static final FileAttribute<?>[] FILE = {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    private static final FileAttribute<?>[] FOLDER = {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))};

    private OwnerOnly() {
    }

    /** The attributes of a new file at {@code path}. */
    static FileAttribute<?>[] file(Path path) {
        return posix(path) ? FILE.clone() : NONE;
    }

    /** The attributes of a new folder at {@code path}. */
    static FileAttribute<?>[] folder(Path path) {
        return posix(path) ? FOLDER.clone() : NONE;
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
