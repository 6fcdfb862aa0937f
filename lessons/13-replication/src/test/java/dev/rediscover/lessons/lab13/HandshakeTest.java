/*
 * Lab 13, task 3: the replica's side. After REPLICAOF the engine connects and runs the handshake
 * one reply at a time (PING, AUTH, REPLCONF listening-port, REPLCONF capa, PSYNC), then loads a
 * full sync or continues a partial one (ReplicaLink.beginHandshake, onHandshakeReply, sendPsync,
 * psyncReply). The master here is the test itself, so each step can be checked and answered.
 */
package dev.rediscover.lessons.lab13;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Order(3)
class HandshakeTest extends ReplLab {
    static final String ID = "a".repeat(40);
    static final String ID2 = "b".repeat(40);

    @Test
    @DisplayName("REPLICAOF: PING, then REPLCONF listening-port <our port>, REPLCONF capa eof capa psync2, PSYNC <our id> <offset+1>")
    void handshakeInOrder() throws Exception {
        RediscoverServer r = server();
        Jedis jr = jedis(r);
        String ownId = info(jr, "master_replid");
        long ownOffset = infoLong(jr, "master_repl_offset");
        FakeMaster fm = fakeMaster();
        jr.replicaof("127.0.0.1", fm.port());
        fm.accept();
        assertThat(fm.command("PING")).as("first command on the link (beginHandshake)").containsExactly("PING");
        fm.reply("+PONG\r\n");
        assertThat(fm.command("REPLCONF listening-port")).as("after +PONG (no masterauth)")
                .containsExactly("REPLCONF", "listening-port", Integer.toString(r.port()));
        fm.reply("+OK\r\n");
        assertThat(fm.command("REPLCONF capa")).containsExactly("REPLCONF", "capa", "eof", "capa", "psync2");
        fm.reply("+OK\r\n");
        assertThat(fm.command("PSYNC")).as("a server that was a master offers its own history (sendPsync)")
                .containsExactly("PSYNC", ownId, Long.toString(ownOffset + 1));
        assertThat(jr.role().get(3)).as("ROLE's state while waiting for the PSYNC answer").isEqualTo("handshake");
    }

    @Test
    @DisplayName("with masterauth the replica sends AUTH <password> after PING (and AUTH <user> <password> with masteruser)")
    void authAfterPing() throws Exception {
        RediscoverServer r = server("--masterauth", "s3cret");
        Jedis jr = jedis(r);
        FakeMaster fm = fakeMaster();
        jr.replicaof("127.0.0.1", fm.port());
        fm.accept();
        fm.command("PING");
        fm.reply("-NOAUTH Authentication required.\r\n");
        assertThat(fm.command("AUTH")).as("a -NOAUTH answer to PING is fine: AUTH comes next")
                .containsExactly("AUTH", "s3cret");
        fm.reply("+OK\r\n");
        assertThat(fm.command("REPLCONF listening-port").get(0)).isEqualTo("REPLCONF");

        RediscoverServer r2 = server("--masterauth", "pw", "--masteruser", "repl");
        FakeMaster fm2 = fakeMaster();
        jedis(r2).replicaof("127.0.0.1", fm2.port());
        fm2.accept();
        fm2.command("PING");
        fm2.reply("+PONG\r\n");
        assertThat(fm2.command("AUTH")).containsExactly("AUTH", "repl", "pw");
    }

