/*
 * Server-assisted client-side caching (Redis 6+ "tracking"; Redis: tracking.c).
 *
 * Two tables, shared by every database (Redis does not tell databases apart here either):
 *
 *   keys      key name -> ids of the clients that read it (default mode). A read-only command of
 *             a tracking client adds its keys (found through the command's key specs); the first
 *             change of such a key sends each of those clients ONE invalidation and forgets the
 *             key (trackingRememberKeys, trackingInvalidateKey).
 *   prefixes  prefix -> the BCAST clients listening to it, and the keys under it changed since
 *             the last broadcast (bcastState). Redis sends those in beforeSleep, once per event
 *             loop iteration (trackingBroadcastInvalidationMessages); so do we (Server.onBeforeSleep).
 *
 * Invalidations are a RESP3 push `>2 invalidate [keys]`, or for a RESP2 client that redirects
 * them (REDIRECT id) to a client subscribed to __redis__:invalidate, a pub/sub message on that
 * channel (sendTrackingMessage). A flush (FLUSHDB, FLUSHALL) invalidates everything with a null
 * instead of a key list (trackingInvalidateKeysOnFlush). An invalidation meant for the client
 * whose command is running waits until that command (or EXEC) has replied
 * (server.tracking_pending_keys, trackingHandlePendingKeyInvalidations).
 *
 * Client ids stay in the key table after their client left or stopped tracking; they are skipped
 * when the key is invalidated, exactly Redis's lazy clean-up (and what INFO's tracking_total_items
 * counts). tracking-table-max-keys bounds the key table: before each command, keys over the limit
 * are invalidated and forgotten (trackingLimitUsedSlots).
 *
 * Known small difference: invalidations still owed to a client when it turns tracking off inside
 * a transaction are dropped (Redis sends them after EXEC).
 */
