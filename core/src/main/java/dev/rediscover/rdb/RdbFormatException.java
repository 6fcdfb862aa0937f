/*
 * A corrupt or truncated RDB file or DUMP payload: says at which byte offset, and what was wrong
 * there, so the message in the log points at the problem (Redis: rdbReportCorruptRDB).
 */
package dev.rediscover.rdb;

import java.io.IOException;

public final class RdbFormatException extends IOException {
    public final long offset;

    public RdbFormatException(long offset, String what) {
        super("Bad RDB at offset " + offset + ": " + what);
        this.offset = offset;
    }
}
