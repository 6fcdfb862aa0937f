/*
 * An AOF that cannot be loaded: names the file and the byte offset, so the log says where to look
 * (Redis: loadSingleAppendOnlyFile's "Bad file format reading the append only file" and friends).
 * The server refuses to start rather than run on part of the data.
 */
package dev.rediscover.aof;

import java.io.IOException;

public final class AofFormatException extends IOException {
    public final String file;
    public final long offset;

    public AofFormatException(String file, long offset, String what) {
        super(what + " (file " + file + ", offset " + offset + ")");
        this.file = file;
        this.offset = offset;
    }
}
