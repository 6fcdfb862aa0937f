/*
 * The event loop: one thread that accepts connections, reads commands, runs them and writes the
 * replies, for every client. Redis works exactly like this (ae.c's aeMain and aeProcessEvents,
 * with networking.c's acceptTcpHandler, readQueryFromClient and handleClientsWithPendingWrites):
 * because a single thread owns all the data, no command ever needs a lock, and each command is
 * atomic for free.
 *
 *     ┌─────────────── one iteration: processEvents() ────────────────┐
 *     │ beforeSleep      housekeeping, then write the pending replies │
 *     │ select           sleep until a socket is ready or the next    │
 *     │                  timer is due                                 │
 *     │ handleReadyKeys  accept new clients; read, parse and run      │
 *     │                  their commands                               │
 *     │ runTimers        run the timers that are due (serverCron)     │
 *     │ runTasks         run tasks handed over by other threads       │
 *     └───────────────────────────────────────────────────────────────┘
 *
 * Replies are not written right after each command: they pile up in the client's RespWriter and
 * are written once per iteration, so a pipeline of 100 commands costs one write.
 *
 * If an exception escapes an iteration (a bug, or in a learner's labs/ a method still throwing
 * LabNotDone), the loop cannot go on: run() remembers why (stoppedBy()), closes every socket so
 * clients see the connection drop instead of waiting forever, and lets the thread die.
 */
package dev.rediscover.server;

import dev.rediscover.lab.Lab;
import dev.rediscover.resp.ProtocolException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;

public final class EventLoop {
    /** A timer: run `task` at `due` (System.nanoTime), and again every `period` ns if > 0. */
    private static final class Timer implements Comparable<Timer> {
        long due;
        final long period;
        final Runnable task;
        boolean cancelled;

        Timer(long due, long period, Runnable task) {
            this.due = due;
            this.period = period;
            this.task = task;
        }

        @Override public int compareTo(Timer o) { return Long.compare(due, o.due); }
    }

    /** Handle to cancel a scheduled timer. */
    public interface Cancellable { void cancel(); }

    private final Server server;
    private final Selector selector;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Client> pendingWrites = new ArrayList<>();
    private final List<Client> toClose = new ArrayList<>();
    private final OutputBufferLimits outputLimits;
    private volatile boolean running = true;
    private volatile Throwable stoppedBy;
    private Thread thread;

    EventLoop(Server server) throws IOException {
        this.server = server;
        this.selector = Selector.open();
        this.outputLimits = new OutputBufferLimits(server.config, server.clock);
    }

    // ---------------------------------------------------------------- set-up

    /** Listen on host:port. Returns the port actually bound (port 0 picks a free one). */
    int listen(String host, int port) throws IOException {
        ServerSocketChannel ssc = ServerSocketChannel.open();
        try {
            ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ssc.bind(new InetSocketAddress(host, port), server.config.getInt("tcp-backlog"));
            ssc.configureBlocking(false);
            ssc.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            ssc.close();
            throw e;
        }
        listeners.add(ssc);
        return ((InetSocketAddress) ssc.getLocalAddress()).getPort();
    }

    public boolean inLoopThread() { return Thread.currentThread() == thread; }

    // ---------------------------------------------------------------- the loop

    // tag::run[]
    /** Run until stop() is called. The calling thread becomes the event loop thread (Redis: aeMain). */
    void run() {
        thread = Thread.currentThread();
        try {
            while (running) {
                try {
                    processEvents();
                } catch (IOException e) {
                    server.log.warning("event loop: " + e);
                }
            }
        } catch (RuntimeException | Error e) {
            stoppedBy = e;   // before the sockets close, so whoever sees them close can ask why
            throw e;
        } finally {
            running = false;
            closeEverything();
        }
    }
    // end::run[]

    // tag::process-events[]
    /**
     * One turn of the loop (Redis: aeProcessEvents). Write what the last turn produced, then sleep
     * in select() until a socket is ready or the next timer is due, then handle what woke us.
     */
    @Lab(2)
    private void processEvents() throws IOException {
        beforeSleep();
        long timeoutMs = millisToNextTimer();
        if (timeoutMs == 0) selector.selectNow();   // select(0) would mean "sleep forever"
        else selector.select(timeoutMs);
        handleReadyKeys();
        runTimers();
        runTasks();
    }
    // end::process-events[]

