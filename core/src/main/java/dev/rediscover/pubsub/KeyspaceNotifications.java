/*
 * Keyspace notifications: every command already announces its events through Keyspace.notify
 * (type, event, key, db); with notify-keyspace-events set, this listener publishes them as
 *
 *   K   __keyspace@<db>__:<key>     message: the event name ("set", "expired", "lpush", ...)
 *   E   __keyevent@<db>__:<event>   message: the key
 *
 * for the event classes switched on (g $ l s h z x e t m d n, A = all but m and n). Redis:
 * notify.c, notifyKeyspaceEvent and keyspaceEventsStringToFlags. As in Redis, an event is
 * published only when its class and at least one of K or E is on; with nobody subscribed at all
 * nothing is built, so an enabled but unused setting costs a couple of comparisons.
 */
package dev.rediscover.pubsub;

import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.NotifyFlags;
import dev.rediscover.lab.Lab;
import dev.rediscover.server.Server;

import java.nio.charset.StandardCharsets;

public final class KeyspaceNotifications implements Keyspace.Listener {
    private static final byte[] KEYSPACE_PREFIX = ascii("__keyspace@"), KEYEVENT_PREFIX = ascii("__keyevent@");
    private static final byte[] SUFFIX = ascii("__:");

    private final PubSub pubsub;
    private volatile int flags;
    /** Event names are a small fixed set of literals: encode each once (loop thread only). */
    private final java.util.HashMap<String, byte[]> eventNames = new java.util.HashMap<>();
    private final byte[][] dbNames = new byte[16][];

    KeyspaceNotifications(PubSub pubsub) {
        this.pubsub = pubsub;
    }

    static void install(Server server) {
        KeyspaceNotifications n = new KeyspaceNotifications(server.pubsub);
        server.config.onChange("notify-keyspace-events", v -> n.flags = parse(v));
        server.keyspace.addListener(n);
    }

    /** The letters of notify-keyspace-events as NotifyFlags bits (keyspaceEventsStringToFlags). */
    public static int parse(String letters) {
        int f = 0;
        for (int i = 0; i < letters.length(); i++) {
            f |= switch (letters.charAt(i)) {
                case 'A' -> NotifyFlags.ALL;
                case 'g' -> NotifyFlags.GENERIC;
                case '$' -> NotifyFlags.STRING;
                case 'l' -> NotifyFlags.LIST;
                case 's' -> NotifyFlags.SET;
                case 'h' -> NotifyFlags.HASH;
                case 'z' -> NotifyFlags.ZSET;
                case 'x' -> NotifyFlags.EXPIRED;
                case 'e' -> NotifyFlags.EVICTED;
                case 'K' -> NotifyFlags.KEYSPACE;
                case 'E' -> NotifyFlags.KEYEVENT;
                case 't' -> NotifyFlags.STREAM;
                case 'm' -> NotifyFlags.KEY_MISS;
                case 'd' -> NotifyFlags.MODULE;
                case 'n' -> NotifyFlags.NEW;
                default -> 0;
            };
        }
        return f;
    }

    @Override
    public void event(int type, String event, byte[] key, int dbId) {
        int f = flags;
        if ((f & type) == 0 || (f & (NotifyFlags.KEYSPACE | NotifyFlags.KEYEVENT)) == 0) return;
        if (!pubsub.anyListener()) return;
        publishEvent(f, event, key, dbId);
    }

    // tag::publish-event[]
    /** Publish one enabled event on its keyspace channel, its keyevent channel, or both. */
    @Lab(8)
    void publishEvent(int f, String event, byte[] key, int dbId) {
        byte[] eventBytes = eventNames.computeIfAbsent(event, KeyspaceNotifications::ascii);
        byte[] db = dbName(dbId);
        if ((f & NotifyFlags.KEYSPACE) != 0) pubsub.publish(channel(KEYSPACE_PREFIX, db, key), eventBytes);
        if ((f & NotifyFlags.KEYEVENT) != 0) pubsub.publish(channel(KEYEVENT_PREFIX, db, eventBytes), key);
    }
    // end::publish-event[]

    private byte[] dbName(int dbId) {
        if (dbId >= dbNames.length) return ascii(Integer.toString(dbId));
        byte[] b = dbNames[dbId];
        if (b == null) dbNames[dbId] = b = ascii(Integer.toString(dbId));
        return b;
    }

    /** prefix + db + "__:" + tail, e.g. "__keyspace@0__:mykey". */
    @Lab(8)
    static byte[] channel(byte[] prefix, byte[] db, byte[] tail) {
        byte[] out = new byte[prefix.length + db.length + SUFFIX.length + tail.length];
        int at = 0;
        System.arraycopy(prefix, 0, out, at, prefix.length);
        System.arraycopy(db, 0, out, at += prefix.length, db.length);
        System.arraycopy(SUFFIX, 0, out, at += db.length, SUFFIX.length);
        System.arraycopy(tail, 0, out, at + SUFFIX.length, tail.length);
        return out;
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
