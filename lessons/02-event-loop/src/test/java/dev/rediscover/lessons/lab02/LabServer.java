/*
 * The server each lab 02 test talks to, as a JUnit 5 extension: started before each test, closed
 * after it with every connection the test opened.
 *
 * Its real job is the failure message. In lab 02 the learner writes the event loop itself, so
 * the usual failure is not a wrong reply but no reply at all: the loop died (a method still
 * throwing LabNotDone, or an exception in the learner's code), or it is stuck in a method that
 * never returns. A bare "no reply within 3 s" would say nothing useful. So when a test fails, this
 * extension looks at the loop and says what happened to it: which method stopped it and which
 * task of the lesson that is, or where it is stuck (the loop thread's stack). When the loop is
 * fine, the test's own failure (sent / expected / got / hint) is shown as it is.
 *
 * It uses only the engine's public API: RediscoverServer, EventLoop.execute and stoppedBy,
 * Server.clients.
 */
package dev.rediscover.lessons.lab02;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Clock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

final class LabServer implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {
    /** What each lab 02 method must do, by task number in the lesson: the hint when it is a stub. */
    private static final Map<String, String> TASKS = Map.of(
            "EventLoop.processEvents", "task 1: one turn of the loop: beforeSleep(), select() until the next timer is due, "
                    + "handleReadyKeys(), runTimers(), runTasks()",
            "EventLoop.handleReadyKeys", "task 2: take each key out of selector.selectedKeys(); accept() on the listening "
                    + "socket's key, readFromClient()/writeToClient() on a client's key",
            "EventLoop.accept", "task 3: accept every waiting connection, make it non-blocking, give it a Client "
                    + "(server.newClient) and register it for OP_READ with the Client attached",
            "EventLoop.readFromClient", "task 4: read into c.reader; close the client on -1 or an IOException; "
                    + "otherwise processInput(c)",
            "EventLoop.processInput", "task 5: while c.reader.next() finds a whole command, set c.argv/c.argc and "
                    + "run it with server.dispatcher.process(c); then wantsWrite(c)",
            "EventLoop.writePendingReplies", "task 6: for each client in pendingWrites: clear its pendingWrite flag "
                    + "and writeToClient(c); then empty the list",
            "EventLoop.writeToClient", "task 7: write what the socket takes; if some is left, ask for OP_WRITE; "
                    + "once all is written, drop OP_WRITE, or close the client if it asked to (QUIT)",
            "ConnectionCommands.ping", "task 8: +PONG, or the argument as a bulk string",
            "ConnectionCommands.echo", "task 9: the argument as a bulk string");
    /** How long a healthy loop may take to get to a task we hand it. */
    private static final long PROBE_MS = 1000;
    /** start() waits 10 s for a loop that never runs its tasks; pay that once per run, not per test. */
    private static volatile String loopNeverStarted;

    private Clock clock;
    private String[] options;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private RediscoverServer redis;

    LabServer(String... options) { this(Clock.SYSTEM, options); }

    LabServer(Clock clock, String... options) {
        this.clock = clock;
        this.options = options;
    }

    // ---------------------------------------------------------------- for the tests

    int port() { return redis.port(); }

    /** A raw client, closed after the test. */
    RawClient client() throws IOException { return track(new RawClient(redis.port())); }

    /** A plain socket (for tests that need socket options or to read bytes themselves), closed after the test. */
    Socket socket() throws IOException {
        Socket s = track(new Socket());
        s.setSoTimeout(RawClient.REPLY_TIMEOUT_MS);
        return s;
    }

    /** Connect a socket made by socket(), after setting its options. */
    Socket connect(Socket s) throws IOException {
        s.connect(new java.net.InetSocketAddress("127.0.0.1", redis.port()), 5000);
        return s;
    }

    /** How many clients the server has right now. */
    int connectedClients() { return onLoop(s -> s.clients().size()); }