    @Test
    @DisplayName("a refused AUTH or an error to PING drops the link; the replica connects again and retries")
    void errorsDropTheLink() throws Exception {
        RediscoverServer r = server("--masterauth", "wrong");
        FakeMaster fm = fakeMaster();
        jedis(r).replicaof("127.0.0.1", fm.port());
        fm.accept();
        fm.command("PING");
        fm.reply("+PONG\r\n");
        fm.command("AUTH");
        fm.reply("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
        fm.accept();   // a new connection: the replica retried
        assertThat(fm.command("PING")).as("the retry starts over with PING").containsExactly("PING");
        fm.reply("-ERR something is wrong\r\n");
        fm.accept();
        assertThat(fm.command("PING")).containsExactly("PING");
    }

    @Test
    @DisplayName("+FULLRESYNC <id> <offset>, the RDB, then the stream: data loaded, ID and offset taken from the master")
    void fullResync() throws Exception {
        byte[] rdb = rdbWith("from-rdb", "1", "other", "2");
        RediscoverServer r = server();
        Jedis jr = jedis(r);
        jr.set("stale", "x");
        FakeMaster fm = fakeMaster();
        jr.replicaof("127.0.0.1", fm.port());
        fm.handshakeUpToPsync();
        fm.reply("+FULLRESYNC " + ID + " 1000\r\n$" + rdb.length + "\r\n");
        fm.reply(rdb);
        String set = resp("SELECT", "0") + resp("SET", "from-stream", "3");
        fm.reply(set);
        await(() -> "3".equals(jr.get("from-stream")), "the streamed SET to be applied (psyncReply must move to TRANSFER "
                + "on +FULLRESYNC and remember the ID and offset)");
        assertThat(jr.get("from-rdb")).isEqualTo("1");
        assertThat(jr.exists("stale")).as("a full sync replaces the dataset").isFalse();
        assertThat(info(jr, "master_replid")).isEqualTo(ID);
        assertThat(infoLong(jr, "master_repl_offset")).as("1000 from +FULLRESYNC plus the stream's bytes")
                .isEqualTo(1000 + set.length());
        assertThat(jr.role().get(3)).isEqualTo("connected");
        List<String> ack = fm.command("REPLCONF ACK");
        assertThat(ack.subList(0, 2)).containsExactly("REPLCONF", "ACK");
    }

    @Test
    @DisplayName("after a dropped link: PSYNC <master id> <offset+1>, +CONTINUE, and the stream goes on with the data kept")
    void partialAfterReconnect() throws Exception {
        byte[] rdb = rdbWith("kept", "1");
        RediscoverServer r = server();
        Jedis jr = jedis(r);
        FakeMaster fm = fakeMaster();
        jr.replicaof("127.0.0.1", fm.port());
        fm.handshakeUpToPsync();
        fm.reply("+FULLRESYNC " + ID + " 500\r\n$" + rdb.length + "\r\n");
        fm.reply(rdb);
        String first = resp("SELECT", "0") + resp("SET", "a", "1");
        fm.reply(first);
        await(() -> "1".equals(jr.get("a")), "the first SET");
        long offset = 500 + first.length();
        fm.socket.close();                       // the link drops
        List<String> psync = fm.handshakeUpToPsync();
        assertThat(psync).as("the PSYNC after reconnecting: the master's ID and the next byte we need")
                .containsExactly("PSYNC", ID, Long.toString(offset + 1));
        fm.reply("+CONTINUE " + ID + "\r\n");
        fm.reply(resp("SET", "b", "2"));
        await(() -> "2".equals(jr.get("b")), "the SET after +CONTINUE (psyncReply: attachMaster on +CONTINUE)");
        assertThat(jr.get("kept")).as("a partial resync keeps the dataset").isEqualTo("1");
        assertThat(infoLong(jr, "master_repl_offset")).isEqualTo(offset + resp("SET", "b", "2").length());
    }

    @Test
    @DisplayName("+CONTINUE <new id>: the old ID becomes master_replid2, valid up to second_repl_offset")
    void continueWithNewId() throws Exception {
        byte[] rdb = rdbWith("k", "v");
        RediscoverServer r = server();
        Jedis jr = jedis(r);
        FakeMaster fm = fakeMaster();
        jr.replicaof("127.0.0.1", fm.port());
        fm.handshakeUpToPsync();
        fm.reply("+FULLRESYNC " + ID + " 0\r\n$" + rdb.length + "\r\n");
        fm.reply(rdb);
        await(() -> ID.equals(info(jr, "master_replid")) && "up".equals(info(jr, "master_link_status")), "the full sync");
        fm.socket.close();
        fm.handshakeUpToPsync();
        fm.reply("+CONTINUE " + ID2 + "\r\n");
        await(() -> ID2.equals(info(jr, "master_replid")), "the new ID to be adopted");
        assertThat(info(jr, "master_replid2")).as("the history we had so far").isEqualTo(ID);
        assertThat(info(jr, "second_repl_offset")).isEqualTo("1");
    }

    @Test
    @DisplayName("two engines: REPLICAOF copies the dataset, streams writes, and resumes partially after a silent link times out")
    void engineToEngine() throws Exception {
        dev.rediscover.server.ManualClock replicaClock = new dev.rediscover.server.ManualClock();
        RediscoverServer m = server();
        RediscoverServer r = RediscoverServer.start(replicaClock, "--repl-timeout", "30");
        try (r) {
            Jedis jm = jedis(m), jr = jedis(r);
            for (int i = 0; i < 50; i++) jm.set("before" + i, Integer.toString(i));
            jr.replicaof("127.0.0.1", m.port());
            for (int i = 0; i < 50; i++) jm.rpush("list", Integer.toString(i));
            jm.select(3);
            jm.hset("h", "f", "v");
            jm.select(0);
            await(() -> "up".equals(info(jr, "master_link_status"))
                    && info(jm, "master_repl_offset").equals(info(jr, "master_repl_offset")), "the replica to catch up");
            assertThat(jr.get("before49")).isEqualTo("49");
            assertThat(jr.llen("list")).isEqualTo(50);
            jr.select(3);
            assertThat(jr.hget("h", "f")).isEqualTo("v");
            jr.select(0);
            replicaClock.advanceMillis(31_000);   // the master said nothing for 31 s: the replica drops the link
            await(() -> "1".equals(info(jm, "sync_partial_ok")), "the replica to reconnect with a partial resync");
            jm.set("after-reconnect", "yes");
            await(() -> "yes".equals(jr.get("after-reconnect")), "the write after the reconnection");
            assertThat(info(jm, "sync_full")).as("only the first sync was full").isEqualTo("1");
            assertThat(jr.get("before0")).isEqualTo("0");
        }
    }

    @Test
    @DisplayName("(tasks 2 and 3) a promoted replica accepts its old master's ID (replid2) up to where that history ended")
    void promotedReplicaAcceptsReplid2() throws Exception {
        RediscoverServer m = server();
        RediscoverServer promoted = server();
        Jedis jm = jedis(m), jp = jedis(promoted);
        jp.replicaof("127.0.0.1", m.port());
        jm.set("x", "1");
        await(() -> "up".equals(info(jp, "master_link_status"))
                && info(jm, "master_repl_offset").equals(info(jp, "master_repl_offset")), "the replica to catch up");
        String oldId = info(jm, "master_replid");   // a master takes a new ID when its first replica syncs
        long end = infoLong(jp, "master_repl_offset");
        jp.replicaofNoOne();
        assertThat(info(jp, "master_replid2")).isEqualTo(oldId);
        FakeReplica sibling = replicaOf(promoted);
        sibling.send("PSYNC", oldId, Long.toString(end + 1));
        assertThat(sibling.line()).as("PSYNC <old master's id> <end+1> to the promoted replica\n  hint: tryPartial also "
                + "accepts replid2 while offset <= secondReplOffset").isEqualTo("+CONTINUE");
        FakeReplica tooFar = replicaOf(promoted);
        jp.set("y", "2");
        tooFar.send("PSYNC", oldId, Long.toString(infoLong(jp, "master_repl_offset") + 1));
        assertThat(tooFar.line()).as("replid2 past second_repl_offset: that history never had those bytes")
                .startsWith("+FULLRESYNC");
    }
}
