/*
 * Lab 13, task 1: after a full sync the master streams every write to its replicas as RESP,
 * with SELECT when the database changes, and counts every byte in master_repl_offset and the
 * backlog (Replication.feedCommand, Replication.feed, Backlog.append).
 */
package dev.rediscover.lessons.lab13;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

@Order(1)
class StreamTest extends ReplLab {

    @Test
    @DisplayName("a write after the full sync reaches the replica as SELECT 0 then the command, byte for byte")
    void firstWriteComesWithSelect() throws Exception {
        RediscoverServer m = server();
        Jedis jm = jedis(m);
        FakeReplica r = replicaOf(m);
        r.fullSync();
        String k = randomKey(), v = randomValue();
        jm.set(k, v);
        String expected = resp("SELECT", "0") + resp("SET", k, v);
        String got = r.stream(expected.length());
        assertThat(esc(got)).as("the stream after SET %s %s\n  hint: the first command after a full sync has no database "
                + "yet (slaveSelDb is -1), so feedCommand sends SELECT first", k, v).isEqualTo(esc(expected));
    }

    @Test
    @DisplayName("more writes in the same database need no SELECT; reads send nothing")
    void sameDatabaseNoSelect() throws Exception {
        RediscoverServer m = server();
        Jedis jm = jedis(m);
        FakeReplica r = replicaOf(m);
        r.fullSync();
        String k = randomKey();
        jm.set(k, "1");
        r.stream((resp("SELECT", "0") + resp("SET", k, "1")).length());
        jm.get(k);
        jm.exists(k);
        jm.incr(k);
        jm.rpush(k + ":l", "a", "b");
        String expected = resp("INCR", k) + resp("RPUSH", k + ":l", "a", "b");
        assertThat(esc(r.stream(expected.length()))).as("INCR and RPUSH after SET in the same database, with a GET and "
                + "an EXISTS in between\n  hint: remember the database you last selected (slaveSelDb) and only SELECT "
                + "when it changes; reads never reach feedCommand").isEqualTo(esc(expected));
    }

    @Test
    @DisplayName("a write in another database is preceded by SELECT <that db>, and again when it changes back")
    void otherDatabaseSelects() throws Exception {
        RediscoverServer m = server();
        Jedis jm = jedis(m);
        FakeReplica r = replicaOf(m);
        r.fullSync();
        jm.select(5);
        jm.set("a", "1");
        jm.select(0);
        jm.set("b", "2");
        jm.set("c", "3");
        String expected = resp("SELECT", "5") + resp("SET", "a", "1") + resp("SELECT", "0") + resp("SET", "b", "2")
                + resp("SET", "c", "3");
        assertThat(esc(r.stream(expected.length()))).as("SELECT 5, SET a 1, SELECT 0, SET b 2, SET c 3 on the master")
                .isEqualTo(esc(expected));
    }

    @Test
    @DisplayName("what is streamed is the write's effect: SET k v EX 100 arrives as SET k v PXAT <ms>")
    void deterministicEffects() throws Exception {
        RediscoverServer m = server();
        Jedis jm = jedis(m);
        FakeReplica r = replicaOf(m);
        r.fullSync();
        jm.setex("t", 100, "v");
        String select = resp("SELECT", "0");
        assertThat(esc(r.stream(select.length()))).isEqualTo(esc(select));
        String head = "*5\r\n$3\r\nSET\r\n$1\r\nt\r\n$1\r\nv\r\n$4\r\nPXAT\r\n";
        assertThat(esc(r.stream(head.length()))).as("feed the argv Propagation hands you (already rewritten), not c.argv")
                .isEqualTo(esc(head));
    }

    @Test
    @DisplayName("master_repl_offset and repl_backlog_histlen grow by exactly the bytes streamed")
    void offsetsCountEveryByte() throws Exception {
        RediscoverServer m = server();
        Jedis jm = jedis(m);
        FakeReplica r = replicaOf(m);
        r.fullSync();
        long start = infoLong(jm, "master_repl_offset");
        assertThat(start).as("the offset +FULLRESYNC announced").isEqualTo(r.offset);
        String k = randomKey(), v = randomValue();
        jm.set(k, v);
        jm.append(k, v);
        int n = (resp("SELECT", "0") + resp("SET", k, v) + resp("APPEND", k, v)).length();
        r.stream(n);
        assertThat(infoLong(jm, "master_repl_offset")).as("master_repl_offset after two writes (%d bytes of stream)\n"
                + "  hint: feed appends to the backlog and sets masterReplOffset = backlog.offset()", n).isEqualTo(start + n);
        assertThat(infoLong(jm, "repl_backlog_histlen")).as("repl_backlog_histlen: Backlog.append keeps every byte "
                + "while it fits").isEqualTo(start + n);
        assertThat(infoLong(jm, "repl_backlog_first_byte_offset")).isEqualTo(1);
    }

    @Test
    @DisplayName("every replica gets the same bytes")
    void everyReplica() throws Exception {
        RediscoverServer m = server();
        Jedis jm = jedis(m);
        FakeReplica a = replicaOf(m), b = replicaOf(m);
        a.fullSync();
        b.fullSync();
        String k = randomKey(), v = randomValue();
        jm.lpush(k, v);
        String expected = resp("SELECT", "0") + resp("LPUSH", k, v);
        assertThat(esc(a.stream(expected.length()))).as("first replica").isEqualTo(esc(expected));
        assertThat(esc(b.stream(expected.length()))).as("second replica: feed loops over every replica")
                .isEqualTo(esc(expected));
    }

    @Test
    @DisplayName("the backlog keeps only the last repl-backlog-size bytes")
    void backlogIsBounded() throws Exception {
        RediscoverServer m = server("--repl-backlog-size", "16kb");
        Jedis jm = jedis(m);
        FakeReplica r = replicaOf(m);
        r.fullSync();
        String big = "x".repeat(1000);
        for (int i = 0; i < 40; i++) jm.set("k" + i, big);
        long offset = infoLong(jm, "master_repl_offset");
        assertThat(infoLong(jm, "repl_backlog_histlen")).as("histlen after ~40 KB into a 16 KB backlog\n"
                + "  hint: Backlog.append wraps around the ring and histlen never exceeds its size").isEqualTo(16 * 1024);
        assertThat(infoLong(jm, "repl_backlog_first_byte_offset")).isEqualTo(offset - 16 * 1024 + 1);
    }
}
