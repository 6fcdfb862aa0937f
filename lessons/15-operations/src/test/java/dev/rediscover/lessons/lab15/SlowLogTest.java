/*
 * Lab 15, task 2: the slow log. With slowlog-log-slower-than 0 every command is "slow", so each
 * one becomes an entry the tests can predict exactly, apart from its duration: id, the server
 * clock's unix time, the arguments (cut and redacted), the client's address and its name.
 */
package dev.rediscover.lessons.lab15;

import dev.rediscover.testing.Explain;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Order(2)
class SlowLogTest extends OpsLab {
    Jedis j;

    @BeforeEach
    void logEverything() {
        j = jedis();
        j.configSet("slowlog-log-slower-than", "0");
        j.sendCommand(Protocol.Command.SLOWLOG, "RESET");
    }

    /** SLOWLOG GET [count] as a list of entries, each [id, time, micros, args, addr, name]. */
    List<List<Object>> get(String... count) {
        List<String> args = new ArrayList<>(List.of("GET"));
        args.addAll(List.of(count));
        Object reply = j.sendCommand(Protocol.Command.SLOWLOG, args.toArray(new String[0]));
        @SuppressWarnings("unchecked") List<List<Object>> entries = (List<List<Object>>) reply;
        return entries;
    }

    static String s(Object bulk) { return new String((byte[]) bulk, StandardCharsets.ISO_8859_1); }

    /** An entry as "args... | addr | name" (the id, time and duration are checked apart). */
    static String shown(List<Object> e) {
        StringBuilder sb = new StringBuilder();
        @SuppressWarnings("unchecked") List<Object> args = (List<Object>) e.get(3);
        for (Object a : args) sb.append(s(a)).append(' ');
        return sb.append("| ").append(s(e.get(4))).append(" | ").append(s(e.get(5))).toString();
    }

    String myAddr() {
        String info = j.clientInfo();
        int at = info.indexOf("addr=") + 5;
        return info.substring(at, info.indexOf(' ', at));
    }

    @Test
    @DisplayName("an entry: id, unix time from the server clock, microseconds, args, ip:port, name")
    void entryShape() {
        String key = randomKey("slow:");
        String addr = myAddr();
        clock.advanceMillis(7_000);
        j.set(key, "v");
        List<List<Object>> entries = get("1");
        assertThat(entries).as(Explain.command("SLOWLOG GET 1", "one entry", entries,
                "SlowLog.push adds an Entry for every command that reaches it")).hasSize(1);
        List<Object> e = entries.get(0);
        assertThat(e).as(Explain.command("SLOWLOG GET 1", "an array of 6", e,
                "SlowLogCommands.writeEntry writes [id, time, micros, [args], peer, name]")).hasSize(6);
        assertThat(e.get(1)).as(Explain.command("SLOWLOG GET 1", "time " + (START + 7_000) / 1000, e.get(1),
                "the time is server.clock's, in seconds (millis() / 1000), not System.currentTimeMillis()"))
                .isEqualTo((START + 7_000) / 1000);
        assertThat((Long) e.get(2)).as("the duration in microseconds is never negative").isGreaterThanOrEqualTo(0);
        assertThat(shown(e)).as(Explain.command("SLOWLOG GET 1", "SET " + key + " v | " + addr + " | ", shown(e),
                "args as sent, then c.address, then the name (empty bulk when the client has none)"))
                .isEqualTo("SET " + key + " v | " + addr + " | ");
    }

    @Test
    @DisplayName("newest first; ids count up and keep counting after SLOWLOG RESET")
    void orderAndIds() {
        j.set("a", "1");
        j.set("b", "2");
        List<List<Object>> two = get("2");
        assertThat(shown(two.get(0))).as("the newest entry comes first (addFirst)").startsWith("SET b 2 ");
        long newer = (Long) two.get(0).get(0), older = (Long) two.get(1).get(0);
        assertThat(newer).as("ids are consecutive: nextId++").isEqualTo(older + 1);
        j.sendCommand(Protocol.Command.SLOWLOG, "RESET");
        List<List<Object>> after = get();
        assertThat(after).as("after RESET only SLOWLOG RESET itself is there (it is logged once it ran)").hasSize(1);
        assertThat((Long) after.get(0).get(0)).as("RESET empties the log but never rewinds the ids")
                .isGreaterThan(newer);
    }

    @Test
    @DisplayName("GET's count: 10 by default, -1 for all, never more than there are")
    void counts() {
        for (int i = 0; i < 14; i++) j.ping();
        assertThat(get()).as("SLOWLOG GET with no count returns 10").hasSize(10);
        assertThat(get("-1").size()).as("-1 returns every entry (SLOWLOG RESET + 14 PINGs + GET)").isEqualTo(16);
        assertThat(get("1000").size()).as("a count beyond the length returns what there is").isEqualTo(17);
    }

