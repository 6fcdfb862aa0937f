/*
 * One conversation with the server over a RawClient, checked reply by reply, written for
 * learners: when a reply is wrong the failure shows what was sent, what was expected and what
 * came back, all as escaped bytes (\r\n visible), plus a hint about the usual cause.
 *
 *   Exchange.with(client)
 *           .hint("ECHO answers with a bulk string: $<length>\r\n<bytes>\r\n")
 *           .send("ECHO", word)
 *           .expect("$" + word.length() + "\r\n" + word + "\r\n");
 *
 * Sends accumulate until the next expect, so a pipeline reads naturally: send three commands in
 * one write with sendRaw, then expect three replies. The failure is an opentest4j
 * AssertionFailedError carrying expected and actual, so IDEs can show a diff too.
 *
 * Real Redis has nothing like this; its Tcl test suite (tests/test_helper.tcl) compares replies
 * with assert_equal and prints both values, which is the idea here, made byte-exact.
 */
package dev.rediscover.testing;

import org.opentest4j.AssertionFailedError;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

public final class Exchange {
    private final RawClient client;
    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private String hint;
    private boolean expecting;   // an expect happened since the last send: the next send starts afresh

    private Exchange(RawClient client) { this.client = client; }

    /** Start a conversation on an open client. */
    public static Exchange with(RawClient client) { return new Exchange(client); }

    /** The hint shown with every failure from now on: the mistake that usually causes one. */
    public Exchange hint(String hint) {
        this.hint = hint;
        return this;
    }

    /** Send a command as a RESP array of bulk strings. */
    public Exchange send(String... args) { return sendRaw(RawClient.encode(args)); }

    /** Send a command with binary arguments. */
    public Exchange send(byte[]... args) { return sendRaw(RawClient.encode(args)); }

    /** Send any bytes at all: several commands at once, a half command, an inline command. */
    public Exchange sendRaw(byte[] raw) {
        if (expecting) {
            sent.reset();
            expecting = false;
        }
        sent.writeBytes(raw);
        try {
            client.send(raw);
        } catch (IOException e) {
            throw failure("could not send: " + e.getMessage(), null, null);
        }
        return this;
    }

    /** Send text as is (its UTF-8 bytes), e.g. sendRaw("PING\r\n") for an inline command. */
    public Exchange sendRaw(String raw) { return sendRaw(raw.getBytes(StandardCharsets.UTF_8)); }

    /** Read one reply and check it is exactly these bytes. */
    public Exchange expect(byte[] expected) {
        byte[] got = reply(expected);
        if (!Arrays.equals(expected, got)) throw failure(null, expected, got);
        return this;
    }

    /** Read one reply and check it is exactly this text's UTF-8 bytes, e.g. "+PONG\r\n". */
    public Exchange expect(String expected) { return expect(expected.getBytes(StandardCharsets.UTF_8)); }

    /** Read one reply and check it with a predicate; `what` describes the reply expected. */
    public Exchange expectThat(Predicate<byte[]> check, String what) {
        byte[] got = reply(what.getBytes(StandardCharsets.UTF_8));
        if (!check.test(got)) throw failure(null, what.getBytes(StandardCharsets.UTF_8), got);
        return this;
    }

    /** Read one reply and check it is an error reply starting with this prefix, e.g. "-ERR unknown command". */
    public Exchange expectError(String prefix) {
        return expectThat(b -> startsWith(b, prefix), prefix + "...\\r\\n");
    }

    /** Read one reply and return its raw bytes, for checks of your own. */
    public byte[] reply() { return reply(null); }

    /** Read one reply; a failure to read shows what was expected (null: nothing in particular). */
    private byte[] reply(byte[] expected) {
        expecting = true;
        try {
            return client.readReply();
        } catch (SocketTimeoutException e) {
            throw failure("no complete reply within the time limit. Does the server reply at all, and does it flush "
                    + "what it wrote? A reader that waits for bytes that never come looks like this too.", expected, null);
        } catch (EOFException e) {
            throw failure("the server closed the connection (" + e.getMessage() + ")", expected, null);
        } catch (IOException e) {
            throw failure("reading the reply failed: " + e.getMessage(), expected, null);
        }
    }

    /** Check that the server closed the connection, as it must after a protocol error. */
    public Exchange expectClosed() {
        expecting = true;
        if (!client.isClosedByServer()) throw failure("expected the server to close the connection, but it stayed open", null, null);
        return this;
    }

    private AssertionFailedError failure(String problem, byte[] expected, byte[] got) {
        String message = Explain.exchange(problem, sent.toByteArray(), expected, got, hint);
        return expected == null || got == null
                ? new AssertionFailedError(message)
                : new AssertionFailedError(message, RawClient.escape(expected), RawClient.escape(got));
    }

    private static boolean startsWith(byte[] b, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        return b.length >= p.length && Arrays.equals(b, 0, p.length, p, 0, p.length);
    }
}
