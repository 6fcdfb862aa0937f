/*
 * The replication commands: REPLICAOF/SLAVEOF (replicaofCommand), ROLE (roleCommand), the
 * internal REPLCONF, PSYNC and SYNC a replica sends its master (replconfCommand, syncCommand),
 * and WAIT (waitCommand), all in Redis's replication.c. The state they act on is Replication.
 */
package dev.rediscover.replication;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

public final class ReplicationCommands {
    private ReplicationCommands() {}

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("replicaof", 3, ReplicationCommands::replicaof).flags("admin noscript stale no_async_loading").group("server")
                .doc("Makes the server follow another instance as its replica, or turns it back into a master.", "5.0.0", "O(1)");
        t.add("slaveof", 3, ReplicationCommands::replicaof).flags("admin noscript stale no_async_loading").group("server")
                .doc("Makes the server follow another instance as its replica, or turns it back into a master.", "1.0.0", "O(1)")
                .docFlags("deprecated").deprecated("5.0.0", "`REPLICAOF`");
        t.add("role", 1, ReplicationCommands::role).flags("noscript loading stale fast").group("server")
                .acl("admin fast dangerous")
                .doc("Tells whether this instance is a master or a replica, with its replication state.", "2.8.12", "O(1)");
        t.add("replconf", -1, ReplicationCommands::replconf).flags("admin noscript loading stale allow_busy").group("server")
                .doc("Configures the replication stream (used between master and replica).", "3.0.0", "O(1)")
                .docFlags("syscmd");
        t.add("psync", -3, ReplicationCommands::psync).flags("admin noscript no_async_loading no_multi").group("server")
                .doc("Starts or resumes a replication stream (used by replicas).", "2.8.0", null);
        t.add("sync", 1, ReplicationCommands::sync).flags("admin noscript no_async_loading no_multi").group("server")
                .doc("Starts a full replication stream (used by old replicas).", "1.0.0", null);
        t.add("wait", 3, ReplicationCommands::waitCommand).flags("noscript").group("generic")
                .acl("slow connection")
                .tips("request_policy:all_shards", "response_policy:agg_min")
                .doc("Blocks until the writes sent so far by this connection reached a number of replicas.", "3.0.0", "O(1)");
        Replication r = Replication.of(server);
        server.dispatcher.addGate(r::gate);
        // A `replicaof host port` line in redis.conf: start following once the loop runs.
        String conf = server.config.get("replicaof").trim();
        if (!conf.isEmpty()) {
            String[] w = conf.split("\\s+");
            if (w.length == 2) server.loop().execute(() -> r.follow(w[0], Integer.parseInt(w[1])));
        }
    }

    /** REPLICAOF host port | NO ONE */
    static void replicaof(Client c) {
        Replication r = Replication.of(c.server);
        if (Args.equalsAscii(c.argv[1], "no") && Args.equalsAscii(c.argv[2], "one")) {
            if (r.isReplica()) {
                r.promote();
                c.server.log.notice("MASTER MODE enabled (user request from 'id=" + c.id + " addr=" + c.address + "')");
            }
            c.reply.ok();
            return;
        }
        if (c.has(Client.REPLICA)) throw new RedisException("ERR Command is not valid when client is a replica.");
        long port = Args.parseLongOr(c.argv[2], 0, c.argv[2].length, -1);
        if (port < 0 || port > 65535) throw new RedisException("ERR Invalid master port");
        String host = c.arg(1);
        if (r.link != null && r.link.host.equalsIgnoreCase(host) && r.link.port == port) {
            c.reply.simple("OK Already connected to specified master");
            return;
        }
        r.follow(host, (int) port);
        c.server.log.notice("REPLICAOF " + host + ":" + port + " enabled (user request from 'id=" + c.id + " addr=" + c.address + "')");
        c.reply.ok();
    }

    /** ROLE: master offset [[ip port offset]...] | slave host port state offset */
    static void role(Client c) {
        Replication r = Replication.of(c.server);
        if (r.link == null) {
            c.reply.arrayHeader(3);
            c.reply.bulk("master");
            c.reply.integer(r.masterReplOffset);
            c.reply.arrayHeader(r.replicas.size());
            for (Client s : r.replicas) {
                Replication.ReplicaState st = Replication.state(s);
                c.reply.arrayHeader(3);
                c.reply.bulk(Replication.ip(s));
                c.reply.bulk(Integer.toString(st.listeningPort));
                c.reply.bulk(Long.toString(st.ackOffset));
            }
        } else {
            c.reply.arrayHeader(5);
            c.reply.bulk("slave");
            c.reply.bulk(r.link.host);
            c.reply.integer(r.link.port);
            c.reply.bulk(r.link.roleState());
            c.reply.integer(r.link.roleOffset());
        }
    }

    /** REPLCONF option value [option value ...] */
    static void replconf(Client c) {
        if (c.argc % 2 == 0) throw Errors.syntax();
        Replication r = Replication.of(c.server);
        for (int i = 1; i < c.argc; i += 2) {
            byte[] opt = c.argv[i];
            if (Args.equalsAscii(opt, "listening-port")) {
                long p = Args.parseLong(c.argv[i + 1]);
                Replication.state(c).listeningPort = (int) p;
            } else if (Args.equalsAscii(opt, "ip-address")) {
                Replication.state(c).announcedIp = c.arg(i + 1);
            } else if (Args.equalsAscii(opt, "capa")) {
                if (Args.equalsAscii(c.argv[i + 1], "eof")) Replication.state(c).capaEof = true;
                else if (Args.equalsAscii(c.argv[i + 1], "psync2")) Replication.state(c).capaPsync2 = true;
            } else if (Args.equalsAscii(opt, "ack")) {
                // From a replica: its applied offset. Never answered.
                if (!c.has(Client.REPLICA)) return;
                long off = Args.parseLongOr(c.argv[i + 1], 0, c.argv[i + 1].length, Long.MIN_VALUE);
                if (off != Long.MIN_VALUE) r.ack(c, off);
                return;
            } else if (Args.equalsAscii(opt, "getack")) {
                // From our master: answer with REPLCONF ACK at once. Never a normal reply.
                if (r.link != null && r.link.master != null) r.link.sendAck();
                return;
            } else if (Args.equalsAscii(opt, "rdb-only")) {
                long v = Args.parseLong(c.argv[i + 1]);
                if (v != 0 && v != 1) throw Errors.syntax();
            } else {
                throw new RedisException("ERR Unrecognized REPLCONF option: " + c.arg(i));
            }
        }
        c.reply.ok();
    }

    /** PSYNC replicationid offset */
    static void psync(Client c) {
        long offset = Args.parseLong(c.argv[2]);
        Replication.of(c.server).sync(c, true, c.arg(1), offset);
    }

    /** SYNC: the pre-PSYNC full synchronization. */
    static void sync(Client c) {
        Replication.of(c.server).sync(c, false, "?", -1);
    }

    /** WAIT numreplicas timeout */
    static void waitCommand(Client c) {
        Replication r = Replication.of(c.server);
        if (r.isReplica()) {
            throw new RedisException("ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 "
                    + "if a replica is configured to be writable (which is not the default) writes to replicas are just local "
                    + "and are not propagated.");
        }
        long numReplicas = Args.parseLong(c.argv[1]);
        long timeout = Args.parseLong(c.argv[2], "ERR timeout is not an integer or out of range");
        if (timeout < 0) throw new RedisException("ERR timeout is negative");
        r.waitFor(c, numReplicas, timeout);
    }
}
