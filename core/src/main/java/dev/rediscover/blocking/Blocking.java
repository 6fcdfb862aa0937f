/*
 * Blocking commands (BLPOP, BLMOVE, BLMPOP, ...) without a thread per client: a blocked client
 * is simply parked. Redis does it the same way (blocked.c): the client gets the BLOCKED flag, the
 * event loop stops running its pipeline (EventLoop.processInput checks the flag), and the client
 * is remembered in a per-database map  key -> FIFO of clients waiting on that key.
 *
 *   block()            park the client on its keys, with an optional deadline
 *   keyModified()      a write touched a key somebody waits on: remember it as "ready"
 *                      (Redis: signalKeyAsReady, called from dbAdd; we hear of every change
 *                      through Keyspace.Listener, so LPUSH, LMOVE, RENAME, COPY, MOVE, SORT STORE
 *                      and EXEC all wake waiters without knowing about them)
 *   serveReadyKeys()   for each ready key, offer it to its waiters first-come first-served
 *                      (Redis: handleClientsBlockedOnKeys). Runs right after each command, as
 *                      in Redis's processCommand, and again in beforeSleep.
 *   unblock()          forget the client's wait; its remaining pipelined commands run in
 *                      beforeSleep (Redis: the unblocked_clients list, processUnblockedClients)
 *
 * Timeouts. A deadline is a time on the server's Clock, so a test with a ManualClock decides
 * when clients time out. Two things look at the deadlines: a one-shot loop timer per blocked
 * client set for its (real-time) delay, which makes timeouts prompt with the system clock, and
 * the server cron (every 1000/hz ms), which catches deadlines a moved ManualClock has passed.
 * A client times out once the clock is strictly past its deadline, as in Redis
 * (handleBlockedClientsTimeout).
 *
 * Transactions (lab 10) and scripts must never block: mayBlock() is the hook, checked by every
 * blocking command, which then answers as if it had timed out at once (Redis:
 * CLIENT_DENY_BLOCKING). Serving is also held back while a MULTI client is executing, so an EXEC
 * that pushes wakes waiters only after the whole transaction ran, as in Redis.
 */
package dev.rediscover.blocking;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Dict;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.lab.Lab;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;
import dev.rediscover.types.string.LongDouble;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

public final class Blocking implements Keyspace.Listener {
    static final String NOT_FLOAT = "ERR timeout is not a float or out of range";
    static final String NEGATIVE = "ERR timeout is negative";
    static final String UNBLOCKED = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    /** A key that was written while somebody waited on it (Redis: readyList). */
    private record ReadyKey(Database db, byte[] key) {}

    private final Server server;
    /** Per database: key -> clients waiting on it, oldest first (Redis: db->blocking_keys). */
    private final List<Dict<ArrayDeque<Client>>> waiting = new ArrayList<>();
    /** Per database: keys already in `ready`, so each is queued once (Redis: db->ready_keys). */
    private final List<Dict<Boolean>> readySet = new ArrayList<>();
    private List<ReadyKey> ready = new ArrayList<>();
    private final TreeSet<BlockedState> deadlines = new TreeSet<>();
    private List<Client> unblocked = new ArrayList<>();
    private int blockedCount;
    private boolean serving;

    public Blocking(Server server) {
        this.server = server;
        for (int i = 0; i < server.keyspace.count(); i++) {
            waiting.add(new Dict<>());
            readySet.add(new Dict<>());
        }
        server.keyspace.addListener(this);
        server.dispatcher.addObserver(this::afterCommand);
        server.onBeforeSleep(this::beforeSleep);
        server.onCron(this::cronCheck);
        server.onClientClosed(this::clientClosed);
    }

    /** Number of clients blocked right now (INFO clients: blocked_clients). */
    public int blockedClients() { return blockedCount; }

    /** Blocked clients that have a deadline (INFO clients: clients_in_timeout_table). */
    public int clientsWithTimeout() { return deadlines.size(); }

    /** Keys with at least one waiter, over all databases (INFO: total_blocking_keys). */
    public int blockingKeys() {
        int n = 0;
        for (Dict<ArrayDeque<Client>> d : waiting) n += d.size();
        return n;
    }

    /**
     * May this client block? Not inside MULTI/EXEC (lab 10) — and later not from a script: the
     * command must then answer as if its timeout had already passed (Redis: CLIENT_DENY_BLOCKING).
     */
    public boolean mayBlock(Client c) {
        return !c.has(Client.MULTI) && !c.has(Client.FAKE);
    }

    // ---------------------------------------------------------------- timeouts

