/*
 * Tasks 1 to 4: the loop turns, accepts connections, notices when a client hangs up, and runs
 * its timers even when no client says anything. None of these tests sends a command, so they
 * go green before PING works: they check the loop's skeleton on its own.
 */
package dev.rediscover.lessons.lab02;

import org.junit.jupiter.api.Order;
import dev.rediscover.server.ManualClock;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

@Order(1)   // LabRunner runs the classes in task order
class ConnectionsTest {
    @RegisterExtension
    final LabServer server = new LabServer();

    @Test
    @DisplayName("each new connection becomes a client of the server")
    void acceptsConnections() throws Exception {
        for (int i = 1; i <= 3; i++) {
            server.connect(server.socket());
            server.awaitClients(i, "accept() must take the new connection (ssc.accept()), make its Client with "
                    + "server.newClient(ch) and register it with the selector for OP_READ");
        }
    }

    @Test
    @DisplayName("two hundred connections opened at once are all accepted")
    void acceptsABurst() throws Exception {
        for (int i = 0; i < 200; i++) server.connect(server.socket());
        server.awaitClients(200, "one OP_ACCEPT event can stand for many waiting connections: accept() should "
                + "loop until ssc.accept() returns null, and the key must stay registered for OP_ACCEPT");
    }

    @Test
    @DisplayName("a client that hangs up is closed and forgotten; the others stay")
    void hangUpsAreNoticed() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 5; i++) sockets.add(server.connect(server.socket()));
        server.awaitClients(5, "accept() must register every connection");
        sockets.get(0).close();
        sockets.get(2).close();
        sockets.get(4).close();
        server.awaitClients(2, "when a client hangs up, its socket becomes readable and read() returns -1: "
                + "readFromClient must then close(c). Forgetting it leaves a dead client that is readable forever "
                + "(and a loop that spins at 100% CPU)");
    }

    @Test
    @DisplayName("timers run while nobody talks: an idle client is timed out by serverCron")
    void timersRunWhenIdle() throws Exception {
        ManualClock clock = new ManualClock();
        server.restart(clock, "--timeout", "1");
        RawClient idle = server.client();
        server.awaitClients(1, "accept() must register every connection");
        clock.advance(Duration.ofSeconds(2));   // idle for 2 s with `timeout 1`: the next cron run closes it
        Closed.expect(idle, null, "the server's cron job is a timer, due every 100 ms. processEvents must call "
                + "runTimers() on every turn, and select() must not sleep past the next timer: select(millisToNextTimer()), "
                + "and selectNow() when that is 0 (select(0) sleeps forever)");
    }
}