    /** Wait until the server has this many clients; `hint` says what usually prevents it. */
    void awaitClients(int expected, String hint) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(2000, RawClient.REPLY_TIMEOUT_MS));
        int now;
        while ((now = connectedClients()) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError("the server should have " + expected + " connected clients, but it has " + now
                        + "\n  hint:     " + hint, expected, now);
            }
            Thread.sleep(2);
        }
    }

    /** Run code on the loop thread and wait for it, failing (not hanging) when the loop does not turn. */
    <T> T onLoop(Function<dev.rediscover.server.Server, T> task) {
        if (redis.server().loop().stoppedBy() != null) throw new AssertionFailedError("the event loop is not running");
        CompletableFuture<T> f = new CompletableFuture<>();
        redis.server().loop().execute(() -> {
            try {
                f.complete(task.apply(redis.server()));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(Math.max(PROBE_MS, RawClient.REPLY_TIMEOUT_MS), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionFailedError("the event loop did not run a task handed to it");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    // ---------------------------------------------------------------- life cycle

    @Override
    public void beforeEach(ExtensionContext context) { start(); }

    /** Replace the server with one started with this clock and these redis-server options. */
    void restart(Clock clock, String... options) {
        closeServer(redis);
        redis = null;
        this.clock = clock;
        this.options = options;
        start();
    }

    private void start() {
        if (loopNeverStarted != null) throw new AssertionFailedError(loopNeverStarted);
        try {
            redis = RediscoverServer.start(clock, options);
        } catch (IllegalStateException e) {
            throw new AssertionFailedError(startFailure(e), e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (AutoCloseable c : opened) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        opened.clear();
        if (redis != null) closeServer(redis);
    }

    /** Close the server, but do not hang the whole run on a loop stuck in a learner's endless loop. */
    private static void closeServer(RediscoverServer redis) {
        Thread closer = new Thread(redis::close, "lab02-close-server");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** start() failed: the loop died on its first turn, or never ran the task start() gave it. */
    private static String startFailure(IllegalStateException e) {
        Throwable cause = e.getCause();
        if (cause == null) {
            loopNeverStarted = e.getMessage()
                    + "\n  hint:     start() hands the loop a task and waits for it: does processEvents call runTasks()"
                    + " on every turn, and does select() wake up (a timeout, or selector.wakeup() from execute)?";
            return loopNeverStarted;
        }
        return "the server did not start: its event loop stopped on its first turn.\n" + explainDeath(cause);
    }

    // ---------------------------------------------------------------- explaining a failure

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        String loopState = redis == null ? null : diagnose();
        if (loopState == null) throw thrown;
        // The loop's state is the news; what the test saw is context, kept short (a stub's death
        // makes every exchange fail the same way).
        boolean stub = redis.server().loop().stoppedBy() instanceof LabNotDone;
        String saw = String.valueOf(thrown.getMessage());
        if (stub) saw = saw.lines().findFirst().orElse("");
        AssertionFailedError better = new AssertionFailedError(loopState + "\n  the test saw: " + shorten(saw), thrown);
        better.setStackTrace(thrown.getStackTrace());
        throw better;
    }

    /** Long lines of bytes (a pipeline's) cut to a readable length. */
    private static String shorten(String text) {
        StringBuilder sb = new StringBuilder();
        text.lines().forEach(line -> {
            if (sb.length() > 0) sb.append("\n  ");
            boolean bytes = line.contains("sent:") || line.contains("expected:") || line.contains("got:");
            sb.append(!bytes || line.length() <= 200 ? line : line.substring(0, 200) + "... (" + (line.length() - 200) + " more)");
        });
        return sb.toString();
    }

    /** What is wrong with the loop, or null when it is alive and turning. */
    private String diagnose() {
        Throwable death = redis.server().loop().stoppedBy();
        if (death != null) return "the event loop is not running: it stopped while serving this test.\n" + explainDeath(death);
        CompletableFuture<Void> turned = new CompletableFuture<>();
        redis.server().loop().execute(() -> turned.complete(null));
        try {
            turned.get(PROBE_MS, TimeUnit.MILLISECONDS);
            return null;
        } catch (TimeoutException e) {
            death = redis.server().loop().stoppedBy();
            if (death != null) return "the event loop is not running: it stopped while serving this test.\n" + explainDeath(death);
            return "the event loop is stuck: it did not get to a task handed to it within " + PROBE_MS + " ms.\n"
                    + "  it is here:\n" + loopThreadStack()
                    + "  hint:     a method that never returns (writing to a full socket until it takes everything? "
                    + "a read loop waiting for more bytes?), or processEvents does not call runTasks()";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    private static String explainDeath(Throwable death) {
        if (death instanceof LabNotDone stub) {
            String task = TASKS.getOrDefault(stub.method(), "see the lesson's tasks");
            return "  cause:    " + death.getMessage() + "\n"
                    + "  hint:     " + stub.method() + " is still a stub: write it next (" + task + ")";
        }
        return "  cause:    " + death + "\n" + frames(death.getStackTrace())
                + "  hint:     an exception that escapes the loop kills it for every client. Fix the bug at the first"
                + " line above; a failure of one client's socket (IOException) should close that client only";
    }

    /** The lines of a stack that are the engine's code, where the learner can look. */
    private static String frames(StackTraceElement[] stack) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (StackTraceElement f : stack) {
            if (!f.getClassName().startsWith("dev.rediscover.")) continue;
            sb.append("      at ").append(f).append('\n');
            if (++shown == 8) break;
        }
        return sb.toString();
    }

    private String loopThreadStack() {
        String name = "rediscover-loop-" + redis.port();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().equals(name)) return frames(e.getValue());
        }
        return "      (the loop thread is gone)\n";
    }
}