    /**
     * Parse a blocking command's timeout in seconds (a float) into a deadline on the server clock,
     * 0 meaning "forever" (Redis: getTimeoutFromObjectOrReply with UNIT_SECONDS). Redis reads it
     * with strtold, multiplies by 1000 and rounds up (ceill), then casts to long long: so 0.0001
     * waits 1 ms, -0.0001 rounds to 0 and waits forever, and anything that overflows a long
     * (inf, 1e16) turns negative through the x86 cast and is refused as negative.
     */
    public static long parseTimeout(Client c, byte[] arg) {
        long ms = timeoutMillis(arg);
        if (ms == 0) return 0;
        long now = c.server.clock.millis();
        return ms > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + ms;
    }

    /** The timeout in milliseconds, exactly as Redis computes it, or the Redis error. */
    static long timeoutMillis(byte[] arg) {
        long whole = Args.parseLongOr(arg, 0, arg.length, Long.MIN_VALUE);
        if (whole != Long.MIN_VALUE && whole >= 0 && whole < 1_000_000_000_000_000L) return whole * 1000;
        if (whole != Long.MIN_VALUE && whole < 0) throw new RedisException(NEGATIVE);
        LongDouble v = LongDouble.parse(arg);
        if (v == LongDouble.INVALID) throw new RedisException(NOT_FLOAT);
        if (v.isInfinite()) throw new RedisException(NEGATIVE);   // (long long) of inf is LLONG_MIN
        BigDecimal product = v.toBigDecimal().multiply(BigDecimal.valueOf(1000));
        BigDecimal up = product.setScale(0, RoundingMode.CEILING);
        if (product.signum() > 0 && up.compareTo(product) != 0 && roundsToFloor(product, up)) {
            up = up.subtract(BigDecimal.ONE);
        }
        if (up.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || up.signum() < 0) {
            throw new RedisException(NEGATIVE);
        }
        return up.longValueExact();
    }

