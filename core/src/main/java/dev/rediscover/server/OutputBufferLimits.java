/*
 * client-output-buffer-limit: how much unsent reply a client may pile up before the server hangs
 * up on it, per client class (normal, replica, pubsub). A subscriber that stops reading would
 * otherwise make the server buffer every message for it forever.
 *
 *   hard limit   over it: disconnect now
 *   soft limit   over it continuously for more than `seconds`: disconnect
 *   0            no limit
 *
 * Redis: networking.c, checkClientOutputBufferLimits and closeClientOnOutputBufferLimitReached,
 * run whenever a reply is added to the client's reply list. Redis counts only the reply list, not
 * the 16 KB static buffer in front of it; our reply buffer is one array, so the first
 * STATIC_BYTES of it play the static buffer's part (obl in CLIENT LIST) and the rest is what is
 * limited and shown as omem, in chunks of STATIC_BYTES for oll. The soft-limit timer reads the
 * server Clock, so a test moves time instead of waiting a minute.
 */
package dev.rediscover.server;

import dev.rediscover.lab.Lab;

public final class OutputBufferLimits {
    /** Redis's PROTO_REPLY_CHUNK_BYTES: the static reply buffer, and each reply-list block. */
    public static final int STATIC_BYTES = 16 * 1024;
    private static final int NORMAL = 0, REPLICA = 1, PUBSUB = 2;

    private final Clock clock;
    private volatile long[][] limits = new long[3][3];   // [class][hard, soft, seconds]

    OutputBufferLimits(Config config, Clock clock) {
        this.clock = clock;
        config.onChange("client-output-buffer-limit", this::parse);
    }

    /** The normalised "normal h s t slave h s t pubsub h s t" value, classes in that order. */
    private void parse(String value) {
        String[] p = value.trim().split("\\s+");
        long[][] l = new long[3][3];
        for (int i = 0; i + 3 < p.length; i += 4) {
            int cls = switch (p[i]) {
                case "slave", "replica" -> REPLICA;
                case "pubsub" -> PUBSUB;
                default -> NORMAL;
            };
            for (int j = 0; j < 3; j++) l[cls][j] = Long.parseLong(p[i + 1 + j]);
        }
        limits = l;
    }

    /** Reply bytes beyond the static part: Redis's getClientOutputBufferMemoryUsage (omem). */
    public static long memory(Client c) {
        long pending = c.reply.pending();
        return pending > STATIC_BYTES ? pending - STATIC_BYTES : 0;
    }

    /** Bytes in the static part (CLIENT LIST obl). */
    public static long staticBytes(Client c) { return Math.min(c.reply.pending(), STATIC_BYTES); }

    /** Blocks of the reply list (CLIENT LIST oll). */
    public static long listLength(Client c) { return (memory(c) + STATIC_BYTES - 1) / STATIC_BYTES; }

    /**
     * True when the client is over its class's hard limit, or has been over its soft limit for
     * longer than allowed. Starts or clears the soft-limit timer as a side effect.
     */
    boolean reached(Client c) {
        long[] l = limits[classOf(c)];
        if (l[0] == 0 && l[1] == 0) return false;   // the normal class's default: no check at all
        // Nothing waits beyond the static part and no soft-limit timer runs: under every limit.
        // The common case for a subscriber that keeps up, and it keeps lab 08's subscribe and
        // publish tasks testable before overLimit (the last task) is written.
        if (c.outputSoftLimitSince == 0 && memory(c) == 0) return false;
        return overLimit(c, l[0], l[1], l[2]);
    }

    // tag::over-limit[]
    /**
     * The check itself, for a class that has limits (0 = that limit is off): over the hard limit
     * now, or over the soft limit for more than softSeconds by the server clock.
     */
    @Lab(8)
    boolean overLimit(Client c, long hard, long soft, long softSeconds) {
        long used = memory(c);
        if (hard > 0 && used >= hard) return true;
        if (soft > 0 && used >= soft) {
            long now = clock.millis();
            if (c.outputSoftLimitSince == 0) {
                c.outputSoftLimitSince = now;
                return false;
            }
            return now - c.outputSoftLimitSince > softSeconds * 1000;
        }
        c.outputSoftLimitSince = 0;
        return false;
    }
    // end::over-limit[]

    /** Redis's getClientType, with a master counted as normal (as the limit check does). */
    private static int classOf(Client c) {
        if (c.has(Client.REPLICA) && !c.has(Client.MONITOR)) return REPLICA;
        if (c.has(Client.PUBSUB)) return PUBSUB;
        return NORMAL;
    }
}
