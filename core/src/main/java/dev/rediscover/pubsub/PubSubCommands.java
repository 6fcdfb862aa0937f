/*
 * The pub/sub commands: SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, the PUBSUB
 * container, and the shard forms SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH (on a single node a shard
 * channel is just a channel in its own namespace). Redis: pubsub.c, subscribeCommand ...
 * pubsubCommand. The registry and delivery live in PubSub; the subscribed-mode rule lives in
 * SubscribedModeGate.
 */
package dev.rediscover.pubsub;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.List;

public final class PubSubCommands {
    private PubSubCommands() {}

    public static void register(Server server) {
        server.pubsub.install();
        server.dispatcher.addGate(new SubscribedModeGate());
        KeyspaceNotifications.install(server);
        CommandTable t = server.commands;
        String mode = "pubsub noscript loading stale";
        t.add("subscribe", -2, PubSubCommands::subscribe).flags(mode).group("pubsub")
                .doc("Listens for messages published to channels.", "2.0.0", "O(N) where N is the number of channels to subscribe to.");
        t.add("unsubscribe", -1, PubSubCommands::unsubscribe).flags(mode).group("pubsub")
                .doc("Stops listening to messages posted to channels.", "2.0.0", "O(N) where N is the number of channels to unsubscribe.");
        t.add("psubscribe", -2, PubSubCommands::psubscribe).flags(mode).group("pubsub")
                .doc("Listens for messages published to channels that match one or more patterns.", "2.0.0", "O(N) where N is the number of patterns to subscribe to.");
        t.add("punsubscribe", -1, PubSubCommands::punsubscribe).flags(mode).group("pubsub")
                .doc("Stops listening to messages published to channels that match one or more patterns.", "2.0.0", "O(N) where N is the number of patterns to unsubscribe.");
        t.add("publish", 3, PubSubCommands::publish).flags("pubsub loading stale fast").group("pubsub")
                .doc("Posts a message to a channel.", "2.0.0", "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).");
        t.add("ssubscribe", -2, PubSubCommands::ssubscribe).flags(mode).keys(1, -1, 1, "not_key").group("pubsub")
                .doc("Listens for messages published to shard channels.", "7.0.0", "O(N) where N is the number of shard channels to subscribe to.");
        t.add("sunsubscribe", -1, PubSubCommands::sunsubscribe).flags(mode).keys(1, -1, 1, "not_key").group("pubsub")
                .doc("Stops listening to messages posted to shard channels.", "7.0.0", "O(N) where N is the number of shard channels to unsubscribe.");
        t.add("spublish", 3, PubSubCommands::spublish).flags("pubsub loading stale fast").key(1, "not_key").group("pubsub")
                .doc("Post a message to a shard channel", "7.0.0", "O(N) where N is the number of clients subscribed to the receiving shard channel.");
        CommandSpec pubsub = t.container("pubsub", -2).group("pubsub")
                .doc("A container for Pub/Sub commands.", "2.8.0", "Depends on subcommand.");
        pubsub.sub("channels", -2, PubSubCommands::channels).flags("pubsub loading stale")
                .doc("Returns the active channels.", "2.8.0", "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)");
        pubsub.sub("numsub", -2, PubSubCommands::numsub).flags("pubsub loading stale")
                .doc("Returns a count of subscribers to channels.", "2.8.0", "O(N) for the NUMSUB subcommand, where N is the number of requested channels");
        pubsub.sub("numpat", 2, PubSubCommands::numpat).flags("pubsub loading stale")
                .doc("Returns a count of unique pattern subscriptions.", "2.8.0", "O(1)");
        pubsub.sub("shardchannels", -2, PubSubCommands::shardChannels).flags("pubsub loading stale")
                .doc("Returns the active shard channels.", "7.0.0", "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).");
        pubsub.sub("shardnumsub", -2, PubSubCommands::shardNumsub).flags("pubsub loading stale")
                .doc("Returns the count of subscribers of shard channels.", "7.0.0", "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels");
        pubsub.sub("help", 2, PubSubCommands::help).flags("loading stale")
                .doc("Returns helpful text about the different subcommands.", "6.2.0", "O(1)");
    }

