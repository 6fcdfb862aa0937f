/*
 * The list of command files. Each contributes its commands to the table with a static
 * register(Server) method, the way Redis's command table lists every command in one place
 * (commands.def, generated from src/commands/*.json). Later labs add their files here.
 */
package dev.rediscover.command;

import dev.rediscover.expire.ExpireCommands;
import dev.rediscover.keyspace.KeyCommands;
import dev.rediscover.ops.ClientCommands;
import dev.rediscover.ops.CommandCommands;
import dev.rediscover.ops.ConfigCommands;
import dev.rediscover.ops.InfoCommand;
import dev.rediscover.ops.ServerCommands;
import dev.rediscover.pubsub.PubSubCommands;
import dev.rediscover.rdb.DumpRestoreCommands;
import dev.rediscover.replication.ReplicationCommands;
import dev.rediscover.server.ConnectionCommands;
import dev.rediscover.server.Server;
import dev.rediscover.types.SortCommand;
import dev.rediscover.tx.TransactionCommands;
import dev.rediscover.types.hash.HashCommands;
import dev.rediscover.types.set.SetCommands;
import dev.rediscover.types.list.ListCommands;
import dev.rediscover.types.string.BitmapCommands;
import dev.rediscover.types.string.StringCommands;
import dev.rediscover.types.zset.SortedSetCommands;
import dev.rediscover.stream.StreamCommands;
import dev.rediscover.stream.StreamGroupCommands;

public final class Commands {
    private Commands() {}

    public static void registerAll(Server server) {
        ConnectionCommands.register(server);
        StringCommands.register(server);
        BitmapCommands.register(server);
        KeyCommands.register(server);
        ExpireCommands.register(server);
        ServerCommands.register(server);
        ConfigCommands.register(server);
        ClientCommands.register(server);
        dev.rediscover.tracking.TrackingCommands.register(server);
        ListCommands.register(server);
        InfoCommand.register(server);
        dev.rediscover.ops.LatencyCommands.register(server);
        CommandCommands.register(server);
        HashCommands.register(server);
        SetCommands.register(server);
        SortedSetCommands.register(server);
        SortCommand.register(server);
        PubSubCommands.register(server);
        // Before TransactionCommands: its MULTI queue must stay the very last gate, after MISCONF.
        dev.rediscover.persistence.PersistenceCommands.register(server);
        dev.rediscover.ops.ClientPause.register(server);   // its gate must come before MULTI's
        TransactionCommands.register(server);
        StreamCommands.register(server);
        StreamGroupCommands.register(server);
        DumpRestoreCommands.register(server);
        ReplicationCommands.register(server);
        dev.rediscover.evict.Eviction.register(server);
        dev.rediscover.acl.AclCommands.register(server);
        // Last: a monitor's "can't interact with the keyspace" comes after OOM, MISCONF, READONLY.
        dev.rediscover.ops.SlowLogCommands.register(server);
        dev.rediscover.ops.Monitor.register(server);
    }
}
