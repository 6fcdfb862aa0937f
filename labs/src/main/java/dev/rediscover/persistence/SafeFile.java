/*
 * Replacing a file so that a crash at any moment leaves either the old file or the new one,
 * whole: write a temporary file next to it, fsync it, rename it over the target (atomic on POSIX
 * file systems), then fsync the directory so the rename itself is durable. Redis does the same
 * in rdbSave (rdb.c): "temp-<pid>.rdb", fflush + fsync, rename, then fsyncFileDir.
 */
package dev.rediscover.persistence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

final class SafeFile {
    private SafeFile() {}

    /** Open a fresh temporary file for writing (truncating a leftover one from a crash). */
    static FileChannel create(Path temp) throws IOException {
        return FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** fsync and close temp, move it over target, and make the move durable. */
    static void commit(FileChannel ch, Path temp, Path target) throws IOException {
        try (ch) {
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Make a rename in dir durable (Linux allows fsync on a directory opened read-only). */
    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the rename is done, only its durability
            // against a power cut depends on the file system then.
        }
    }

    /** Remove a temporary file after a failure; never throws. */
    static void discard(FileChannel ch, Path temp) {
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // going away anyway
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing more to do
        }
    }
}
