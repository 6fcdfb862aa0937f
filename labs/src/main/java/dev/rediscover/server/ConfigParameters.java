/*
 * The table of configuration parameters, with Redis 7.0's names, defaults and limits
 * (config.c, standardConfig configs[]). Adding a parameter is one line here; code that needs the
 * value reads it from Config, or subscribes with Config.onChange.
 *
 * Not every parameter does something yet: some are accepted so that redis.conf files and tools
 * that set them (redis-cli, Sentinel, client libraries) work, and later labs give them meaning.
 */
package dev.rediscover.server;

import dev.rediscover.server.Config.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

final class ConfigParameters {
    private ConfigParameters() {}

    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long LLONG_MAX = Long.MAX_VALUE;

    static void declare(Config c) {
        // ---- networking
        integer(c, "port", true, 6379, 0, 65535);
        special(c, "bind", true, "* -::*", ConfigParameters::bind);
        bool(c, "protected-mode", true, "yes");
        integer(c, "tcp-backlog", false, 511, 0, INT_MAX);
        integer(c, "timeout", true, 0, 0, INT_MAX);
        integer(c, "tcp-keepalive", true, 300, 0, INT_MAX);
        integer(c, "maxclients", true, 10000, 1, INT_MAX);
        string(c, "unixsocket", false, "");
        memory(c, "client-query-buffer-limit", true, 1024L * 1024 * 1024, 1024 * 1024, LLONG_MAX);
        memory(c, "proto-max-bulk-len", true, 512L * 1024 * 1024, 1024 * 1024, LLONG_MAX);
        special(c, "client-output-buffer-limit", true,
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
                ConfigParameters::outputBufferLimit);
        // ---- general
        integer(c, "databases", false, 16, 1, INT_MAX);
        enumeration(c, "loglevel", true, "notice", "debug", "verbose", "notice", "warning", "nothing");
        string(c, "logfile", false, "");
        bool(c, "daemonize", false, "no");
        string(c, "pidfile", false, "");
        integer(c, "hz", true, 10, 0, INT_MAX);
        bool(c, "dynamic-hz", true, "yes");
        integer(c, "active-expire-effort", true, 1, 1, 10);
        bool(c, "activerehashing", true, "yes");
        bool(c, "always-show-logo", false, "no");
        bool(c, "set-proc-title", false, "yes");
        bool(c, "crash-log-enabled", true, "yes");
        string(c, "requirepass", true, "");
        string(c, "masterauth", true, "");
        string(c, "masteruser", true, "");
        string(c, "aclfile", false, "");
        integer(c, "acllog-max-len", true, 128, 0, LLONG_MAX);
        enumeration(c, "enable-debug-command", false, "no", "no", "yes", "local");
        enumeration(c, "enable-protected-configs", false, "no", "no", "yes", "local");
        enumeration(c, "enable-module-command", false, "no", "no", "yes", "local");
        // ---- persistence (lab 11, 12)
        special(c, "save", true, "3600 1 300 100 60 10000", ConfigParameters::save);
        string(c, "dbfilename", true, "dump.rdb");
        string(c, "dir", true, "");
        bool(c, "rdbcompression", true, "yes");
        bool(c, "rdbchecksum", true, "yes");
        bool(c, "stop-writes-on-bgsave-error", true, "yes");
        bool(c, "rdb-del-sync-files", true, "no");
        bool(c, "appendonly", true, "no");
        string(c, "appendfilename", false, "appendonly.aof");
        string(c, "appenddirname", false, "appendonlydir");
        enumeration(c, "appendfsync", true, "everysec", "always", "everysec", "no");
        bool(c, "no-appendfsync-on-rewrite", true, "no");
        integer(c, "auto-aof-rewrite-percentage", true, 100, 0, INT_MAX);
        memory(c, "auto-aof-rewrite-min-size", true, 64L * 1024 * 1024, 0, LLONG_MAX);
        bool(c, "aof-use-rdb-preamble", true, "yes");
        bool(c, "aof-load-truncated", true, "yes");
        bool(c, "aof-timestamp-enabled", true, "no");
        // ---- replication (lab 13)
        special(c, "replicaof", true, "", ConfigParameters::anyText, "slaveof");
        bool(c, "replica-read-only", true, "yes", "slave-read-only");
        bool(c, "replica-serve-stale-data", true, "yes", "slave-serve-stale-data");
        bool(c, "repl-diskless-sync", true, "yes");
        integer(c, "repl-diskless-sync-delay", true, 5, 0, INT_MAX);
        integer(c, "repl-diskless-sync-max-replicas", true, 0, 0, INT_MAX);
        enumeration(c, "repl-diskless-load", true, "disabled", "disabled", "on-empty-db", "swapdb");
        memory(c, "repl-backlog-size", true, 1024L * 1024, 1, LLONG_MAX);
        integer(c, "repl-backlog-ttl", true, 3600, 0, INT_MAX);
        integer(c, "repl-ping-replica-period", true, 10, 1, INT_MAX, "repl-ping-slave-period");
        integer(c, "repl-timeout", true, 60, 1, INT_MAX);
        bool(c, "repl-disable-tcp-nodelay", true, "no");
        integer(c, "replica-priority", true, 100, 0, INT_MAX, "slave-priority");
        string(c, "replica-announce-ip", true, "", "slave-announce-ip");
        integer(c, "replica-announce-port", true, 0, 0, 65535, "slave-announce-port");
        bool(c, "replica-announced", true, "yes");
        bool(c, "replica-lazy-flush", true, "no", "slave-lazy-flush");
        bool(c, "replica-ignore-maxmemory", true, "yes", "slave-ignore-maxmemory");
        integer(c, "min-replicas-to-write", true, 0, 0, INT_MAX, "min-slaves-to-write");
        integer(c, "min-replicas-max-lag", true, 10, 0, INT_MAX, "min-slaves-max-lag");
        // ---- memory and eviction (lab 14)
        memory(c, "maxmemory", true, 0, 0, LLONG_MAX);
        enumeration(c, "maxmemory-policy", true, "noeviction", "volatile-lru", "volatile-lfu",
                "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction");
        integer(c, "maxmemory-samples", true, 5, 1, INT_MAX);
        integer(c, "maxmemory-eviction-tenacity", true, 10, 0, 100);
        integer(c, "lfu-log-factor", true, 10, 0, INT_MAX);
        integer(c, "lfu-decay-time", true, 1, 0, INT_MAX);
        bool(c, "lazyfree-lazy-eviction", true, "no");
        bool(c, "lazyfree-lazy-expire", true, "no");
        bool(c, "lazyfree-lazy-server-del", true, "no");
        bool(c, "lazyfree-lazy-user-del", true, "no");
        bool(c, "lazyfree-lazy-user-flush", true, "no");
        bool(c, "activedefrag", true, "no");
        // ---- data type encodings (labs 05-07)
        integer(c, "list-max-listpack-size", true, -2, Integer.MIN_VALUE, INT_MAX, "list-max-ziplist-size");
        integer(c, "list-compress-depth", true, 0, 0, INT_MAX);
        integer(c, "hash-max-listpack-entries", true, 128, 0, LLONG_MAX, "hash-max-ziplist-entries");
        integer(c, "hash-max-listpack-value", true, 64, 0, LLONG_MAX, "hash-max-ziplist-value");
        integer(c, "set-max-intset-entries", true, 512, 0, LLONG_MAX);
        integer(c, "set-max-listpack-entries", true, 128, 0, LLONG_MAX);
        integer(c, "set-max-listpack-value", true, 64, 0, LLONG_MAX);
        integer(c, "zset-max-listpack-entries", true, 128, 0, LLONG_MAX, "zset-max-ziplist-entries");
        integer(c, "zset-max-listpack-value", true, 64, 0, LLONG_MAX, "zset-max-ziplist-value");
        integer(c, "hll-sparse-max-bytes", true, 3000, 0, LLONG_MAX);
        integer(c, "stream-node-max-bytes", true, 4096, 0, LLONG_MAX);
        integer(c, "stream-node-max-entries", true, 100, 0, LLONG_MAX);
        // ---- pub/sub, observability, scripting (labs 08, 15)
        special(c, "notify-keyspace-events", true, "", ConfigParameters::notifyFlags);
        integer(c, "slowlog-log-slower-than", true, 10000, -1, LLONG_MAX);
        integer(c, "slowlog-max-len", true, 128, 0, LLONG_MAX);
        integer(c, "latency-monitor-threshold", true, 0, 0, LLONG_MAX);
        bool(c, "latency-tracking", true, "yes");
        special(c, "latency-tracking-info-percentiles", true, "50 99 99.9", ConfigParameters::anyText);
        integer(c, "busy-reply-threshold", true, 5000, 0, LLONG_MAX, "lua-time-limit");
        integer(c, "tracking-table-max-keys", true, 1000000, 0, LLONG_MAX);
        string(c, "cluster-config-file", false, "nodes.conf");
        bool(c, "cluster-enabled", false, "no");
        special(c, "oom-score-adj-values", true, "0 200 800", ConfigParameters::anyText);
        enumeration(c, "oom-score-adj", true, "no", "no", "yes", "relative", "absolute");
    }

