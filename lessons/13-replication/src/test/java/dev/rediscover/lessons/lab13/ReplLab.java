/*
 * What every lab-13 test shares: embedded engines (a master, sometimes a replica), a FakeReplica
 * (a raw socket that speaks PSYNC and reads the stream byte by byte, so a test can check exactly
 * what the master sends) and a FakeMaster (a listening socket the engine's replica connects to,
 * so a test can check each handshake step and answer it), plus INFO and RESP helpers.
 */
package dev.rediscover.lessons.lab13;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import redis.clients.jedis.Jedis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

abstract class ReplLab {
    static final int TIMEOUT_MS = RawClient.REPLY_TIMEOUT_MS;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    RediscoverServer server(String... opts) {
        RediscoverServer s = RediscoverServer.start(opts);
        open.add(s);
        return s;
    }

    Jedis jedis(RediscoverServer s) {
        Jedis j = new Jedis("127.0.0.1", s.port(), TIMEOUT_MS);
        open.add(j);
        return j;
    }

    FakeReplica replicaOf(RediscoverServer s) throws IOException {
        FakeReplica r = new FakeReplica(s.port());
        open.add(r);
        return r;
    }

    FakeMaster fakeMaster() throws IOException {
        FakeMaster m = new FakeMaster();
        open.add(m);
        return m;
    }

    static String randomKey() { return "key:" + ThreadLocalRandom.current().nextInt(1_000_000); }

    static String randomValue() { return "v" + Long.toHexString(ThreadLocalRandom.current().nextLong()); }

    static String info(Jedis j, String field) {
        for (String line : j.info().split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        return null;
    }

    static long infoLong(Jedis j, String field) { return Long.parseLong(info(j, field)); }

    /** A command as it travels in the stream: a RESP array of bulk strings. */
    static String resp(String... words) { return new String(RawClient.encode(words), StandardCharsets.UTF_8); }

    static String esc(String s) { return RawClient.escape(s.getBytes(StandardCharsets.UTF_8)); }

    /** Poll (a few ms apart, at most the reply timeout) until cond holds. */
    static void await(java.util.function.BooleanSupplier cond, String what) {
        long deadline = System.nanoTime() + Math.max(TIMEOUT_MS, 5_000) * 1_000_000L;   // a loaded CI machine
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) return;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    // ------------------------------------------------------------ a replica made of a socket

    /** Connects to a master and speaks the replica's side by hand. */
    static final class FakeReplica implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        String replid;
        long offset;
        byte[] rdb;

        FakeReplica(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(TIMEOUT_MS);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        void send(String... words) throws IOException {
            out.write(RawClient.encode(words));
            out.flush();
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new EOFException("the master closed the connection");
                b.write(c);
            }
            String s = b.toString(StandardCharsets.UTF_8);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) throw new EOFException("the master closed the connection after " + b.length + " of " + n + " bytes");
            return b;
        }