    /** SUBSCRIBE channel [channel ...]: one confirmation per channel. */
    static void subscribe(Client c) {
        PubSub ps = c.server.pubsub;
        for (int i = 1; i < c.argc; i++) ps.subscribe(c, ps.classic, c.argv[i]);
    }

    /** UNSUBSCRIBE [channel ...]: the named channels, or all of them. */
    static void unsubscribe(Client c) {
        PubSub ps = c.server.pubsub;
        if (c.argc == 1) ps.unsubscribeAllOf(c, ps.classic, true);
        else for (int i = 1; i < c.argc; i++) ps.unsubscribe(c, ps.classic, c.argv[i], true);
        ps.updateMode(c);
    }

    static void psubscribe(Client c) {
        PubSub ps = c.server.pubsub;
        for (int i = 1; i < c.argc; i++) ps.psubscribe(c, c.argv[i]);
    }

    static void punsubscribe(Client c) {
        PubSub ps = c.server.pubsub;
        if (c.argc == 1) ps.punsubscribeAll(c, true);
        else for (int i = 1; i < c.argc; i++) ps.punsubscribe(c, c.argv[i], true);
        ps.updateMode(c);
    }

    static void ssubscribe(Client c) {
        PubSub ps = c.server.pubsub;
        for (int i = 1; i < c.argc; i++) ps.subscribe(c, ps.shard, c.argv[i]);
    }

    static void sunsubscribe(Client c) {
        PubSub ps = c.server.pubsub;
        if (c.argc == 1) ps.unsubscribeAllOf(c, ps.shard, true);
        else for (int i = 1; i < c.argc; i++) ps.unsubscribe(c, ps.shard, c.argv[i], true);
        ps.updateMode(c);
    }

    /** PUBLISH channel message: the number of clients that received it. */
    static void publish(Client c) {
        c.reply.integer(c.server.pubsub.publish(c.argv[1], c.argv[2]));
    }

    static void spublish(Client c) {
        c.reply.integer(c.server.pubsub.spublish(c.argv[1], c.argv[2]));
    }

    /** PUBSUB CHANNELS [pattern] */
    static void channels(Client c) {
        listChannels(c, c.server.pubsub.classic);
    }

    static void shardChannels(Client c) {
        listChannels(c, c.server.pubsub.shard);
    }

    private static void listChannels(Client c, PubSub.Kind kind) {
        if (c.argc > 3) {
            throw new RedisException("ERR unknown subcommand or wrong number of arguments for '" + c.arg(1) + "'. Try PUBSUB HELP.");
        }
        List<byte[]> names = c.server.pubsub.activeChannels(kind, c.argc == 3 ? c.argv[2] : null);
        c.reply.arrayHeader(names.size());
        for (byte[] n : names) c.reply.bulk(n);
    }

    /** PUBSUB NUMSUB [channel ...]: channel, count pairs (a flat array even in RESP3). */
    static void numsub(Client c) {
        numsubOf(c, c.server.pubsub.classic);
    }

    static void shardNumsub(Client c) {
        numsubOf(c, c.server.pubsub.shard);
    }

    private static void numsubOf(Client c, PubSub.Kind kind) {
        c.reply.arrayHeader((c.argc - 2) * 2L);
        for (int i = 2; i < c.argc; i++) {
            c.reply.bulk(c.argv[i]);
            c.reply.integer(c.server.pubsub.subscriberCount(kind, c.argv[i]));
        }
    }

    /** PUBSUB NUMPAT: distinct patterns subscribed to by anyone. */
    static void numpat(Client c) {
        c.reply.integer(c.server.pubsub.patternCount());
    }

    private static final String[] HELP = {
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
            "HELP",
            "    Prints this help.",
    };

    static void help(Client c) {
        c.reply.arrayHeader(HELP.length);
        for (String line : HELP) c.reply.simple(line);
    }
}
