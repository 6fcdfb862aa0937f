/*
 * What one client is subscribed to: its channels, its patterns and its shard channels, each in
 * subscription order. Attached to the Client (Client.attach) on its first SUBSCRIBE, so clients
 * that never subscribe carry nothing. Redis keeps the same three collections in the client struct
 * (c->pubsub_channels, c->pubsub_patterns, c->pubsub_shard_channels in server.h).
 *
 * Order: UNSUBSCRIBE with no arguments confirms channels in subscription order. Redis keeps
 * c->pubsub_channels in a dict and confirms in hash-table order, which a client cannot rely on;
 * we chose the order a reader can predict. Single subscriptions (what pubsub.redis compares)
 * answer identically.
 *
 * The counts in subscribe/unsubscribe confirmations come from here: channels plus patterns for
 * the classic commands, shard channels alone for SSUBSCRIBE/SUNSUBSCRIBE (pubsub.c,
 * clientSubscriptionsCount and clientShardSubscriptionsCount).
 */
package dev.rediscover.pubsub;

import dev.rediscover.server.Client;

import java.util.LinkedHashSet;

public final class Subscriptions {
    final LinkedHashSet<ChannelName> channels = new LinkedHashSet<>();
    final LinkedHashSet<ChannelName> patterns = new LinkedHashSet<>();
    final LinkedHashSet<ChannelName> shardChannels = new LinkedHashSet<>();

    /** The client's subscriptions, created on first use. */
    static Subscriptions of(Client c) {
        Subscriptions s = c.attachment(Subscriptions.class);
        if (s == null) {
            s = new Subscriptions();
            c.attach(Subscriptions.class, s);
        }
        return s;
    }

    /** Channels + patterns: the count SUBSCRIBE, UNSUBSCRIBE and their P forms report. */
    int classicCount() { return channels.size() + patterns.size(); }

    int total() { return channels.size() + patterns.size() + shardChannels.size(); }

    /** For CLIENT LIST sub=. */
    public static int channels(Client c) {
        Subscriptions s = c.attachment(Subscriptions.class);
        return s == null ? 0 : s.channels.size();
    }

    /** For CLIENT LIST psub=. */
    public static int patterns(Client c) {
        Subscriptions s = c.attachment(Subscriptions.class);
        return s == null ? 0 : s.patterns.size();
    }

    /** For CLIENT LIST ssub=. */
    public static int shardChannels(Client c) {
        Subscriptions s = c.attachment(Subscriptions.class);
        return s == null ? 0 : s.shardChannels.size();
    }

    /**
     * True when every channel (and shard channel) passes `channelOk` and every pattern passes
     * `patternOk`: ACL SETUSER uses it to find subscribers whose permissions were revoked.
     */
    public static boolean allMatch(Client c, java.util.function.Predicate<byte[]> channelOk,
                                   java.util.function.Predicate<byte[]> patternOk) {
        Subscriptions s = c.attachment(Subscriptions.class);
        if (s == null) return true;
        for (ChannelName n : s.channels) if (!channelOk.test(n.bytes)) return false;
        for (ChannelName n : s.shardChannels) if (!channelOk.test(n.bytes)) return false;
        for (ChannelName n : s.patterns) if (!patternOk.test(n.bytes)) return false;
        return true;
    }
}