    /** Ask the loop to finish its iteration and return from run(). Safe from any thread. */
    public void stop() {
        running = false;
        selector.wakeup();
    }

    /** False once stop() was called or the loop died. */
    public boolean running() { return running; }

    /**
     * The exception that killed the loop, or null while it runs (and after a normal stop()).
     * Set before the loop closes its sockets, so a client that sees its connection drop can ask.
     */
    public Throwable stoppedBy() { return stoppedBy; }

    /** Run a task on the loop thread soon. Safe from any thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Run task every periodMs milliseconds of real time, first after periodMs. */
    public Cancellable every(long periodMs, Runnable task) {
        long p = periodMs * 1_000_000L;
        Timer t = new Timer(System.nanoTime() + p, p, task);
        timers.add(t);
        return () -> t.cancelled = true;
    }

    /** Run task once after delayMs milliseconds of real time. */
    public Cancellable after(long delayMs, Runnable task) {
        Timer t = new Timer(System.nanoTime() + delayMs * 1_000_000L, 0, task);
        timers.add(t);
        return () -> t.cancelled = true;
    }

    private long millisToNextTimer() {
        Timer t = timers.peek();
        if (t == null) return 1000;
        long ns = t.due - System.nanoTime();
        return ns <= 0 ? 0 : Math.max(1, ns / 1_000_000L);
    }