    // ---------------------------------------------------------------- declaration helpers

    private static void bool(Config c, String name, boolean mutable, String def, String... aliases) {
        c.declare(name, Kind.BOOL, mutable, def, 0, 0, null, null, aliases);
    }

    private static void integer(Config c, String name, boolean mutable, long def, long min, long max, String... aliases) {
        c.declare(name, Kind.INT, mutable, Long.toString(def), min, max, null, null, aliases);
    }

    private static void memory(Config c, String name, boolean mutable, long def, long min, long max, String... aliases) {
        c.declare(name, Kind.MEMORY, mutable, Long.toString(def), min, max, null, null, aliases);
    }

    private static void string(Config c, String name, boolean mutable, String def, String... aliases) {
        c.declare(name, Kind.STRING, mutable, def, 0, 0, null, null, aliases);
    }

    private static void enumeration(Config c, String name, boolean mutable, String def, String... choices) {
        c.declare(name, Kind.ENUM, mutable, def, 0, 0, choices, null);
    }

    private static void special(Config c, String name, boolean mutable, String def, Config.Normaliser n, String... aliases) {
        c.declare(name, Kind.SPECIAL, mutable, def, 0, 0, null, n, aliases);
    }

    // ---------------------------------------------------------------- special formats

    private static String anyText(String raw) { return raw; }

