/*
 * Lab 13, task 2: a replica that comes back with PSYNC <replid> <offset> gets +CONTINUE and only
 * the bytes it missed, when the ID is the master's and the backlog still holds that offset; else
 * a full resync (Replication.tryPartial, Backlog.covers, Backlog.since).
 */
package dev.rediscover.lessons.lab13;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

@Order(2)
class PartialResyncTest extends ReplLab {

    /** A full sync, then some writes: returns the replica and the exact stream it received. */
    private String syncAndWrite(Jedis jm, FakeReplica r, int writes) throws Exception {
        r.fullSync();
        StringBuilder expected = new StringBuilder(resp("SELECT", "0"));
        for (int i = 0; i < writes; i++) {
            String k = randomKey(), v = randomValue();
            jm.set(k, v);
            expected.append(resp("SET", k, v));
        }
        return r.stream(expected.length());
    }

    @Test
    @DisplayName("PSYNC <our id> <offset+1> answers +CONTINUE <id> and exactly the bytes after that offset")
    void continueWithMissedBytes() throws Exception {
        RediscoverServer m = server();
        Jedis jm = jedis(m);
        FakeReplica first = replicaOf(m);
        String stream = syncAndWrite(jm, first, 5);
        int cut = stream.length() / 2;
        FakeReplica again = replicaOf(m);
        again.send("REPLCONF", "capa", "psync2");
        assertThat(again.line()).isEqualTo("+OK");
        long from = first.offset + cut + 1;
        again.send("PSYNC", first.replid, Long.toString(from));
        assertThat(again.line()).as("the answer to PSYNC %s %d (our ID, an offset the backlog holds)\n  hint: tryPartial "
                + "accepts when the ID is replid and backlog.covers(offset)", first.replid, from)
                .isEqualTo("+CONTINUE " + first.replid);
        String rest = stream.substring(cut);
        assertThat(esc(again.stream(rest.length()))).as("the bytes sent after +CONTINUE: backlog.since(%d)", from)
                .isEqualTo(esc(rest));
        assertThat(info(jm, "sync_partial_ok")).isEqualTo("1");
    }

    @Test
    @DisplayName("a replica without capa psync2 gets a bare +CONTINUE")
    void continueWithoutId() throws Exception {
        RediscoverServer m = server();
        Jedis jm = jedis(m);
        FakeReplica first = replicaOf(m);
        syncAndWrite(jm, first, 1);
        FakeReplica again = replicaOf(m);
        again.send("PSYNC", first.replid, Long.toString(infoLong(jm, "master_repl_offset") + 1));
        assertThat(again.line()).as("no REPLCONF capa psync2 was sent").isEqualTo("+CONTINUE");
        again.expectSilence(100, "a replica that is up to date gets nothing after +CONTINUE");
    }

    @Test
    @DisplayName("a replica already up to date (offset = master_repl_offset + 1) continues with nothing to catch up")
    void upToDate() throws Exception {
        RediscoverServer m = server();
        Jedis jm = jedis(m);
        FakeReplica first = replicaOf(m);
        syncAndWrite(jm, first, 3);
        FakeReplica again = replicaOf(m);
        again.send("REPLCONF", "capa", "psync2");
        again.line();
        long next = infoLong(jm, "master_repl_offset") + 1;
        again.send("PSYNC", first.replid, Long.toString(next));
        assertThat(again.line()).as("PSYNC at the next byte to come: Backlog.covers must accept offset + 1")
                .isEqualTo("+CONTINUE " + first.replid);
        jm.set("after", "1");
        String expected = resp("SET", "after", "1");
        assertThat(esc(again.stream(expected.length()))).as("then the stream goes on").isEqualTo(esc(expected));
    }

    @Test
    @DisplayName("an unknown replication ID gets a full resync and counts in sync_partial_err; ? does not")
    void unknownIdMeansFullSync() throws Exception {
        RediscoverServer m = server();
        Jedis jm = jedis(m);
        FakeReplica first = replicaOf(m);
        syncAndWrite(jm, first, 1);
        FakeReplica other = replicaOf(m);
        other.send("PSYNC", "0123456789012345678901234567890123456789", "1");
        assertThat(other.line()).as("PSYNC with an ID that is not ours").startsWith("+FULLRESYNC " + first.replid + " ");
        assertThat(info(jm, "sync_partial_err")).isEqualTo("1");
        assertThat(info(jm, "sync_partial_ok")).isEqualTo("0");
        assertThat(info(jm, "sync_full")).isEqualTo("2");
    }

    @Test
    @DisplayName("an offset the backlog no longer holds (or not yet) gets a full resync")
    void outsideTheBacklog() throws Exception {
        RediscoverServer m = server("--repl-backlog-size", "16kb");
        Jedis jm = jedis(m);
        FakeReplica first = replicaOf(m);
        first.fullSync();
        String big = "y".repeat(1000);
        for (int i = 0; i < 30; i++) jm.set("k" + i, big);
        long firstByte = infoLong(jm, "repl_backlog_first_byte_offset");
        FakeReplica old = replicaOf(m);
        old.send("PSYNC", first.replid, Long.toString(firstByte - 1));
        assertThat(old.line()).as("PSYNC at the byte just before repl_backlog_first_byte_offset (%d)\n  hint: "
                + "Backlog.covers is false before firstByteOffset()", firstByte).startsWith("+FULLRESYNC");
        FakeReplica future = replicaOf(m);
        future.send("PSYNC", first.replid, Long.toString(infoLong(jm, "master_repl_offset") + 2));
        assertThat(future.line()).as("PSYNC two bytes past the end of the stream").startsWith("+FULLRESYNC");
        FakeReplica oldest = replicaOf(m);
        oldest.send("PSYNC", first.replid, Long.toString(firstByte));
        assertThat(oldest.line()).as("PSYNC at exactly repl_backlog_first_byte_offset").startsWith("+CONTINUE");
    }

    @Test
    @DisplayName("after wrapping around, the backlog returns the last bytes in order")
    void wrapAround() throws Exception {
        RediscoverServer m = server("--repl-backlog-size", "16kb");
        Jedis jm = jedis(m);
        FakeReplica first = replicaOf(m);
        first.fullSync();
        StringBuilder all = new StringBuilder(resp("SELECT", "0"));
        for (int i = 0; i < 50; i++) {
            String v = randomValue().repeat(40);
            jm.set("w" + i, v);
            all.append(resp("SET", "w" + i, v));
        }
        String stream = first.stream(all.length());
        long firstByte = infoLong(jm, "repl_backlog_first_byte_offset");
        FakeReplica again = replicaOf(m);
        again.send("PSYNC", first.replid, Long.toString(firstByte));
        assertThat(again.line()).startsWith("+CONTINUE");
        String tail = stream.substring((int) (firstByte - first.offset - 1));
        assertThat(esc(again.stream(tail.length()))).as("the whole backlog after the ring wrapped: Backlog.since must "
                + "start reading at head - n (modulo the ring size) and copy in two pieces").isEqualTo(esc(tail));
    }
}