    private void runTimers() {
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().due <= now) {
            Timer t = timers.poll();
            if (t.cancelled) continue;
            try {
                t.task.run();
            } catch (RuntimeException e) {
                server.log.severe("timer task failed: " + e);
            }
            if (t.period > 0 && !t.cancelled) {
                t.due = Math.max(t.due + t.period, now);
                timers.add(t);
            }
        }
    }

    private void runTasks() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            try {
                r.run();
            } catch (RuntimeException e) {
                server.log.severe("task failed: " + e);
            }
        }
    }

    // tag::handle-ready-keys[]
    /** Serve every socket select() found ready (Redis: the file-event part of aeProcessEvents). */
    @Lab(2)
    private void handleReadyKeys() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();   // the selector never removes a key from this set by itself
            if (!k.isValid()) continue;
            if (k.isAcceptable()) {
                accept((ServerSocketChannel) k.channel());
                continue;
            }
            Client c = (Client) k.attachment();
            if (k.isValid() && k.isReadable()) readFromClient(c);
            if (k.isValid() && k.isWritable()) writeToClient(c);
        }
    }
    // end::handle-ready-keys[]

    // ---------------------------------------------------------------- clients

    // tag::accept[]
    /** Accept every waiting connection (Redis: acceptTcpHandler accepts up to 1000 per call). */
    @Lab(2)
    private void accept(ServerSocketChannel ssc) {
        for (int i = 0; i < 1000; i++) {
            SocketChannel ch;
            try {
                ch = ssc.accept();
            } catch (IOException e) {
                server.log.warning("accept: " + e);
                return;
            }
            if (ch == null) return;
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.setOption(StandardSocketOptions.SO_KEEPALIVE, server.config.getInt("tcp-keepalive") > 0);
                Client c = server.newClient(ch);
                if (c == null) continue;   // refused (maxclients): already answered and closed
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }
    // end::accept[]

    // tag::read-from-client[]
    /** Read what the client sent, then run every complete command in it (Redis: readQueryFromClient). */
    @Lab(2)
    private void readFromClient(Client c) {
        int n;
        try {
            n = c.reader.readFrom(c.channel);
        } catch (IOException e) {
            close(c);
            return;
        }
        if (n < 0) {
            close(c);
            return;
        }
        c.bytesIn += n;
        server.stats.netInputBytes += n;
        c.lastInteraction = server.clock.millis();
        if (c.reader.pending() > server.clientQueryBufferLimit) {
            // Checked before parsing, as in readQueryFromClient. Redis frees the client without a
            // reply: it could be an attack.
            server.log.warning("Closing client that reached max query buffer length: id=" + c.id);
            close(c);
            return;
        }
        processInput(c);
    }
    // end::read-from-client[]

    // tag::process-input[]
    /**
     * Parse and run commands until the buffer holds no complete command. Also used to resume a
     * client after it was blocked (lab 05): its next pipelined commands are still in the buffer.
     */
    @Lab(2)
    public void processInput(Client c) {
        try {
            while (!c.has(Client.BLOCKED | Client.CLOSE_AFTER_REPLY | Client.CLOSE_ASAP)) {
                c.reader.setAuthRequired(!c.authenticated);   // AUTH may be earlier in this pipeline
                if (!c.reader.next()) break;
                c.argv = c.reader.argv();
                c.argc = c.reader.argc();
                server.dispatcher.process(c);
            }
        } catch (ProtocolException e) {
            c.reply.error(e.replyBytes());
            c.closeAfterReply();
        }
        c.reader.shrinkIfIdle();
        wantsWrite(c);
    }
    // end::process-input[]

    /** Queue the client for writing in beforeSleep if it has replies pending. */
    public void wantsWrite(Client c) {
        enforceOutputLimit(c);
        if (!c.pendingWrite && (c.reply.hasPending() || c.has(Client.CLOSE_AFTER_REPLY | Client.CLOSE_ASAP))) {
            c.pendingWrite = true;
            pendingWrites.add(c);
        }
    }

    /**
     * Hang up on a client whose unsent replies passed client-output-buffer-limit, dropping them
     * (Redis: closeClientOnOutputBufferLimitReached, asynchronous close). See OutputBufferLimits.
     */
    private void enforceOutputLimit(Client c) {
        if (c.has(Client.CLOSE_ASAP) || !outputLimits.reached(c)) return;
        server.log.warning("Client id=" + c.id + " addr=" + c.address
                + " scheduled to be closed ASAP for overcoming of output buffer limits.");
        c.reply.discard();
        c.flags |= Client.CLOSE_ASAP;
    }

    /** Called from other code on the loop thread (CLIENT KILL): close it in beforeSleep. */
    void wakeupClient(Client c) {
        if (inLoopThread()) toClose.add(c);
        else execute(() -> toClose.add(c));
    }

    /**
     * Just before select() may sleep (Redis: beforeSleep in server.c): the housekeeping of later
     * labs, then the replies this iteration produced, then the clients killed meanwhile.
     */
    private void beforeSleep() {
        server.beforeSleep();
        if (!pendingWrites.isEmpty()) writePendingReplies();
        for (Client c : toClose) close(c);
        toClose.clear();
    }

    // tag::write-pending-replies[]
    /** Write the replies of every client that has some (Redis: handleClientsWithPendingWrites). */
    @Lab(2)
    private void writePendingReplies() {
        // By index: closing a client may queue replies for others (later labs), and they come last.
        for (int i = 0; i < pendingWrites.size(); i++) {
            Client c = pendingWrites.get(i);
            c.pendingWrite = false;
            if (c.has(Client.CLOSE_ASAP)) {
                close(c);
                continue;
            }
            writeToClient(c);
        }
        pendingWrites.clear();
    }
    // end::write-pending-replies[]

    // tag::write-to-client[]
    /** Write as much as the socket takes; if it is full, wait for OP_WRITE (Redis: writeToClient). */
    @Lab(2)
    private void writeToClient(Client c) {
        if (c.channel == null || !c.channel.isOpen()) return;
        try {
            boolean done = c.reply.writeTo(c.channel);
            if (done) {
                if (c.has(Client.CLOSE_AFTER_REPLY)) {
                    close(c);
                    return;
                }
                if (c.key.isValid() && (c.key.interestOps() & SelectionKey.OP_WRITE) != 0) {
                    c.key.interestOps(SelectionKey.OP_READ);
                }
            } else if (c.key.isValid()) {
                c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } catch (IOException | java.nio.channels.CancelledKeyException e) {
            close(c);
        }
    }
    // end::write-to-client[]

    /** Disconnect a client and forget it (Redis: freeClient). */
    public void close(Client c) {
        if (c.channel == null || !c.channel.isOpen()) return;
        if (c.key != null) c.key.cancel();
        closeQuietly(c.channel);
        server.clientClosed(c);
    }

    /** On the way out, normal or not: every client, every listening socket, the selector. */
    private void closeEverything() {
        for (Client c : new ArrayList<>(server.clients())) {
            try {
                close(c);
            } catch (RuntimeException e) {
                // its socket is closed already; a later lab's clean-up failed: go on with the rest
                server.log.warning("closing client " + c.id + ": " + e);
            }
        }
        for (ServerSocketChannel l : listeners) {
            try {
                l.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    /** Exposed for tests: true when the selector is still open. */
    boolean isOpen() {
        try {
            return selector.isOpen();
        } catch (Exception e) {
            return false;
        }
    }
}
