/*
 * A bare-bones Redis client for tests that care about exact bytes: it sends commands (or any raw
 * bytes) and reads back exactly one RESP reply at a time, returned as the raw bytes the server
 * sent. Used by protocol tests, by the lesson tests (through Exchange) and by the differential
 * harness, which compares these bytes with what a real redis-server sends. It lives in the test
 * kit (testkit/), which knows nothing of the engine, so it tests core/, labs/ and snapshots alike.
 */
package dev.rediscover.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

public final class RawClient implements AutoCloseable {
    /**
     * How long to wait for a reply before failing. A server whose event loop is still a stub
     * never answers, so run-lab.sh lowers this (-Drediscover.test.replyTimeoutMs) to fail fast.
     */
    public static final int REPLY_TIMEOUT_MS = Integer.getInteger("rediscover.test.replyTimeoutMs", 10_000);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();

    public RawClient(String host, int port) throws IOException { this(host, port, 0); }

    /**
     * receiveBuffer > 0 fixes the socket's receive buffer at that size before connecting. Linux
     * then stops growing it on its own, so a client that never reads holds a small, steady amount
     * in the kernel, and everything else stays in the server's reply buffer (slow-subscriber tests).
     */
    public RawClient(String host, int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(REPLY_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    public RawClient(int port) throws IOException { this("127.0.0.1", port); }

    /** Encode args as a RESP multibulk command. */
    public static byte[] encode(byte[]... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    public static byte[] encode(String... args) {
        byte[][] b = new byte[args.length][];
        for (int i = 0; i < args.length; i++) b[i] = args[i].getBytes(StandardCharsets.UTF_8);
        return encode(b);
    }

    public void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    public void sendCommand(String... args) throws IOException { send(encode(args)); }

    public void sendCommand(byte[]... args) throws IOException { send(encode(args)); }

    /** Send a command and return its raw reply. */
    public byte[] call(String... args) throws IOException {
        sendCommand(args);
        return readReply();
    }

    public byte[] call(byte[]... args) throws IOException {
        sendCommand(args);
        return readReply();
    }

    /** Send a command and return its reply as escaped text, e.g. "$3\r\nbar\r\n". */
    public String callText(String... args) throws IOException { return escape(call(args)); }

    /** Read exactly one complete RESP2 or RESP3 reply and return its raw bytes. */
    public byte[] readReply() throws IOException {
        current.reset();
        readValue();
        return current.toByteArray();
    }

    /** Read one reply as escaped text. */
    public String readText() throws IOException { return escape(readReply()); }

    /** True when the server has closed the connection (reads end of stream). */
    public boolean isClosedByServer() {
        try {
            socket.setSoTimeout(2000);
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;   // nothing came, but the connection is still open
        } catch (IOException e) {
            return true;    // reset by the server
        }
    }

    private void readValue() throws IOException {
        int type = readByte();
        String line = readLine();
        switch (type) {
            case '+', '-', ':', ',', '#', '(', '_' -> { }
            case '$', '=', '!' -> {
                long len = Long.parseLong(line);
                if (len >= 0) {
                    for (long i = 0; i < len + 2; i++) readByte();
                }
            }
            case '*', '~', '>' -> {
                long n = Long.parseLong(line);
                for (long i = 0; i < n; i++) readValue();
            }
            case '%', '|' -> {
                long n = Long.parseLong(line);
                for (long i = 0; i < 2 * n; i++) readValue();
                if (type == '|') readValue();
            }
            default -> throw new IOException("not a RESP type byte: " + escape(new byte[]{(byte) type}) + " after " + escape(current.toByteArray()));
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException(current.size() == 0 ? "connection closed by server before any byte of the reply"
                    : "connection closed by server after " + escape(current.toByteArray()));
        }
        current.write(b);
        return b;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = readByte();
            if (b == '\r') {
                readByte();   // \n
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    /** Show bytes the way a failure message should: printable ASCII as is, the rest escaped. */
    public static String escape(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int v = x & 0xff;
            if (v == '\r') sb.append("\\r");
            else if (v == '\n') sb.append("\\n");
            else if (v == '\\') sb.append("\\\\");
            else if (v >= 32 && v < 127) sb.append((char) v);
            else sb.append(String.format("\\x%02x", v));
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException { socket.close(); }
}
