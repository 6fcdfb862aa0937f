/*
 * An error reply, thrown from anywhere inside a command and turned into "-<message>\r\n" by the
 * dispatcher. It lets argument parsing live in small helpers (Args.parseLong and friends) that
 * simply throw, instead of every command checking a return code as Redis's C code does
 * (there: `if (getLongFromObjectOrReply(c, ...) != C_OK) return;`).
 *
 * The message carries its error code: "ERR value is not an integer or out of range",
 * "WRONGTYPE Operation against a key holding the wrong kind of value".
 */
package dev.rediscover.command;

public class RedisException extends RuntimeException {
    public RedisException(String message) {
        // No stack trace: this is an answer to a client, and creating it must be cheap.
        super(message, null, false, false);
    }
}