package dev.rediscover.tracking;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.KeySpec;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.resp.RespWriter;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class Tracking implements Keyspace.Listener {
    static final byte[] INVALIDATE = "invalidate".getBytes(StandardCharsets.US_ASCII);
    static final byte[] REDIR_BROKEN = "tracking-redir-broken".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    /** A key name as a map key (Redis: the radix tree's key). */
    private record Name(byte[] bytes, int hash) {
        Name(byte[] bytes) { this(bytes, Arrays.hashCode(bytes)); }

        @Override public boolean equals(Object o) {
            return o instanceof Name n && n.hash == hash && Arrays.equals(n.bytes, bytes);
        }

        @Override public int hashCode() { return hash; }
    }

    /** One BCAST prefix: who listens, and which keys under it changed (and by whom, for NOLOOP). */
    private static final class Prefix {
        final LinkedHashSet<Client> clients = new LinkedHashSet<>();
        TreeMap<byte[], Client> changed = new TreeMap<>(TrackingState.BYTE_ORDER);
    }

    private final Server server;
    private final HashMap<Name, LinkedHashSet<Long>> keys = new HashMap<>();
    private final TreeMap<byte[], Prefix> prefixes = new TreeMap<>(TrackingState.BYTE_ORDER);
    private long totalItems;
    private int trackingClients;
    private long maxKeys;
    /** Over the limit at the last check: each new try works harder (Redis: timeout_counter). */
    private int limitTries;

    /** The client whose command is running (Redis: server.current_client); null between commands. */
    private Client current;
    /**
     * The client whose command's handler is running, the one that changes keys (Redis passes it to
     * signalModifiedKey); null while gates run (eviction) and between commands, as Redis passes
     * NULL for evicted keys. NOLOOP compares against it.
     */
    private Client writer;
    /** Invalidations owed to `current`, sent once its command replied; a null entry = flush. */
    private final List<byte[]> pending = new ArrayList<>();
    /**
     * The key last changed, and the NOLOOP clients spared because they changed it themselves. If
     * the change turns out to be an expiry or an eviction (announced just after the delete), it
     * was by nobody, as Redis sees it (signalModifiedKey with a NULL client): they are told after all.
     */
    private byte[] lastKey;
    private final List<Client> spared = new ArrayList<>(1);
    /** A flush already invalidated everything during this command (FLUSHALL empties 16 dbs). */
    private boolean flushSignalled;

    Tracking(Server server) {
        this.server = server;
        server.config.onChange("tracking-table-max-keys", v -> maxKeys = Long.parseLong(v));
        server.keyspace.addListener(this);
    }

    /** This server's tracking tables. */
    public static Tracking of(Server server) { return server.extension(Tracking.class, Tracking::new); }

    // ---------------------------------------------------------------- per-client state

    static TrackingState state(Client c) { return c.attachment(TrackingState.class); }

    /** CLIENT GETREDIR and CLIENT LIST's redir=: the redirect id, 0 for none, -1 when not tracking. */
    public static long redirection(Client c) {
        TrackingState st = state(c);
        return st == null ? -1 : st.redirect;
    }

    /** CLIENT LIST flags: t tracking, R broken redirect, B broadcast (catClientInfoString). */
    public static void appendFlags(Client c, StringBuilder f) {
        TrackingState st = state(c);
        if (st == null) return;
        f.append('t');
        if (st.brokenRedirect) f.append('R');
        if (st.bcast) f.append('B');
    }

    /** Switch tracking on (or change its options while on): Redis's enableTracking. */
    void enable(Client c, long redirect, TrackingState options, List<byte[]> newPrefixes) {
        TrackingState st = state(c);
        if (st == null) {
            st = new TrackingState();
            c.attach(TrackingState.class, st);
            trackingClients++;
        }
        st.brokenRedirect = false;
        st.redirect = redirect;
        st.bcast = options.bcast;
        st.optin = options.optin;
        st.optout = options.optout;
        st.noloop = options.noloop;
        if (options.bcast) {
            if (newPrefixes.isEmpty()) listen(c, st, new byte[0]);
            for (byte[] p : newPrefixes) listen(c, st, p);
        }
    }

    private void listen(Client c, TrackingState st, byte[] prefix) {
        Prefix p = prefixes.computeIfAbsent(prefix, k -> new Prefix());
        if (p.clients.add(c)) st.prefixes.add(prefix);
    }

    /** Switch tracking off, leaving its prefixes (Redis: disableTracking). */
    void disable(Client c) {
        TrackingState st = state(c);
        if (st == null) return;
        for (byte[] prefix : st.prefixes) {
            Prefix p = prefixes.get(prefix);
            if (p == null) continue;
            p.clients.remove(c);
            if (p.clients.isEmpty()) prefixes.remove(prefix);
        }
        c.attach(TrackingState.class, null);
        trackingClients--;
    }

    /** Prefixes the client already listens to, for the overlap check. */
    static Iterable<byte[]> prefixesOf(Client c) {
        TrackingState st = state(c);
        return st == null ? List.of() : st.prefixes;
    }

    // ---------------------------------------------------------------- command hooks

    /** Before a command: it is now the current client; keep the key table within its limit. */
    boolean beforeCommand(Client c, CommandSpec cmd) {
        if (current != null) commandDone();   // the previous one was queued by MULTI, not called
        current = c;
        if (trackingClients > 0) limitUsedSlots();
        return false;
    }

    /** Just before a handler runs (also each command EXEC runs): its changes are c's. */
    void beforeCall(Client c, CommandSpec cmd) {
        writer = c;
        flushSignalled = false;   // each FLUSHDB/FLUSHALL call sends its own null
    }

    /**
     * After each call (also each command EXEC runs): remember the keys a read-only command of a
     * tracking client read (call() in server.c). After the top-level command, send what it owes
     * its own client and forget that CLIENT CACHING was given (resetClient).
     */
    void afterCommand(Client c, CommandSpec cmd, boolean topLevel) {
        TrackingState st = trackingClients > 0 ? state(c) : null;
        if (st != null && !st.bcast && cmd.is("readonly") && !cmd.is("pubsub")) remember(c, st, cmd);
        if (!topLevel) return;
        if (st != null && !c.has(Client.MULTI) && !isClientCommand(cmd)) st.caching = false;
        commandDone();
    }

    /** A command refused before it ran is still a command: CACHING lasts only until it. */
    void rejected(Client c, CommandSpec cmd) {
        TrackingState st = state(c);
        if (st != null && !c.has(Client.MULTI) && (cmd == null || !isClientCommand(cmd))) st.caching = false;
        commandDone();
    }

    private static boolean isClientCommand(CommandSpec cmd) {
        return cmd.parent() != null && cmd.parent().name().equals("client");
    }

    /** Send the invalidations the current client's own command caused, after its reply. */
    void commandDone() {
        Client c = current;
        current = null;
        writer = null;
        flushSignalled = false;
        if (pending.isEmpty()) return;
        if (c == null || server.client(c.id) != c) {
            pending.clear();
            return;
        }
        for (byte[] key : pending) {
            if (key == null) send(c, null, nullFor(c));
            else send(c, key, null);
        }
        pending.clear();
    }

    private void remember(Client c, TrackingState st, CommandSpec cmd) {
        // OPTIN: only after CLIENT CACHING yes; OPTOUT: unless CLIENT CACHING no.
        if ((st.optin && !st.caching) || (st.optout && st.caching)) return;
        byte[][] argv = c.argv;
        long id = c.id;
        KeySpec.Positions out = (i, spec) -> {
            LinkedHashSet<Long> ids = keys.computeIfAbsent(new Name(argv[i]), k -> new LinkedHashSet<>(2));
            if (ids.add(id)) totalItems++;
        };
        cmd.findKeys(argv, c.argc, out);
    }

    // ---------------------------------------------------------------- invalidation

    @Override
    public void keyModified(Database db, byte[] key) {
        if (keys.isEmpty() && prefixes.isEmpty()) return;
        lastKey = key;
        spared.clear();
        invalidate(writer, key, true);
    }

    /** The key just deleted expired or was evicted: nobody's write, so NOLOOP spares no one. */
    @Override
    public void event(int type, String event, byte[] key, int dbId) {
        if (type != NotifyFlags.EXPIRED && type != NotifyFlags.EVICTED) return;
        if (lastKey == null || !Arrays.equals(lastKey, key)) return;
        lastKey = null;
        for (Prefix p : prefixes.values()) {
            if (p.changed.containsKey(key)) p.changed.put(key, null);   // changed by nobody
        }
        for (Client target : spared) deliver(target, key);
        spared.clear();
    }

    /**
     * A key changed (bcast) or is dropped from the table (tracking-table-max-keys): tell every
     * client that read it, once, and forget it (trackingInvalidateKey). `writer` is the client
     * whose command changed it, for NOLOOP; null for expiry and table eviction.
     */
    private void invalidate(Client writer, byte[] key, boolean bcast) {
        if (bcast && !prefixes.isEmpty()) rememberForBroadcast(writer, key);
        LinkedHashSet<Long> ids = keys.remove(new Name(key));
        if (ids == null) return;
        totalItems -= ids.size();
        for (long id : ids) {
            Client target = server.client(id);
            if (target == null) continue;
            TrackingState st = state(target);
            if (st == null || st.bcast) continue;
            if (st.noloop && target == writer) {
                spared.add(target);
                continue;
            }
            deliver(target, key);
        }
    }

    /** The current client's invalidations wait for its reply; anyone else's go now. */
    private void deliver(Client target, byte[] key) {
        if (target == current) pending.add(key);
        else send(target, key, null);
    }

    private void rememberForBroadcast(Client writer, byte[] key) {
        for (Map.Entry<byte[], Prefix> e : prefixes.entrySet()) {
            byte[] p = e.getKey();
            if (p.length > key.length || Arrays.compare(p, 0, p.length, key, 0, p.length) != 0) continue;
            e.getValue().changed.put(key, writer);
        }
    }

    @Override
    public void databaseReplacing(Database db, Database replacement) {
        if (replacement != null) return;   // SWAPDB: Redis 7.0 invalidates nothing
        if (flushSignalled) return;        // FLUSHALL: one null for all the databases
        flushSignalled = true;             // until the command ends (or the loop iteration)
        invalidateAllOnFlush();
    }

    /** Every tracking client gets a null ("everything"), and the key table empties. */
    private void invalidateAllOnFlush() {
        if (trackingClients > 0) {
            for (Client c : new ArrayList<>(server.clients())) {
                if (state(c) == null) continue;
                if (c == current) pending.add(null);
                else send(c, null, nullFor(c));
            }
        }
        keys.clear();
        totalItems = 0;
    }

    /** Redis's shared.null for the tracking client's protocol (not its redirect target's). */
    private static byte[] nullFor(Client c) { return c.resp3() ? NULL3 : NULL2; }

    /**
     * Deliver one invalidation for tracking client c: a single key, or `encoded` (already RESP: a
     * null for a flush, a key array for a broadcast). Redis: sendTrackingMessage.
     */
    private void send(Client c, byte[] key, byte[] encoded) {
        TrackingState st = state(c);
        if (st == null) return;
        Client target = c;
        boolean redirected = false;
        if (st.redirect != 0) {
            target = server.client(st.redirect);
            if (target == null) {
                st.brokenRedirect = true;
                if (c.resp3()) {
                    c.reply.pushHeader(2);
                    c.reply.bulk(REDIR_BROKEN);
                    c.reply.integer(st.redirect);
                    server.loop().wantsWrite(c);
                }
                return;
            }
            redirected = true;
        }
        if (target.has(Client.CLOSE_ASAP)) return;
        RespWriter r = target.reply;
        if (target.resp3()) {
            r.pushHeader(2);
            r.bulk(INVALIDATE);
        } else if (redirected && target.has(Client.PUBSUB)) {
            r.pushHeader(3);
            r.bulk(MESSAGE);
            r.bulk(CHANNEL);
        } else {
            return;   // RESP2 without a subscribed redirect: it has no way to receive this
        }
        if (encoded != null) {
            r.raw(encoded);
        } else {
            r.arrayHeader(1);
            r.bulk(key);
        }
        server.loop().wantsWrite(target);
    }

    // ---------------------------------------------------------------- broadcast

    /** Before the loop sleeps: each prefix's changed keys to its clients, in one message. */
    void broadcast() {
        flushSignalled = false;
        if (prefixes.isEmpty()) return;
        for (Prefix p : prefixes.values()) {
            if (p.changed.isEmpty()) continue;
            TreeMap<byte[], Client> changed = p.changed;
            p.changed = new TreeMap<>(TrackingState.BYTE_ORDER);
            byte[] common = encodeKeys(changed, null);
            for (Client c : new ArrayList<>(p.clients)) {
                TrackingState st = state(c);
                if (st != null && st.noloop) {
                    byte[] own = encodeKeys(changed, c);
                    if (own != null) send(c, null, own);
                } else {
                    send(c, null, common);
                }
            }
        }
    }

    /** The RESP array of the changed keys, leaving out those `except` changed last (NOLOOP). */
    private static byte[] encodeKeys(TreeMap<byte[], Client> changed, Client except) {
        RespWriter w = new RespWriter();
        int n = 0;
        for (Client writer : changed.values()) if (except == null || writer != except) n++;
        if (n == 0) return null;
        w.arrayHeader(n);
        for (Map.Entry<byte[], Client> e : changed.entrySet()) {
            if (except == null || e.getValue() != except) w.bulk(e.getKey());
        }
        return w.pendingBytes();
    }

    // ---------------------------------------------------------------- table limit

    /**
     * tracking-table-max-keys: while the key table is over it, invalidate and forget keys (Redis
     * picks them by a random walk of the radix tree; we take the hash table's iteration order,
     * which is as arbitrary). The effort grows each time one call could not get under the limit.
     */
    private void limitUsedSlots() {
        if (maxKeys == 0 || keys.size() <= maxKeys) {
            limitTries = 0;
            return;
        }
        int effort = 100 * (limitTries + 1);
        Iterator<Name> it = keys.keySet().iterator();
        List<byte[]> victims = new ArrayList<>();
        long excess = keys.size() - maxKeys;
        while (effort-- > 0 && it.hasNext() && victims.size() < excess) victims.add(it.next().bytes);
        for (byte[] key : victims) invalidate(null, key, false);
        if (keys.size() <= maxKeys) limitTries = 0;
        else limitTries++;
    }

    // ---------------------------------------------------------------- INFO

    public int clients() { return trackingClients; }

    public long totalKeys() { return keys.size(); }

    public long totalItems() { return totalItems; }

    public long totalPrefixes() { return prefixes.size(); }
}
