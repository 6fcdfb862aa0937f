/*
 * The server-wide pub/sub registry: who listens to which channel, pattern and shard channel, and
 * the delivery of published messages. Redis keeps the same maps in the server struct
 * (server.pubsub_channels, server.pubsub_patterns, server.pubsub_shard_channels) and the logic
 * in pubsub.c (pubsubSubscribeChannel, pubsubPublishMessage, ...).
 *
 *   channel name -> subscribers, in subscription order (a message goes to them in that order)
 *   pattern      -> subscribers; every published channel is matched against every pattern
 *
 * Delivery order: a channel's subscribers in subscription order (Redis: a list per channel, the
 * same), then each pattern in the order it was first subscribed (Redis iterates its patterns
 * dict, in hash order). A client subscribed to a channel and to two matching patterns gets the
 * message three times, and PUBLISH counts three, as in Redis.
 *
 * Classic and shard channels behave alike apart from their names in replies, their counts and
 * their separate namespaces, so both go through one Kind (Redis: the pubsubtype struct).
 *
 * A client in subscribed mode has the Client.PUBSUB flag while it has any subscription. Messages
 * are pushed into the subscriber's reply buffer like any reply; in RESP3 they are push frames
 * (>3), in RESP2 plain arrays. Each delivery asks the event loop to flush the subscriber, and the
 * loop's output buffer limits disconnect a subscriber that stops reading.
 */
package dev.rediscover.pubsub;

import dev.rediscover.keyspace.Glob;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.resp.RespWriter;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

public final class PubSub {
    private static final byte[] MESSAGE = ascii("message"), PMESSAGE = ascii("pmessage"), SMESSAGE = ascii("smessage");

    /** Classic channels or shard channels: their reply words and where they are kept. */
    static final class Kind {
        final byte[] subscribeWord, unsubscribeWord, messageWord;
        final Function<Subscriptions, LinkedHashSet<ChannelName>> mine;
        final boolean shard;
        final Map<ChannelName, LinkedHashSet<Client>> registry = new LinkedHashMap<>();

        Kind(String sub, String unsub, byte[] message, Function<Subscriptions, LinkedHashSet<ChannelName>> mine, boolean shard) {
            this.subscribeWord = ascii(sub);
            this.unsubscribeWord = ascii(unsub);
            this.messageWord = message;
            this.mine = mine;
            this.shard = shard;
        }

        int count(Subscriptions s) { return shard ? s.shardChannels.size() : s.classicCount(); }
    }

    final Kind classic = new Kind("subscribe", "unsubscribe", MESSAGE, s -> s.channels, false);
    final Kind shard = new Kind("ssubscribe", "sunsubscribe", SMESSAGE, s -> s.shardChannels, true);
    final Map<ChannelName, LinkedHashSet<Client>> patterns = new LinkedHashMap<>();
    private static final byte[] PSUBSCRIBE = ascii("psubscribe"), PUNSUBSCRIBE = ascii("punsubscribe");

    private final Server server;

    public PubSub(Server server) {
        this.server = server;
    }

    /** Wire pub/sub into the server: forget closing clients, and RESET leaves subscribed mode. */
    public void install() {
        server.onClientClosed(c -> unsubscribeAll(c, false));
        server.onReset(c -> unsubscribeAll(c, false));
    }

    // ---------------------------------------------------------------- subscribing

    // tag::subscribe[]
    /** Subscribe c to a channel of the given kind and confirm (pubsubSubscribeChannel). */
    @Lab(8)
    void subscribe(Client c, Kind kind, byte[] channel) {
        throw new LabNotDone(8, "PubSub.subscribe");
    }
    // end::subscribe[]

    // tag::unsubscribe[]
    /** Unsubscribe c from one channel; confirms even when it was not subscribed. */
    @Lab(8)
    void unsubscribe(Client c, Kind kind, byte[] channel, boolean notify) {
        throw new LabNotDone(8, "PubSub.unsubscribe");
    }

    /** Unsubscribe from every channel of a kind; with none, confirm with a null channel. */
    @Lab(8)
    void unsubscribeAllOf(Client c, Kind kind, boolean notify) {
        throw new LabNotDone(8, "PubSub.unsubscribeAllOf");
    }
    // end::unsubscribe[]