        /**
         * The next n bytes of the stream as text, or fewer if the master stops sending before
         * (the test's comparison then shows what did arrive).
         */
        String stream(int n) throws IOException {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                while (got.size() < n) {
                    int c = in.read();
                    if (c < 0) break;
                    got.write(c);
                }
            } catch (java.net.SocketTimeoutException e) {
                // the master sent less: return what came
            }
            return got.toString(StandardCharsets.UTF_8);
        }

        /** PSYNC ? -1 and read the +FULLRESYNC line and the RDB that follows ($<len> form). */
        void fullSync() throws IOException {
            send("REPLCONF", "capa", "psync2");
            assertThat(line()).isEqualTo("+OK");
            send("PSYNC", "?", "-1");
            String l = line();
            assertThat(l).as("the answer to PSYNC ? -1").startsWith("+FULLRESYNC ");
            String[] w = l.split(" ");
            replid = w[1];
            offset = Long.parseLong(w[2]);
            String header = line();
            assertThat(header).as("the RDB header line").startsWith("$");
            rdb = bytes(Integer.parseInt(header.substring(1)));
        }

        /** Nothing more arrives within ms milliseconds. */
        void expectSilence(int ms, String why) throws IOException {
            socket.setSoTimeout(ms);
            try {
                int c = in.read();
                ByteArrayOutputStream extra = new ByteArrayOutputStream();
                if (c >= 0) extra.write(c);
                while (in.available() > 0) extra.write(in.read());
                throw new AssertionError(Explain.exchange(why, null, new byte[0], extra.toByteArray(), null));
            } catch (java.net.SocketTimeoutException expected) {
                // nothing came: good
            } finally {
                socket.setSoTimeout(TIMEOUT_MS);
            }
        }

        @Override public void close() throws IOException { socket.close(); }
    }

    // ------------------------------------------------------------ a master made of a socket

    /** Listens; the engine under test (REPLICAOF 127.0.0.1 port) connects and is checked step by step. */
    static final class FakeMaster implements AutoCloseable {
        final ServerSocket listener;
        Socket socket;
        InputStream in;
        OutputStream out;

        FakeMaster() throws IOException {
            listener = new ServerSocket(0);
            listener.setSoTimeout(TIMEOUT_MS);
        }

        int port() { return listener.getLocalPort(); }

        /** Wait for the replica to connect. */
        void accept() throws IOException {
            if (socket != null) socket.close();
            try {
                socket = listener.accept();
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the replica never connected to its master (REPLICAOF should start the link)");
            }
            socket.setSoTimeout(TIMEOUT_MS);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        /** The next command the replica sent, as its words. */
        List<String> command(String expecting) throws IOException {
            try {
                String head = line();
                if (!head.startsWith("*")) throw new AssertionError("expected a RESP array (" + expecting + "), got " + esc(head));
                int n = Integer.parseInt(head.substring(1));
                List<String> words = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int len = Integer.parseInt(line().substring(1));
                    words.add(new String(in.readNBytes(len), StandardCharsets.UTF_8));
                    line();
                }
                return words;
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the replica sent nothing while its master expected " + expecting
                        + ": is that handshake step written (beginHandshake / onHandshakeReply)?", e);
            } catch (EOFException e) {
                throw new AssertionError("the replica hung up while its master expected " + expecting
                        + " (look for its warning in the output: fail() says why)", e);
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new EOFException();
                b.write(c);
            }
            String s = b.toString(StandardCharsets.UTF_8);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        void reply(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void reply(byte[] raw) throws IOException {
            out.write(raw);
            out.flush();
        }

        /** PING, REPLCONF, REPLCONF answered; returns the PSYNC command. */
        List<String> handshakeUpToPsync() throws IOException {
            accept();
            assertThat(command("PING")).as("the first command of the handshake").containsExactly("PING");
            reply("+PONG\r\n");
            assertThat(command("REPLCONF listening-port")).as("after +PONG").startsWith("REPLCONF", "listening-port");
            reply("+OK\r\n");
            assertThat(command("REPLCONF capa")).as("after the listening-port's +OK")
                    .containsExactly("REPLCONF", "capa", "eof", "capa", "psync2");
            reply("+OK\r\n");
            return command("PSYNC");
        }

        @Override
        public void close() throws IOException {
            if (socket != null) socket.close();
            listener.close();
        }
    }

    /** An RDB holding the given key/value pairs, made by a real engine (SYNC answers with one). */
    byte[] rdbWith(String... keyValues) throws IOException {
        RediscoverServer maker = server();
        Jedis j = jedis(maker);
        for (int i = 0; i < keyValues.length; i += 2) j.set(keyValues[i], keyValues[i + 1]);
        FakeReplica r = replicaOf(maker);
        r.send("SYNC");
        String header = r.line();
        return r.bytes(Integer.parseInt(header.substring(1)));
    }
}