    @Test
    @DisplayName("slowlog-max-len keeps only the newest entries")
    void maxLen() {
        j.configSet("slowlog-max-len", "3");
        for (int i = 0; i < 6; i++) j.echo("e" + i);
        Object len = j.sendCommand(Protocol.Command.SLOWLOG, "LEN");
        assertThat(len).as(Explain.command("SLOWLOG LEN", "3", len,
                "push drops the oldest entries (removeLast) while there are more than slowlog-max-len")).isEqualTo(3L);
        List<List<Object>> kept = get("3");
        assertThat(shown(kept.get(1))).as("the newest survive: SLOWLOG LEN, then ECHO e5, then ECHO e4").startsWith("ECHO e5 ");
        assertThat(shown(kept.get(2))).startsWith("ECHO e4 ");
        j.configSet("slowlog-max-len", "0");
        j.ping();
        assertThat(j.sendCommand(Protocol.Command.SLOWLOG, "LEN")).as("slowlog-max-len 0 keeps nothing").isEqualTo(0L);
    }

    @Test
    @DisplayName("an argument over 128 bytes is cut, with the number of bytes left out")
    void longArgument() {
        String value = "x".repeat(200);
        j.set("long", value);
        j.set("exact", "y".repeat(128));
        List<List<Object>> e = get("2");
        assertThat(shown(e.get(1))).as(Explain.command("SET long <200 bytes>", "the first 128 bytes, then '... (72 more bytes)'",
                shown(e.get(1)), "entryArgv: keep MAX_ARG_LEN bytes and append \"... (N more bytes)\""))
                .startsWith("SET long " + "x".repeat(128) + "... (72 more bytes) |");
        assertThat(shown(e.get(0))).as("exactly 128 bytes is kept whole").startsWith("SET exact " + "y".repeat(128) + " |");
    }

    @Test
    @DisplayName("a command with more than 32 arguments keeps 31, then '... (N more arguments)'")
    void manyArguments() {
        String[] items = new String[40];
        for (int i = 0; i < items.length; i++) items[i] = "i" + i;
        j.rpush("many", items);                                    // 42 arguments
        String[] exactly = new String[30];
        for (int i = 0; i < exactly.length; i++) exactly[i] = "k" + i;
        j.rpush("full", exactly);                                   // 32 arguments: kept whole
        List<List<Object>> e = get("2");
        @SuppressWarnings("unchecked") List<Object> args = (List<Object>) e.get(1).get(3);
        assertThat(args).as("42 arguments are shown as 32").hasSize(32);
        assertThat(s(args.get(30))).isEqualTo("i28");
        assertThat(s(args.get(31))).as(Explain.command("RPUSH many i0..i39", "... (11 more arguments)", s(args.get(31)),
                "the last kept slot says how many were left out, itself included: argc - 32 + 1"))
                .isEqualTo("... (11 more arguments)");
        @SuppressWarnings("unchecked") List<Object> full = (List<Object>) e.get(0).get(3);
        assertThat(full).as("exactly 32 arguments are all kept").hasSize(32);
        assertThat(s(full.get(31))).isEqualTo("k29");
    }

    @Test
    @DisplayName("binary and empty arguments are kept byte for byte")
    void binary() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.call("SET".getBytes(), new byte[]{0, (byte) 0xff, '\r', '\n'}, new byte[0]);
        }
        List<Object> e = get("1").get(0);
        @SuppressWarnings("unchecked") List<Object> args = (List<Object>) e.get(3);
        assertThat((byte[]) args.get(1)).as("never turn arguments into Strings").containsExactly(0, 0xff, '\r', '\n');
        assertThat((byte[]) args.get(2)).isEmpty();
    }

    @Test
    @DisplayName("the client's name is in the entry; passwords are redacted")
    void nameAndRedaction() throws Exception {
        try (RawClient raw = new RawClient(server.port())) {
            raw.call("CLIENT", "SETNAME", "billing");
            raw.call("AUTH", "not-the-password");
            raw.call("CONFIG", "SET", "masterauth", "s3cret");
            raw.call("CONFIG", "SET", "masterauth", "");
        }
        List<List<Object>> e = get("3");
        assertThat(shown(e.get(1))).as(Explain.command("CONFIG SET masterauth s3cret", "CONFIG SET masterauth (redacted)",
                shown(e.get(1)), "push must log Redaction.shownArgv(c, cmd), not c.argv"))
                .startsWith("CONFIG SET masterauth (redacted) |").endsWith("| billing");
        assertThat(shown(e.get(2))).as("AUTH's password never reaches the log").startsWith("AUTH (redacted) |");
    }

    @Test
    @DisplayName("a negative threshold turns the log off; a high one logs nothing fast")
    void threshold() {
        j.configSet("slowlog-log-slower-than", "-1");
        j.sendCommand(Protocol.Command.SLOWLOG, "RESET");
        j.ping();
        assertThat(j.sendCommand(Protocol.Command.SLOWLOG, "LEN")).isEqualTo(0L);
        j.configSet("slowlog-log-slower-than", "0");
        assertThat(j.sendCommand(Protocol.Command.SLOWLOG, "LEN")).as("the CONFIG SET that turned it on is logged").isEqualTo(1L);
    }
}
