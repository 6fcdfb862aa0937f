/*
 * Keyspace event classes: the letters of notify-keyspace-events (K E g $ l s h z x e t m d n),
 * as bit flags (Redis: NOTIFY_* in server.h). Commands announce events with these from the start;
 * lab 08 turns them into messages on __keyspace@<db>__ and __keyevent@<db>__ channels.
 */
package dev.rediscover.keyspace;

public final class NotifyFlags {
    private NotifyFlags() {}

    public static final int KEYSPACE = 1;       // K
    public static final int KEYEVENT = 1 << 1;  // E
    public static final int GENERIC = 1 << 2;   // g: DEL, EXPIRE, RENAME, ...
    public static final int STRING = 1 << 3;    // $
    public static final int LIST = 1 << 4;      // l
    public static final int SET = 1 << 5;       // s
    public static final int HASH = 1 << 6;      // h
    public static final int ZSET = 1 << 7;      // z
    public static final int EXPIRED = 1 << 8;   // x
    public static final int EVICTED = 1 << 9;   // e
    public static final int STREAM = 1 << 10;   // t
    public static final int KEY_MISS = 1 << 11; // m
    public static final int LOADED = 1 << 12;   // (module key loaded; no letter)
    public static final int MODULE = 1 << 13;   // d
    public static final int NEW = 1 << 14;      // n
    /** A: every class except m and n. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;
}
