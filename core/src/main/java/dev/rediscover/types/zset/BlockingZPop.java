/*
 * BZPOPMIN, BZPOPMAX and BZMPOP: the pops that wait for data (Redis: blockingGenericZpopCommand
 * in t_zset.c, and blocked.c for the waiting).
 *
 *   BZPOPMIN key [key ...] timeout                     -> [key, member, score]
 *   BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count]   -> [key, [[member, score], ...]]
 *
 * The first key (in argument order) holding a non-empty sorted set is popped at once, exactly like
 * ZPOPMIN/ZMPOP. Only when all are empty does the client wait, parked with the server's blocking
 * subsystem (dev.rediscover.blocking, the one BLPOP uses): first-come first-served per key, woken
 * by any write to one of its keys (ZADD, ZINCRBY, ZUNIONSTORE, RENAME, ... all reach
 * Blocking.keyModified through the keyspace), timed out on the server's Clock. Inside MULTI it
 * may not wait and answers the nil array at once, as in Redis. BlockedZPop (below) finishes the
 * command when a key gets members — Redis's serveClientsBlockedOnSortedSetKey.
 *
 * The timeout is read by the one parser every blocking command shares, Blocking.parseTimeout
 * (Redis: getTimeoutFromObjectOrReply). BZMPOP reads it after its other arguments, as Redis does,
 * so a syntax error wins over a bad timeout.
 */
package dev.rediscover.types.zset;

import dev.rediscover.propagation.Propagation;
import dev.rediscover.blocking.Blocking;
import dev.rediscover.blocking.Wakeup;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.KeySpec;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.Arrays;

public final class BlockingZPop {
    private BlockingZPop() {}

    static void register(Server server) {
        CommandTable t = server.commands;
        String cost = "O(log(N)) with N being the number of elements in the sorted set.";
        t.add("bzpopmin", -3, BlockingZPop::bzpopmin).flags("write noscript blocking fast").keySpec(KeySpec.at(1).range(-2, 1, 0).flags("RW access delete")).group("sorted_set")
                .doc("Pops the lowest scoring member of the first non-empty sorted set, waiting for one if none has any.", "5.0.0", cost);
        t.add("bzpopmax", -3, BlockingZPop::bzpopmax).flags("write noscript blocking fast").keySpec(KeySpec.at(1).range(-2, 1, 0).flags("RW access delete")).group("sorted_set")
                .doc("Pops the highest scoring member of the first non-empty sorted set, waiting for one if none has any.", "5.0.0", cost);
        t.add("bzmpop", -5, BlockingZPop::bzmpop).flags("write blocking").keySpec(KeySpec.at(2).keynum(0, 1, 1).flags("RW access delete")).group("sorted_set")
                .doc("Pops members from the first non-empty sorted set of several keys, waiting for one if all are empty.", "7.0.0", "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.");
    }

    static void bzpopmin(Client c) { bzpop(c, false); }

    static void bzpopmax(Client c) { bzpop(c, true); }

    private static void bzpop(Client c, boolean max) {
        long deadline = Blocking.parseTimeout(c, c.argv[c.argc - 1]);
        pop(c, Arrays.copyOfRange(c.argv, 1, c.argc - 1), max, -1, deadline);
    }

    /** BZMPOP timeout numkeys key [key ...] MIN | MAX [COUNT count] */
    static void bzmpop(Client c) {
        SortedSetCommands.MPopArgs a = SortedSetCommands.MPopArgs.parse(c, 2);
        long deadline = Blocking.parseTimeout(c, c.argv[1]);
        pop(c, Arrays.copyOfRange(c.argv, a.firstKey, a.firstKey + a.numKeys), a.max, a.count, deadline);
    }

    /** Pop from the first non-empty key now, else wait (count -1: BZPOPMIN's reply shape). */
    private static void pop(Client c, byte[][] keys, boolean max, long count, long deadline) {
        for (byte[] key : keys) {
            SortedSet z = SortedSetCommands.lookupWrite(c, key);
            if (z == null) continue;
            serve(c, key, z, max, count);
            return;
        }
        if (!c.server.blocking.mayBlock(c)) {
            c.reply.nullArray();
            return;
        }
        c.server.blocking.block(c, keys, deadline, new BlockedZPop(max, count));
    }

    /** Pop and reply: [key, member, score] for BZPOPMIN/MAX, [key, [[m, s], ...]] for BZMPOP. */
    private static void serve(Client c, byte[] key, SortedSet z, boolean max, long count) {
        byte[] op = max ? SortedSetCommands.ZPOPMAX : SortedSetCommands.ZPOPMIN;
        if (count != -1) {
            ScoredMembers popped = SortedSetCommands.popAndNotify(c, key, z, max, count);
            Propagation.effect(c, op, key, Propagation.bytes(popped.size()));   // never the blocking form
            SortedSetCommands.replyMPop(c, key, popped);
            return;
        }
        ScoredMembers popped = SortedSetCommands.popAndNotify(c, key, z, max, 1);
        Propagation.effect(c, op, key);
        c.reply.arrayHeader(3);
        c.reply.bulk(key);
        c.reply.bulk(popped.member(0));
        c.reply.doubleReply(popped.score(0));
    }

    /**
     * A client parked by BZPOPMIN/BZPOPMAX/BZMPOP. It is served in the database it blocked in,
     * which is the client's own (a blocked client runs nothing else), so c.db is that database.
     */
    static final class BlockedZPop implements Wakeup {
        private final boolean max;
        private final long count;

        BlockedZPop(boolean max, long count) {
            this.max = max;
            this.count = count;
        }

        @Override
        public boolean tryServe(Client c, Database db, byte[] key) {
            RedisObject o = db.lookup(key);
            if (o == null || !(o.value instanceof SortedSet z) || z.size() == 0) return false;
            serve(c, key, z, max, count);
            return true;
        }

        @Override
        public void timedOut(Client c) { c.reply.nullArray(); }
    }
}
