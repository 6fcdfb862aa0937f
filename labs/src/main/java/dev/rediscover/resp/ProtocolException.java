/*
 * A client sent bytes that are not RESP. The connection is answered with
 * "-ERR Protocol error: <detail>" and closed once the reply is written, as Redis does
 * (networking.c, setProtocolError).
 */
package dev.rediscover.resp;

public final class ProtocolException extends Exception {
    public ProtocolException(String detail) {
        // No stack trace: a protocol error is an answer to a client, not a bug in the server.
        super(detail, null, false, false);
    }

    /** The full error reply text, without the leading '-'. */
    public String replyText() {
        return "ERR Protocol error: " + getMessage();
    }

    /**
     * The reply text as bytes. The detail may quote one byte the client sent ("expected '$', got
     * 'x'"); Latin-1 gives that byte back unchanged, as Redis's %c does.
     */
    public byte[] replyBytes() {
        return replyText().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
