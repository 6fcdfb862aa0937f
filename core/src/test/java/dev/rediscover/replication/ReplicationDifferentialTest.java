/*
 * Interoperability with a real redis-server 7.0, both ways, under a write load of every data type:
 * a redis-server replicating from the engine, the engine replicating from a redis-server (both
 * RDB transfer forms), and a chain redis -> engine -> redis. Each time the link is also killed
 * mid-stream from either end, and the replica must come back with a partial resync
 * (sync_partial_ok on its master) and end with the same dataset (a logical dump of every key).
 *
 * Runs only with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.replication;

import dev.rediscover.differential.RealRedis;
import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

import java.util.Random;

import static dev.rediscover.replication.Datasets.awaitSynced;
import static dev.rediscover.replication.Datasets.dump;
import static dev.rediscover.replication.Datasets.info;
import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class ReplicationDifferentialTest {
    private final Random random = new Random();

    @Test
    void redisServerReplicatesFromTheEngine() throws Exception {
        for (String diskless : new String[] {"yes", "no"}) {
            try (RediscoverServer engine = RediscoverServer.start("--repl-diskless-sync", diskless);
                 RealRedis real = RealRedis.start();
                 Jedis jm = new Jedis("127.0.0.1", engine.port(), 10_000);
                 Jedis jr = new Jedis("127.0.0.1", real.port(), 10_000)) {
                Datasets.writeLoad(jm, random, 1000);
                jr.replicaof("127.0.0.1", engine.port());
                Datasets.writeLoad(jm, random, 1000);         // while the sync runs
                awaitSynced(jm, jr);
                assertThat(dump(jr, 3)).isEqualTo(dump(jm, 3)).hasSizeGreaterThan(100);

                jr.clientKill(ClientKillParams.clientKillParams().type(ClientType.MASTER));
                Datasets.writeLoad(jm, random, 500);
                awaitSynced(jm, jr);
                jm.clientKill(ClientKillParams.clientKillParams().type(ClientType.REPLICA));
                Datasets.writeLoad(jm, random, 500);
                awaitSynced(jm, jr);
                assertThat(info(jm, "sync_full")).isEqualTo("1");
                assertThat(info(jm, "sync_partial_ok")).isEqualTo("2");
                assertThat(dump(jr, 3)).isEqualTo(dump(jm, 3));
                // WAIT is answered through the real replica's REPLCONF ACK.
                jm.set("waited", "1");
                assertThat(jm.waitReplicas(1, 5000)).isEqualTo(1);
                assertThat(jr.get("waited")).isEqualTo("1");
            }
        }
    }

    @Test
    void theEngineReplicatesFromRedisServer() throws Exception {
        for (String diskless : new String[] {"yes", "no"}) {
            try (RealRedis real = RealRedis.start("--repl-diskless-sync", diskless, "--repl-diskless-sync-delay", "0");
                 RediscoverServer engine = RediscoverServer.start();
                 Jedis jm = new Jedis("127.0.0.1", real.port(), 10_000);
                 Jedis jr = new Jedis("127.0.0.1", engine.port(), 10_000)) {
                Datasets.writeLoad(jm, random, 1000);
                jr.replicaof("127.0.0.1", real.port());
                Datasets.writeLoad(jm, random, 1000);
                awaitSynced(jm, jr);
                assertThat(dump(jr, 3)).isEqualTo(dump(jm, 3)).hasSizeGreaterThan(100);

                jr.clientKill(ClientKillParams.clientKillParams().type(ClientType.MASTER));
                Datasets.writeLoad(jm, random, 500);
                awaitSynced(jm, jr);
                jm.clientKill(ClientKillParams.clientKillParams().type(ClientType.REPLICA));
                Datasets.writeLoad(jm, random, 500);
                awaitSynced(jm, jr);
                assertThat(info(jm, "sync_full")).isEqualTo("1");
                assertThat(info(jm, "sync_partial_ok")).isEqualTo("2");
                assertThat(dump(jr, 3)).isEqualTo(dump(jm, 3));
                jm.set("waited", "1");
                assertThat(jm.waitReplicas(1, 5000)).isEqualTo(1);   // the engine answers GETACK
            }
        }
    }

    @Test
    void aChainThroughTheEngine() throws Exception {
        try (RealRedis top = RealRedis.start("--repl-diskless-sync-delay", "0");
             RediscoverServer middle = RediscoverServer.start();
             RealRedis bottom = RealRedis.start();
             Jedis jt = new Jedis("127.0.0.1", top.port(), 10_000);
             Jedis jm = new Jedis("127.0.0.1", middle.port(), 10_000);
             Jedis jb = new Jedis("127.0.0.1", bottom.port(), 10_000)) {
            Datasets.writeLoad(jt, random, 500);
            jm.replicaof("127.0.0.1", top.port());
            awaitSynced(jt, jm);
            Datasets.writeLoad(jt, random, 300);
            jb.replicaof("127.0.0.1", middle.port());
            Datasets.writeLoad(jt, random, 500);
            awaitSynced(jt, jm);
            awaitSynced(jm, jb);
            assertThat(info(jb, "master_replid")).isEqualTo(info(jt, "master_replid"));
            assertThat(dump(jb, 3)).isEqualTo(dump(jt, 3));
            // Promote the middle: the bottom continues with it partially (PSYNC2, replid2).
            jm.replicaofNoOne();
            Datasets.writeLoad(jm, random, 300);
            awaitSynced(jm, jb);
            assertThat(info(jm, "sync_partial_ok")).isEqualTo("1");
            assertThat(info(jb, "master_replid")).isEqualTo(info(jm, "master_replid"));
            assertThat(dump(jb, 3)).isEqualTo(dump(jm, 3));
        }
    }
}
