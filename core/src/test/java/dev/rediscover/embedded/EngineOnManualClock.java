/*
 * The fixture of tests that drive several raw connections against one engine whose time is a
 * ManualClock (blocking commands, CLIENT PAUSE): a fresh server per test, connections closed
 * after it, and a bounded wait for the moment a client's command has reached the event loop
 * (a command is sent from the test thread but runs on the loop, so "it is blocked now" must be
 * asked of the server, never assumed after a sleep).
 */
package dev.rediscover.embedded;

import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

public abstract class EngineOnManualClock {
    /** The clock's start: 2027-01-15, far from 0 so that "0 = no time" bugs show. */
    protected static final long T0 = 1_800_000_000_000L;
    protected final ManualClock clock = new ManualClock(T0);
    protected RediscoverServer server;
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeEach
    void startEngine() { server = RediscoverServer.start(clock); }

    @AfterEach
    void stopEngine() throws IOException {
        for (RawClient c : clients) c.close();
        server.close();
    }

    /** A new connection, closed after the test. */
    protected RawClient connect() throws IOException {
        RawClient c = new RawClient(server.port());
        clients.add(c);
        return c;
    }

    /** How many clients the blocking subsystem holds, read on the loop. */
    protected int blocked() { return server.onLoop(s -> s.blocking.blockedClients()); }

    /** Wait (at most 5 s) until the server says n clients are blocked. */
    protected void awaitBlocked(int n) throws InterruptedException { await("blocked clients", n, this::blocked); }

    /** Wait (at most 5 s) until count says n; fail naming what was awaited and what it said. */
    protected static void await(String what, int n, IntSupplier count) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (count.getAsInt() != n) {
            assertThat(System.nanoTime()).as("waiting for %d %s, have %d", n, what, count.getAsInt()).isLessThan(until);
            Thread.sleep(2);
        }
    }
}