    @Lab(8)
    void psubscribe(Client c, byte[] pattern) {
        throw new LabNotDone(8, "PubSub.psubscribe");
    }

    @Lab(8)
    void punsubscribe(Client c, byte[] pattern, boolean notify) {
        throw new LabNotDone(8, "PubSub.punsubscribe");
    }

    @Lab(8)
    void punsubscribeAll(Client c, boolean notify) {
        throw new LabNotDone(8, "PubSub.punsubscribeAll");
    }

    // tag::update-mode[]
    /** Leave subscribed mode once nothing is left (Redis clears CLIENT_PUBSUB the same way). */
    @Lab(8)
    void updateMode(Client c) {
        throw new LabNotDone(8, "PubSub.updateMode");
    }
    // end::update-mode[]

    /** Drop every subscription: RESET and disconnection (no confirmations). */
    void unsubscribeAll(Client c, boolean notify) {
        if (c.attachment(Subscriptions.class) == null) return;
        unsubscribeAllOf(c, classic, notify);
        unsubscribeAllOf(c, shard, notify);
        punsubscribeAll(c, notify);
        c.attach(Subscriptions.class, null);
        c.flags &= ~Client.PUBSUB;
    }

    private static void removeFrom(Map<ChannelName, LinkedHashSet<Client>> map, ChannelName name, Client c) {
        LinkedHashSet<Client> subs = map.get(name);
        if (subs == null) return;
        subs.remove(c);
        if (subs.isEmpty()) map.remove(name);   // PUBSUB CHANNELS lists only live channels
    }

    // tag::confirm[]
    /** ["subscribe", channel, count]; a null channel is a null bulk (nothing to unsubscribe). */
    @Lab(8)
    private static void confirm(RespWriter r, byte[] word, byte[] channel, int count) {
        throw new LabNotDone(8, "PubSub.confirm");
    }
    // end::confirm[]

    // ---------------------------------------------------------------- publishing

    // tag::publish[]
    /** PUBLISH: deliver to channel subscribers, then pattern subscribers. Returns the receivers. */
    @Lab(8)
    public int publish(byte[] channel, byte[] message) {
        throw new LabNotDone(8, "PubSub.publish");
    }
    // end::publish[]

    /** SPUBLISH: shard channels have no patterns. */
    int spublish(byte[] channel, byte[] message) {
        LinkedHashSet<Client> subs = shard.registry.get(new ChannelName(channel));
        if (subs == null) return 0;
        int receivers = 0;
        for (Client c : subs) {
            if (deliver(c, SMESSAGE, null, channel, message)) receivers++;
        }
        return receivers;
    }

    // tag::deliver[]
    /**
     * Append one message to a subscriber's output. A subscriber already being disconnected for
     * its output buffer gets nothing more, but still counts, as in Redis (addReply* on a
     * CLOSE_ASAP client is a no-op while pubsubPublishMessage counts it).
     */
    @Lab(8)
    private boolean deliver(Client c, byte[] kind, byte[] pattern, byte[] channel, byte[] message) {
        throw new LabNotDone(8, "PubSub.deliver");
    }
    // end::deliver[]

    /** True when anything at all listens: keyspace notifications skip building names if not. */
    boolean anyListener() { return !classic.registry.isEmpty() || !patterns.isEmpty(); }

    // ---------------------------------------------------------------- introspection (PUBSUB)

    List<byte[]> activeChannels(Kind kind, byte[] pattern) {
        List<byte[]> out = new ArrayList<>();
        for (ChannelName n : kind.registry.keySet()) {
            if (pattern == null || Glob.matches(pattern, n.bytes)) out.add(n.bytes);
        }
        return out;
    }

    int subscriberCount(Kind kind, byte[] channel) {
        LinkedHashSet<Client> subs = kind.registry.get(new ChannelName(channel));
        return subs == null ? 0 : subs.size();
    }

    /** Distinct patterns with a subscriber (PUBSUB NUMPAT, INFO pubsub_patterns). */
    public int patternCount() { return patterns.size(); }

    /** Channels with a subscriber (INFO pubsub_channels). */
    public int channelCount() { return classic.registry.size(); }

    /** Shard channels with a subscriber (INFO pubsubshard_channels). */
    public int shardChannelCount() { return shard.registry.size(); }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
