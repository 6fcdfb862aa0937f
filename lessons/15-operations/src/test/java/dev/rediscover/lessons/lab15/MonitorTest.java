/*
 * Lab 15, task 3: MONITOR. A monitor gets one status line per command any client runs, after the
 * command ran: "+<seconds>.<micros> [<db> <ip:port>] \"arg\" ...". The clock is a ManualClock, so
 * every line is known to the byte.
 */
package dev.rediscover.lessons.lab15;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@Order(3)
class MonitorTest extends OpsLab {
    static final String T = "+1800000000.042000 ";

    /** The line a monitor receives for a command from addr in db. */
    static String line(int db, String addr, String quotedArgs) { return T + "[" + db + " " + addr + "] " + quotedArgs + "\r\n"; }

    RawClient monitor() throws Exception {
        RawClient m = connect();
        on(m, "MONITOR answers +OK once the client is a monitor (Monitor.start)").send("MONITOR").expect(OK);
        return m;
    }

    @Test
    @DisplayName("MONITOR makes the client a monitor: +OK and flag O in CLIENT LIST")
    void becomesMonitor() throws Exception {
        RawClient m = monitor();
        String list = text(client.call("CLIENT", "LIST"));
        org.assertj.core.api.Assertions.assertThat(list)
                .as("CLIENT LIST shows a monitor with flags=O: Monitor.start sets Client.MONITOR").contains("flags=O");
    }

    @Test
    @DisplayName("every command another client runs becomes one line: time, db, address, quoted words")
    void oneLinePerCommand() throws Exception {
        RawClient m = monitor();
        String addr = addr(client);
        on(m, "CLIENT INFO is not an admin command: it is shown too").expect(line(0, addr, "\"CLIENT\" \"INFO\""));
        String key = randomKey("mon:");
        x("").send("SET", key, "hello").expect(OK);
        on(m, "Monitor.feed writes MonitorLine.format(clock.micros(), c.db.id, c.address, argv) to each monitor")
                .expect(line(0, addr, "\"SET\" \"" + key + "\" \"hello\""));
        x("").send("SELECT", "4").expect(OK);
        on(m, "the db is the one the command ended in (c.db.id after SELECT 4)").expect(line(4, addr, "\"SELECT\" \"4\""));
    }

    @Test
    @DisplayName("arguments are quoted like sdscatrepr: \\\" \\\\ \\n \\r \\t \\a \\b and \\xhh")
    void quoting() throws Exception {
        RawClient m = monitor();
        String addr = addr(client);
        m.readReply();
        client.call("ECHO".getBytes(), "say \"hi\"\\".getBytes());
        on(m, "quote: a double quote and a backslash get a backslash before them")
                .expect(line(0, addr, "\"ECHO\" \"say \\\"hi\\\"\\\\\""));
        client.call("ECHO".getBytes(), new byte[]{'\n', '\r', '\t', 7, '\b'});
        on(m, "quote: newline, carriage return, tab, bell and backspace are \\n \\r \\t \\a \\b")
                .expect(line(0, addr, "\"ECHO\" \"\\n\\r\\t\\a\\b\""));
        client.call("ECHO".getBytes(), new byte[]{0, 0x1f, 0x7f, (byte) 0x80, (byte) 0xff, '~', ' '});
        on(m, "quote: any other byte outside 0x20..0x7e is \\x and two lower-case hex digits (a byte is signed in Java: mask it)")
                .expect(line(0, addr, "\"ECHO\" \"\\x00\\x1f\\x7f\\x80\\xff~ \""));
        client.call("ECHO".getBytes(), new byte[0]);
        on(m, "quote: an empty argument is two quotes").expect(line(0, addr, "\"ECHO\" \"\""));
    }

    @Test
    @DisplayName("admin commands are not shown, AUTH's password is redacted")
    void hiddenAndRedacted() throws Exception {
        RawClient m = monitor();
        String addr = addr(client);
        m.readReply();
        client.call("CONFIG", "GET", "maxmemory");
        client.call("SLOWLOG", "LEN");
        client.call("AUTH", "guess");
        on(m, "CONFIG and SLOWLOG are admin commands (never shown); AUTH is shown as Redaction.shownArgv gives it")
                .expect(line(0, addr, "\"AUTH\" \"(redacted)\""));
    }

    @Test
    @DisplayName("MULTI, then the commands EXEC runs, then EXEC")
    void transactions() throws Exception {
        RawClient m = monitor();
        String addr = addr(client);
        m.readReply();
        client.call("MULTI");
        client.call("INCR", "n");
        client.call("EXEC");
        on(m, "MULTI runs (and is shown) when it is sent").expect(line(0, addr, "\"MULTI\""));
        on(m, "queued commands are shown when EXEC runs them (Dispatcher.call tells the observers)")
                .expect(line(0, addr, "\"INCR\" \"n\""));
        on(m, "EXEC itself comes last: a command is shown after it ran").expect(line(0, addr, "\"EXEC\""));
    }

    @Test
    @DisplayName("every monitor gets the line, the monitor's own commands included, RESP3 too")
    void severalMonitors() throws Exception {
        String addr = addr(client);
        RawClient m1 = connect();
        String addr1 = addr(m1);
        on(m1, "MONITOR answers +OK").send("MONITOR").expect(OK);
        RawClient m2 = connect();
        m2.call("HELLO", "3");
        String addr2 = addr(m2);
        on(m2, "a RESP3 client can monitor too").send("MONITOR").expect(OK);
        on(m1, "the first monitor saw the second one's HELLO").expect(line(0, addr2, "\"HELLO\" \"3\""));
        on(m1, "... and its CLIENT INFO; MONITOR itself is an admin command, never shown")
                .expect(line(0, addr2, "\"CLIENT\" \"INFO\""));
        x("").send("PING").expect(PONG);
        on(m1, "Monitor.feed writes to every monitor in the list").expect(line(0, addr, "\"PING\""));
        on(m2, "the second monitor gets the same status line, RESP3 or not").expect(line(0, addr, "\"PING\""));
        on(m1, "a monitor's own command: its reply first, then its own line").send("PING").expect(PONG)
                .expect(line(0, addr1, "\"PING\""));
        on(m2, "").expect(line(0, addr1, "\"PING\""));
    }

    @Test
    @DisplayName("a monitor that sends QUIT gets +OK and no line of its own")
    void quit() throws Exception {
        RawClient m = monitor();
        String addr = addr(client);
        on(m, "").expect(line(0, addr, "\"CLIENT\" \"INFO\""));
        on(m, "feed skips a monitor that is closing (CLOSE_AFTER_REPLY): its own QUIT line is never sent")
                .send("QUIT").expect(OK);
        org.assertj.core.api.Assertions.assertThat(m.isClosedByServer())
                .as("after QUIT's +OK the server hangs up, with nothing more sent").isTrue();
    }
}
