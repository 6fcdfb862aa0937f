/*
 * Master and replica, both embedded in this JVM: full sync (both transfer forms), the command
 * stream, partial resync after a dropped link, the backlog running out, promotion and PSYNC2,
 * chained replicas, WAIT, read-only replicas, min-replicas-to-write, the expiry rule, and what
 * INFO, ROLE and CLIENT LIST show. Time-dependent parts use a ManualClock.
 */
package dev.rediscover.replication;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.server.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static dev.rediscover.replication.Datasets.awaitSynced;
import static dev.rediscover.replication.Datasets.awaitTrue;
import static dev.rediscover.replication.Datasets.dump;
import static dev.rediscover.replication.Datasets.info;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationTest {
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Random random = new Random();
    private static final redis.clients.jedis.commands.ProtocolCommand REPLCONF = () -> "REPLCONF".getBytes();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
    }

    private RediscoverServer server(String... opts) {
        RediscoverServer s = RediscoverServer.start(opts);
        open.add(s);
        return s;
    }

    private RediscoverServer server(ManualClock clock, String... opts) {
        RediscoverServer s = RediscoverServer.start(clock, opts);
        open.add(s);
        return s;
    }

    private Jedis jedis(RediscoverServer s) {
        Jedis j = new Jedis(s.host(), s.port(), 10_000);
        open.add(j);
        return j;
    }

    @Test
    void fullSyncThenStreamKeepsTheDatasetsEqual() {
        for (String diskless : new String[] {"yes", "no"}) {
            RediscoverServer m = server("--repl-diskless-sync", diskless);
            RediscoverServer r = server();
            Jedis jm = jedis(m), jr = jedis(r);
            Datasets.writeLoad(jm, random, 500);
            assertThat(jr.replicaof(m.host(), m.port())).isEqualTo("OK");
            awaitSynced(jm, jr);
            Datasets.writeLoad(jm, random, 500);
            awaitSynced(jm, jr);
            assertThat(dump(jr, 3)).isEqualTo(dump(jm, 3)).isNotEmpty();
            assertThat(info(jm, "sync_full")).isEqualTo("1");
            assertThat(info(jm, "sync_partial_err")).isEqualTo("1");   // the replica first offers its own ID
        }
    }

    @Test
    void replicaRefusesClientWritesButAppliesTheMasters() {
        RediscoverServer m = server();
        RediscoverServer r = server();
        Jedis jm = jedis(m), jr = jedis(r);
        jr.replicaof(m.host(), m.port());
        jm.set("a", "1");
        awaitSynced(jm, jr);
        assertThatThrownBy(() -> jr.set("a", "2")).isInstanceOf(JedisDataException.class)
                .hasMessage("READONLY You can't write against a read only replica.");
        assertThat(jr.get("a")).isEqualTo("1");
        assertThat(jr.replicaof(m.host(), m.port())).isEqualTo("OK Already connected to specified master");
        assertThatThrownBy(() -> jr.waitReplicas(1, 0)).hasMessageStartingWith("ERR WAIT cannot be used with replica instances.");
        jr.configSet("replica-read-only", "no");
        assertThat(jr.set("local", "x")).isEqualTo("OK");
    }

    @Test
    void partialResyncAfterTheLinkIsKilled() {
        RediscoverServer m = server();
        RediscoverServer r = server();
        Jedis jm = jedis(m), jr = jedis(r);
        jr.replicaof(m.host(), m.port());
        Datasets.writeLoad(jm, random, 200);
        awaitSynced(jm, jr);
        String replid = info(jm, "master_replid");
        jr.clientKill(redis.clients.jedis.params.ClientKillParams.clientKillParams().type(redis.clients.jedis.args.ClientType.MASTER));
        Datasets.writeLoad(jm, random, 200);
        awaitSynced(jm, jr);
        assertThat(info(jm, "sync_partial_ok")).isEqualTo("1");
        assertThat(info(jm, "sync_full")).isEqualTo("1");
        assertThat(info(jr, "master_replid")).isEqualTo(replid);
        assertThat(dump(jr, 3)).isEqualTo(dump(jm, 3));
        // And from the master's side: kill the replica's connection.
        jm.clientKill(redis.clients.jedis.params.ClientKillParams.clientKillParams().type(redis.clients.jedis.args.ClientType.REPLICA));
        Datasets.writeLoad(jm, random, 200);
        awaitSynced(jm, jr);
        assertThat(info(jm, "sync_partial_ok")).isEqualTo("2");
        assertThat(dump(jr, 3)).isEqualTo(dump(jm, 3));
    }

    @Test
    void aBacklogTooSmallMeansAFullResync() {
        RediscoverServer m = server("--repl-backlog-size", "16kb");
        RediscoverServer r = server();
        Jedis jm = jedis(m), jr = jedis(r);
        jr.replicaof(m.host(), m.port());
        awaitSynced(jm, jr);
        jr.replicaofNoOne();
        for (int i = 0; i < 100; i++) jm.set("big" + i, "x".repeat(1000));
        jr.replicaof(m.host(), m.port());
        awaitSynced(jm, jr);
        assertThat(info(jm, "sync_full")).isEqualTo("2");
        assertThat(Long.parseLong(info(jm, "repl_backlog_histlen"))).isEqualTo(16 * 1024);
        assertThat(dump(jr, 1)).isEqualTo(dump(jm, 1));
    }

    @Test
    void aPromotedReplicaLetsTheOtherContinuePartially() {
        RediscoverServer m = server();
        RediscoverServer r1 = server();
        RediscoverServer r2 = server();
        Jedis jm = jedis(m), j1 = jedis(r1), j2 = jedis(r2);
        j1.replicaof(m.host(), m.port());
        j2.replicaof(m.host(), m.port());
        Datasets.writeLoad(jm, random, 300);
        awaitSynced(jm, j1);
        awaitSynced(jm, j2);
        String oldId = info(jm, "master_replid");
        long offset = Long.parseLong(info(jm, "master_repl_offset"));
        assertThat(j1.replicaofNoOne()).isEqualTo("OK");
        assertThat(info(j1, "role")).isEqualTo("master");
        assertThat(info(j1, "master_replid2")).isEqualTo(oldId);
        assertThat(info(j1, "second_repl_offset")).isEqualTo(Long.toString(offset + 1));
        j2.replicaof(r1.host(), r1.port());
        Datasets.writeLoad(j1, random, 300);
        awaitSynced(j1, j2);
        assertThat(info(j1, "sync_partial_ok")).isEqualTo("1");
        assertThat(info(j1, "sync_full")).isEqualTo("0");
        assertThat(info(j2, "master_replid")).isEqualTo(info(j1, "master_replid"));
        assertThat(dump(j2, 3)).isEqualTo(dump(j1, 3));
    }

    @Test
    void aChainedReplicaGetsItsMastersStream() {
        RediscoverServer m = server();
        RediscoverServer r1 = server();
        RediscoverServer r2 = server();
        Jedis jm = jedis(m), j1 = jedis(r1), j2 = jedis(r2);
        j1.replicaof(m.host(), m.port());
        awaitSynced(jm, j1);
        j2.replicaof(r1.host(), r1.port());
        Datasets.writeLoad(jm, random, 500);
        awaitSynced(jm, j1);
        awaitSynced(j1, j2);
        assertThat(info(j2, "master_repl_offset")).isEqualTo(info(jm, "master_repl_offset"));
        assertThat(info(j2, "master_replid")).isEqualTo(info(jm, "master_replid"));
        assertThat(dump(j2, 3)).isEqualTo(dump(jm, 3));
    }

    @Test
    void waitCountsTheReplicasThatAcknowledged() {
        ManualClock clock = new ManualClock();
        RediscoverServer m = server(clock);
        RediscoverServer r = server();
        Jedis jm = jedis(m), jr = jedis(r);
        assertThat(jm.waitReplicas(0, 0)).isEqualTo(0);
        jr.replicaof(m.host(), m.port());
        awaitSynced(jm, jr);
        jm.set("w", "1");
        assertThat(jm.waitReplicas(1, 0)).isEqualTo(1);
        // Two replicas asked, one exists: WAIT blocks until its timeout on the master's clock.
        jm.set("w", "2");
        long offset = Long.parseLong(info(jm, "master_repl_offset"));
        CompletableFuture<Long> two = CompletableFuture.supplyAsync(() -> jm.waitReplicas(2, 5000));
        awaitTrue(() -> m.onLoop(s -> s.blocking.blockedClients()) == 1, "WAIT to block");
        // WAIT sent REPLCONF GETACK: wait for the answer before letting the time run out.
        Jedis other = jedis(m);
        awaitTrue(() -> ackedOffset(other) >= offset, "the replica's ACK");
        clock.advanceMillis(6000);
        assertThat(two.join()).isEqualTo(1);
        assertThatThrownBy(() -> jm.sendCommand(redis.clients.jedis.Protocol.Command.WAIT, "1", "-1"))
                .hasMessage("ERR timeout is negative");
    }

    /**
     * The guarantee WAIT gives (issue 7, "reliability"): once WAIT says a replica has a write, a
     * read from that replica never returns anything older, even while other clients keep the
     * master busy. Each round INCRs a counter, WAITs for the replica, and reads it there.
     */
    @Test
    void aReplicaNeverServesAValueOlderThanWhatWaitAcknowledged() throws Exception {
        RediscoverServer m = server();
        RediscoverServer r = server();
        Jedis jm = jedis(m), jr = jedis(r);
        jr.replicaof(m.host(), m.port());
        awaitSynced(jm, jr);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Integer> load = CompletableFuture.supplyAsync(() -> {
            int n = 0;
            try (Jedis writer = new Jedis(m.host(), m.port(), 10_000)) {
                while (!stop.get()) {
                    redis.clients.jedis.Pipeline p = writer.pipelined();
                    for (int i = 0; i < 50; i++) p.set("load:" + random.nextInt(10_000), Integer.toString(n++));
                    p.sync();
                }
            }
            return n;
        });
        try {
            for (int round = 0; round < 300; round++) {
                long acked = jm.incr("counter");
                assertThat(jm.waitReplicas(1, 10_000)).as("WAIT in round %d", round).isEqualTo(1);
                String seen = jr.get("counter");
                assertThat(seen).as("the replica's counter right after WAIT acknowledged %d", acked).isNotNull();
                assertThat(Long.parseLong(seen)).as("the replica's counter after WAIT").isGreaterThanOrEqualTo(acked);
            }
        } finally {
            stop.set(true);
        }
        assertThat(load.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("writes of the concurrent load").isGreaterThan(0);
    }

    private static long ackedOffset(Jedis j) {
        String s = info(j, "slave0");
        if (s == null) return -1;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("offset=(\\d+)").matcher(s);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    void minReplicasToWrite() {
        ManualClock clock = new ManualClock();
        ManualClock replicaClock = new ManualClock();
        RediscoverServer m = server(clock, "--min-replicas-to-write", "1", "--min-replicas-max-lag", "10");
        RediscoverServer r = server(replicaClock);
        Jedis jm = jedis(m), jr = jedis(r);
        assertThatThrownBy(() -> jm.set("a", "1")).hasMessage("NOREPLICAS Not enough good replicas to write.");
        assertThat(jm.get("a")).isNull();                        // reads are fine
        jr.replicaof(m.host(), m.port());
        // Online once its first ACK came back (a diskless sync waits for it).
        awaitTrue(() -> String.valueOf(info(jm, "slave0")).contains("state=online"), "the replica");
        assertThat(jm.set("a", "1")).isEqualTo("OK");
        assertThat(info(jm, "min_slaves_good_slaves")).isEqualTo("1");
        // The ACK that ends the sync must be in first, or it would arrive after the jump and count.
        awaitTrue(() -> jm.info("replication").contains(",state=online,"), "the replica's first ACK");
        clock.advanceMillis(11_000);                             // the replica's clock stands: no ACK
        assertThatThrownBy(() -> jm.set("a", "2")).hasMessage("NOREPLICAS Not enough good replicas to write.");
    }

    @Test
    void aReplicaHidesExpiredKeysButDeletesThemOnlyWhenTheMasterSays() {
        ManualClock masterClock = new ManualClock(), replicaClock = new ManualClock(masterClock.millis());
        RediscoverServer m = server(masterClock);
        RediscoverServer r = server(replicaClock);
        Jedis jm = jedis(m), jr = jedis(r);
        jm.configSet("hz", "100");
        jr.replicaof(m.host(), m.port());
        jm.psetex("e", 1000, "v");
        awaitSynced(jm, jr);
        assertThat(jr.get("e")).isEqualTo("v");
        replicaClock.advanceMillis(2000);
        assertThat(jr.get("e")).isNull();
        assertThat(jr.dbSize()).isEqualTo(1);                    // hidden, not deleted
        masterClock.advanceMillis(2000);
        assertThat(jm.get("e")).isNull();                        // the master deletes: DEL goes out
        awaitSynced(jm, jr);
        assertThat(jr.dbSize()).isZero();
    }

    @Test
    void infoRoleAndClientListDescribeBothSides() {
        RediscoverServer m = server("--requirepass", "sesame");
        RediscoverServer r = server("--masterauth", "sesame");
        Jedis jm = jedis(m), jr = jedis(r);
        jm.auth("sesame");
        jr.replicaof(m.host(), m.port());
        awaitSynced(jm, jr);
        jm.set("x", "y");
        awaitSynced(jm, jr);
        assertThat(jr.get("x")).isEqualTo("y");
        String minfo = jm.info("replication");
        assertThat(minfo).contains("role:master\r\nconnected_slaves:1\r\nslave0:ip=127.0.0.1,port=" + r.port() + ",state=online,offset=")
                .contains("repl_backlog_active:1");
        String rinfo = jr.info("replication");
        assertThat(rinfo).contains("role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:" + m.port() + "\r\nmaster_link_status:up\r\n")
                .contains("master_sync_in_progress:0").contains("slave_read_only:1").contains("slave_priority:100");
        List<Object> role = jr.role();
        assertThat(role.get(0)).isEqualTo("slave");
        assertThat(role.get(3)).isEqualTo("connected");
        List<Object> mrole = jm.role();
        assertThat(mrole.get(0)).isEqualTo("master");
        assertThat(jm.clientList()).contains("flags=S");
        assertThat(jr.clientList()).contains("flags=M");
        assertThat(jr.configGet("replicaof").get("replicaof")).isEqualTo("127.0.0.1 " + m.port());
        assertThat(jr.replicaofNoOne()).isEqualTo("OK");
        assertThat(jr.configGet("replicaof").get("replicaof")).isEmpty();
        assertThat(jr.role().get(0)).isEqualTo("master");
        awaitTrue(() -> "0".equals(info(jm, "connected_slaves")), "the replica to leave");
    }

    @Test
    void replicaofInTheConfigurationAndAMasterUser() {
        RediscoverServer m = server("--requirepass", "pw");
        RediscoverServer r = server("--replicaof", "127.0.0.1 " + m.port(), "--masteruser", "default", "--masterauth", "pw");
        Jedis jm = jedis(m), jr = jedis(r);
        jm.auth("pw");
        jm.set("from-config", "1");
        awaitSynced(jm, jr);
        assertThat(jr.get("from-config")).isEqualTo("1");
        assertThat(jr.configGet("replicaof").get("replicaof")).isEqualTo("127.0.0.1 " + m.port());
    }

    @Test
    void aWrongMasterPasswordKeepsTheLinkDown() {
        RediscoverServer m = server("--requirepass", "pw");
        RediscoverServer r = server("--masterauth", "wrong");
        Jedis jr = jedis(r);
        jr.replicaof(m.host(), m.port());
        awaitTrue(() -> "connect".equals(jr.role().get(3)) || "connecting".equals(jr.role().get(3)), "a failed handshake");
        assertThat(info(jr, "master_link_status")).isEqualTo("down");
        assertThat((Long) jr.role().get(4)).isEqualTo(-1L);
    }

    @Test
    void theMasterPingsItsReplicasEveryPeriod() {
        ManualClock clock = new ManualClock();
        RediscoverServer m = server(clock, "--repl-ping-replica-period", "5");
        RediscoverServer r = server();
        Jedis jm = jedis(m), jr = jedis(r);
        jr.replicaof(m.host(), m.port());
        awaitSynced(jm, jr);
        long before = Long.parseLong(info(jm, "master_repl_offset"));
        clock.advanceMillis(5_000);
        awaitTrue(() -> Long.parseLong(info(jm, "master_repl_offset")) == before + "*1\r\n$4\r\nPING\r\n".length(), "a PING in the stream");
        awaitSynced(jm, jr);
    }

    /** Sentinel reads it to skip replicas cut off too long: failed reconnections must not reset it. */
    @Test
    void masterLinkDownSinceCountsFromTheLossNotFromTheLastRetry() throws Exception {
        ManualClock replicaClock = new ManualClock();
        RediscoverServer m = RediscoverServer.start();
        RediscoverServer r = server(replicaClock);
        Jedis jr = jedis(r);
        assertThat(jr.info("replication")).doesNotContain("master_link_down_since_seconds");
        jr.replicaof(m.host(), m.port());
        try (Jedis jm = new Jedis(m.host(), m.port(), 10_000)) {
            jm.set("a", "1");
            awaitSynced(jm, jr);
        }
        m.close();                                               // the master is gone; retries fail
        awaitTrue(() -> "down".equals(info(jr, "master_link_status")), "the link to drop");
        assertThat(info(jr, "master_link_down_since_seconds")).isEqualTo("0");
        for (int i = 0; i < 20; i++) {                           // 5 s of failed retries
            replicaClock.advanceMillis(250);
            Thread.sleep(5);
        }
        assertThat(info(jr, "master_link_down_since_seconds")).isEqualTo("5");
    }

    @Test
    void aSilentMasterTimesOutAndTheReplicaResyncsPartially() {
        ManualClock replicaClock = new ManualClock();
        RediscoverServer m = server();
        RediscoverServer r = server(replicaClock, "--repl-timeout", "30");
        Jedis jm = jedis(m), jr = jedis(r);
        jr.replicaof(m.host(), m.port());
        jm.set("a", "1");
        awaitSynced(jm, jr);
        replicaClock.advanceMillis(31_000);                      // nothing heard for 31 s
        awaitTrue(() -> "1".equals(info(jm, "sync_partial_ok")), "the replica to reconnect");
        jm.set("a", "2");
        awaitSynced(jm, jr);
        assertThat(jr.get("a")).isEqualTo("2");
        assertThat(info(jm, "sync_full")).isEqualTo("1");
    }

    @Test
    void replicaofAndReplconfErrors() {
        Jedis j = jedis(server());
        assertThatThrownBy(() -> j.sendCommand(redis.clients.jedis.Protocol.Command.REPLICAOF, "127.0.0.1", "abc"))
                .hasMessage("ERR Invalid master port");
        assertThatThrownBy(() -> j.sendCommand(redis.clients.jedis.Protocol.Command.SLAVEOF, "127.0.0.1", "70000"))
                .hasMessage("ERR Invalid master port");
        assertThatThrownBy(() -> j.sendCommand(REPLCONF, "foo", "bar"))
                .hasMessage("ERR Unrecognized REPLCONF option: foo");
        assertThatThrownBy(() -> j.sendCommand(REPLCONF, "foo"))
                .hasMessage("ERR syntax error");
        assertThat(j.replicaofNoOne()).isEqualTo("OK");
    }
}
