/*
 * One thread serves every client. That only works if no client can make the loop wait: each
 * client's half-read command and half-written reply is kept with that client, and the loop
 * moves on to the next ready socket. These tests open hundreds of connections, interleave
 * them, and include a client that never reads.
 */
package dev.rediscover.lessons.lab02;

import org.junit.jupiter.api.Order;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.rediscover.lessons.lab02.Wire.ascii;
import static dev.rediscover.lessons.lab02.Wire.bulk;
import static org.junit.jupiter.api.Assertions.fail;

@Order(4)   // LabRunner runs the classes in task order
class ManyClientsTest {
    @RegisterExtension
    final LabServer server = new LabServer();

    @Test
    @DisplayName("300 clients, each sending half a command, then the rest: each gets its own answer")
    void interleavedClients() throws Exception {
        int n = 300;
        List<Exchange> exchanges = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        List<byte[]> rests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] value = Wire.random(1, 24);
            byte[] command = RawClient.encode(ascii("ECHO"), value);
            int cut = ThreadLocalRandom.current().nextInt(1, command.length);
            values.add(value);
            rests.add(Arrays.copyOfRange(command, cut, command.length));
            exchanges.add(Exchange.with(server.client())
                    .hint("client " + i + " of " + n + ": each client's half command must be kept with that client "
                            + "(its own c.reader), and each reply written to that client's own socket")
                    .sendRaw(Arrays.copyOfRange(command, 0, cut)));
        }
        for (int i = 0; i < n; i++) exchanges.get(i).sendRaw(rests.get(i));
        for (int i = n - 1; i >= 0; i--) exchanges.get(i).expect(bulk(values.get(i)));
    }

    @Test
    @DisplayName("16 threads, each on its own connection, 100 round trips each: every answer is the asker's")
    void concurrentThreads() throws Throwable {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                RawClient client = server.client();
                int thread = t;
                done.add(pool.submit(() -> {
                    Exchange e = Exchange.with(client)
                            .hint("thread " + thread + ": commands from many connections at once must each be answered "
                                    + "on their own connection, in the order they were sent");
                    for (int i = 0; i < 100; i++) {
                        byte[] value = Wire.random(1, 64);
                        e.send(ascii("ECHO"), value).expect(bulk(value));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("a client that does not read its 8 MB reply holds up no one, and gets it all later")
    void slowReaderHoldsUpNoOne() throws Exception {
        byte[] value = Wire.random(8 << 20, 8 << 20);
        Socket slow = server.socket();
        slow.setReceiveBufferSize(4096);   // so the reply cannot hide in the kernel's buffers
        server.connect(slow);
        sendInBackground(slow, RawClient.encode(ascii("ECHO"), value));

        Exchange other = Exchange.with(server.client())
                .hint("while one client's reply waits for room in its socket, the loop must go on serving the others: "
                        + "writeToClient writes what the socket takes now (write() returns 0 when it is full), asks for "
                        + "OP_WRITE, and returns. Looping until everything is written blocks every client");
        for (int i = 0; i < 20; i++) {
            byte[] v = Wire.random(1, 32);
            other.send(ascii("ECHO"), v).expect(bulk(v));
        }

        BigReply.expectBulk(slow.getInputStream(), value, "when the socket is full, keep the rest of the reply and "
                + "ask for OP_WRITE; when the key is writable, write more, from where the socket stopped. Once all is "
                + "written, stop asking for OP_WRITE");
    }

    @Test
    @DisplayName("300 clients connect, PING and hang up, one after the other: the server forgets every one")
    void churn() throws Exception {
        for (int i = 0; i < 300; i++) {
            try (RawClient c = new RawClient(server.port())) {
                Exchange.with(c).hint("connection " + i + " of 300").send("PING").expect("+PONG\r\n");
            }
        }
        server.awaitClients(0, "a client that hung up must be closed: readFromClient gets -1 from read() and calls close(c)");
        Exchange.with(server.client()).send("PING").expect("+PONG\r\n");
    }

    /** Write a big command from another thread, failing if the server stops taking it. */
    private static void sendInBackground(Socket s, byte[] bytes) throws Exception {
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = s.getOutputStream();
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            sent.get(Math.max(5000, RawClient.REPLY_TIMEOUT_MS), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            s.close();
            fail("the server stopped reading a big command half-way\n  hint:     readFromClient must read whenever the "
                    + "socket is readable, however big the command is");
        } catch (ExecutionException e) {
            fail("sending the big command failed: " + e.getCause()
                    + "\n  hint:     the server closed the connection while the command was still arriving");
        }
    }
}