    private static String bind(String raw) throws ConfigException {
        String v = raw.trim();
        if (v.isEmpty()) throw new ConfigException("Too many bind addresses specified.");
        return String.join(" ", v.split("\\s+"));
    }

    /** "save": pairs of "<seconds> <changes>", or "" to disable snapshots. */
    private static String save(String raw) throws ConfigException {
        String v = raw.trim();
        if (v.isEmpty()) return "";
        String[] parts = v.split("\\s+");
        if (parts.length % 2 != 0) throw new ConfigException("Invalid save parameters");
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            try {
                long n = Long.parseLong(p);
                if (n < 0) throw new ConfigException("Invalid save parameters");
                out.add(Long.toString(n));
            } catch (NumberFormatException e) {
                throw new ConfigException("Invalid save parameters");
            }
        }
        return String.join(" ", out);
    }

    /** "class hard soft seconds" triples; classes normal, replica (slave), pubsub. */
    private static String outputBufferLimit(String raw) throws ConfigException {
        String[] parts = raw.trim().split("\\s+");
        if (parts.length % 4 != 0) throw new ConfigException("Wrong number of arguments in buffer limit configuration.");
        String[] classes = {"normal", "slave", "pubsub"};
        long[][] values = {{0, 0, 0}, {268435456, 67108864, 60}, {33554432, 8388608, 60}};
        for (int i = 0; i < parts.length; i += 4) {
            String cls = parts[i].toLowerCase(Locale.ROOT);
            if (cls.equals("replica")) cls = "slave";
            int idx = List.of(classes).indexOf(cls);
            if (idx < 0) throw new ConfigException("Invalid client class specified in buffer limit configuration.");
            long hard = Config.parseMemory(parts[i + 1]);
            long soft = Config.parseMemory(parts[i + 2]);
            long secs;
            try {
                secs = Long.parseLong(parts[i + 3]);
            } catch (NumberFormatException e) {
                secs = -1;
            }
            if (hard < 0 || soft < 0 || secs < 0) throw new ConfigException("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
            values[idx] = new long[]{hard, soft, secs};
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if (i > 0) sb.append(' ');
            sb.append(classes[i]).append(' ').append(values[i][0]).append(' ')
                    .append(values[i][1]).append(' ').append(values[i][2]);
        }
        return sb.toString();
    }

    /** notify-keyspace-events: letters from "KEg$lshzxetmdnA"; CONFIG GET answers in Redis's order. */
    private static String notifyFlags(String raw) throws ConfigException {
        for (char ch : raw.toCharArray()) {
            if ("KEg$lshzxetmdnA".indexOf(ch) < 0) throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
        }
        // Redis's keyspaceEventsFlagsToString order: A (or the classes) then K E, m, n.
        boolean all = raw.indexOf('A') >= 0;
        StringBuilder sb = new StringBuilder();
        if (all) sb.append('A');
        else for (char ch : "g$lshzxetd".toCharArray()) if (raw.indexOf(ch) >= 0) sb.append(ch);
        if (raw.indexOf('K') >= 0) sb.append('K');
        if (raw.indexOf('E') >= 0) sb.append('E');
        if (raw.indexOf('m') >= 0) sb.append('m');
        if (raw.indexOf('n') >= 0) sb.append('n');
        return sb.toString();
    }
}