    /**
     * Would ftval * 1000.0, rounded to a long double's 64-bit significand, lose its fraction?
     * Only for products of 2^53 and more; the exact ceiling would then be one too many.
     */
    private static boolean roundsToFloor(BigDecimal product, BigDecimal up) {
        BigInteger floor = up.toBigInteger().subtract(BigInteger.ONE);
        int lost = floor.bitLength() - 64;      // the significand's last bit weighs 2^lost
        if (lost < -60) return false;
        BigDecimal halfUlp = lost - 1 >= 0
                ? new BigDecimal(BigInteger.ONE.shiftLeft(lost - 1))
                : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(1 - lost)));
        return product.subtract(new BigDecimal(floor)).compareTo(halfUlp) < 0;
    }

    // ---------------------------------------------------------------- parking

    /**
     * Park c on keys until one of them is served to it, its deadline (clock ms; 0 = never)
     * passes, it is unblocked by CLIENT UNBLOCK, or it disconnects (Redis: blockForKeys).
     * The keys array is kept: pass a copy, not a slice of c.argv.
     */
    // tag::block[]
    @Lab(5)
    public void block(Client c, byte[][] keys, long deadline, Wakeup wakeup) {
        BlockedState st = new BlockedState(c, c.db, keys, deadline, wakeup);
        Dict<ArrayDeque<Client>> byKey = waiting.get(c.db.id);
        for (byte[] key : keys) {
            ArrayDeque<Client> q = byKey.get(key);
            if (q == null) {
                q = new ArrayDeque<>(4);
                byKey.put(key, q);
            }
            if (!q.contains(c)) q.addLast(c);   // BLPOP k k waits once on k
        }
        c.attach(BlockedState.class, st);
        c.flags |= Client.BLOCKED;
        blockedCount++;
        if (deadline != 0) {
            deadlines.add(st);
            long delay = deadline - server.clock.millis();
            server.loop().after(Math.max(0, Math.min(delay, Integer.MAX_VALUE)) + 1, this::checkTimeouts);
        }
    }
    // end::block[]

    /**
     * Forget c's wait: off every key's queue and the deadline set; its BLOCKED flag goes and its
     * pipelined commands run in beforeSleep (Redis: unblockClient, queueClientForReprocessing).
     */
    // tag::unblock[]
    @Lab(5)
    public void unblock(Client c) {
        BlockedState st = c.attachment(BlockedState.class);
        if (st == null) return;
        forget(st);
        unblocked.add(c);
    }
    // end::unblock[]

    private void forget(BlockedState st) {
        Client c = st.client;
        Dict<ArrayDeque<Client>> byKey = waiting.get(st.db.id);
        for (byte[] key : st.keys) {
            ArrayDeque<Client> q = byKey.get(key);
            if (q == null) continue;
            q.remove(c);
            if (q.isEmpty()) byKey.remove(key);
        }
        if (st.deadline != 0) deadlines.remove(st);
        c.attach(BlockedState.class, null);
        c.flags &= ~Client.BLOCKED;
        blockedCount--;
    }

    /** A blocked client hung up: it just stops waiting, nobody is answered (Redis: freeClient). */
    private void clientClosed(Client c) {
        BlockedState st = c.attachment(BlockedState.class);
        if (st != null) forget(st);
    }

    /**
     * CLIENT UNBLOCK id [TIMEOUT|ERROR]: wake a blocked client as if it had timed out, or with
     * an -UNBLOCKED error. Answers whether a blocked client with that id was found.
     */
    public boolean unblockById(long id, boolean withError) {
        Client target = server.client(id);
        if (target == null) return false;
        BlockedState st = target.attachment(BlockedState.class);
        if (st == null) return false;
        if (withError) target.reply.error(UNBLOCKED);
        else st.wakeup.timedOut(target);
        unblock(target);
        return true;
    }

    // ---------------------------------------------------------------- waking up

    /** Keyspace.Listener: a key changed; if somebody waits on it, it is ready to be looked at. */
    @Override
    public void keyModified(Database db, byte[] key) {
        if (blockedCount == 0) return;
        signalReady(db, key);
    }

    /** SWAPDB (and FLUSHDB) change a whole database: every waited key in it may be ready now. */
    @Override
    public void databaseChanged(int dbId) {
        if (blockedCount == 0) return;
        Database db = server.keyspace.db(dbId);
        List<byte[]> keys = new ArrayList<>();
        waiting.get(dbId).forEach(e -> keys.add(e.key()));
        for (byte[] k : keys) signalReady(db, k);
    }

    /** Queue a key as ready once, if it has waiters (Redis: signalKeyAsReady). */
    // tag::signal-ready[]
    @Lab(5)
    void signalReady(Database db, byte[] key) {
        Dict.Entry<ArrayDeque<Client>> waiters = waiting.get(db.id).find(key);
        if (waiters == null) return;
        Dict<Boolean> seen = readySet.get(db.id);
        if (seen.containsKey(key)) return;
        byte[] stableKey = waiters.key();     // the waiter map's own copy of the name
        seen.put(stableKey, Boolean.TRUE);
        ready.add(new ReadyKey(db, stableKey));
    }
    // end::signal-ready[]

    /**
     * Offer every ready key to its waiters, oldest first, until no key is ready; serving may
     * push to other keys (BLMOVE) and make them ready in turn (Redis: handleClientsBlockedOnKeys).
     */
    public void serveReadyKeys() {
        if (serving) return;
        serving = true;
        try {
            while (!ready.isEmpty()) {
                List<ReadyKey> batch = ready;
                ready = new ArrayList<>();
                for (ReadyKey rk : batch) {
                    readySet.get(rk.db().id).remove(rk.key());
                    serveKey(rk.db(), rk.key());
                }
            }
        } finally {
            serving = false;
        }
    }

    /** Give the key to its waiters in the order they blocked, while they can be served. */
    // tag::serve-key[]
    @Lab(5)
    void serveKey(Database db, byte[] key) {
        ArrayDeque<Client> q = waiting.get(db.id).get(key);
        if (q == null) return;
        for (Client c : q.toArray(new Client[0])) {
            BlockedState st = c.attachment(BlockedState.class);
            if (st == null) continue;                  // served through another key meanwhile
            if (st.wakeup.tryServe(c, db, key)) unblock(c);
        }
    }
    // end::serve-key[]

    /** Time out every client whose deadline the clock has passed (cron, timers; tests may call it). */
    // tag::check-timeouts[]
    @Lab(5)
    public void checkTimeouts() {
        long now = server.clock.millis();
        while (!deadlines.isEmpty() && deadlines.first().deadline < now) {
            BlockedState st = deadlines.first();
            st.wakeup.timedOut(st.client);
            unblock(st.client);
        }
    }
    // end::check-timeouts[]

    /**
     * Cron's look at the deadlines. The guards here and in beforeSleep keep the lab 05 methods
     * from running at all until a client blocks, so servers of earlier labs never reach them.
     */
    private void cronCheck() {
        if (!deadlines.isEmpty()) checkTimeouts();
    }

    /** Dispatcher observer: serve right after a command, unless a transaction is executing. */
    private void afterCommand(Client c, CommandSpec cmd, long micros) {
        if (!ready.isEmpty() && !c.has(Client.MULTI)) serveReadyKeys();
    }

    /**
     * Before the loop sleeps: time out, serve, then let every unblocked client run the commands
     * it pipelined after its blocking one; those may push and wake others, so repeat.
     */
    private void beforeSleep() {
        if (!deadlines.isEmpty()) checkTimeouts();
        if (!ready.isEmpty()) serveReadyKeys();
        while (!unblocked.isEmpty()) {
            List<Client> batch = unblocked;
            unblocked = new ArrayList<>();
            for (Client c : batch) {
                if (server.client(c.id) != c || c.has(Client.BLOCKED)) continue;   // gone, or blocked again
                server.loop().processInput(c);
            }
            if (!ready.isEmpty()) serveReadyKeys();
        }
    }
}
