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
        integer(c, "maxclients", true, 10000, 1, 4294967295L);
        string(c, "unixsocket", false, "");
        memory(c, "client-query-buffer-limit", true, 1024L * 1024 * 1024, 1024 * 1024, LLONG_MAX);
        memory(c, "proto-max-bulk-len", true, 512L * 1024 * 1024, 1024 * 1024, LLONG_MAX);
        special(c, "client-output-buffer-limit", true,
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
                ConfigParameters::outputBufferLimit);
        // ---- general
        integer(c, "databases", false, 16, 1, INT_MAX);
        enumeration(c, "loglevel", true, "notice", "debug", "verbose", "notice", "warning");
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
        // Redis answers CONFIG GET dir with getcwd(); the JVM cannot chdir, so dir starts as ours.
        string(c, "dir", true, System.getProperty("user.dir"));
        bool(c, "rdbcompression", true, "yes");
        bool(c, "rdbchecksum", false, "yes");
        bool(c, "stop-writes-on-bgsave-error", true, "yes");
        bool(c, "rdb-del-sync-files", true, "no");
        bool(c, "appendonly", true, "no");
        string(c, "appendfilename", false, "appendonly.aof");
        string(c, "appenddirname", false, "appendonlydir");
        enumeration(c, "appendfsync", true, "everysec", "everysec", "always", "no");
        bool(c, "no-appendfsync-on-rewrite", true, "no");
        integer(c, "auto-aof-rewrite-percentage", true, 100, 0, INT_MAX);
        memory(c, "auto-aof-rewrite-min-size", true, 64L * 1024 * 1024, 0, LLONG_MAX);
        bool(c, "aof-use-rdb-preamble", true, "yes");
        bool(c, "aof-load-truncated", true, "yes");
        bool(c, "aof-timestamp-enabled", true, "no");
        // ---- replication (lab 13)
        // Immutable for CONFIG SET: a running server changes master with the REPLICAOF command.
        special(c, "replicaof", false, "", ConfigParameters::anyText, "slaveof");
        bool(c, "replica-read-only", true, "yes", "slave-read-only");
        bool(c, "replica-serve-stale-data", true, "yes", "slave-serve-stale-data");
        bool(c, "repl-diskless-sync", true, "yes");
        integer(c, "repl-diskless-sync-delay", true, 5, 0, INT_MAX);
        integer(c, "repl-diskless-sync-max-replicas", true, 0, 0, INT_MAX);
        enumeration(c, "repl-diskless-load", true, "disabled", "disabled", "on-empty-db", "swapdb");
        memory(c, "repl-backlog-size", true, 1024L * 1024, 1, LLONG_MAX);
        integer(c, "repl-backlog-ttl", true, 3600, 0, LLONG_MAX);
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
        integer(c, "hash-max-listpack-entries", true, 512, 0, LLONG_MAX, "hash-max-ziplist-entries");
        memory(c, "hash-max-listpack-value", true, 64, 0, LLONG_MAX, "hash-max-ziplist-value");
        integer(c, "set-max-intset-entries", true, 512, 0, LLONG_MAX);
        // Listpack sets arrived in Redis 7.2: kept for code that reads them, hidden from patterns.
        integer(c, "set-max-listpack-entries", true, 128, 0, LLONG_MAX);
        memory(c, "set-max-listpack-value", true, 64, 0, LLONG_MAX);
        c.hide("set-max-listpack-entries");
        c.hide("set-max-listpack-value");
        integer(c, "zset-max-listpack-entries", true, 128, 0, LLONG_MAX, "zset-max-ziplist-entries");
        memory(c, "zset-max-listpack-value", true, 64, 0, LLONG_MAX, "zset-max-ziplist-value");
        memory(c, "hll-sparse-max-bytes", true, 3000, 0, LLONG_MAX);
        memory(c, "stream-node-max-bytes", true, 4096, 0, LLONG_MAX);
        integer(c, "stream-node-max-entries", true, 100, 0, LLONG_MAX);
        // ---- pub/sub, observability, scripting (labs 08, 15)
        special(c, "notify-keyspace-events", true, "", ConfigParameters::notifyFlags);
        integer(c, "slowlog-log-slower-than", true, 10000, -1, LLONG_MAX);
        integer(c, "slowlog-max-len", true, 128, 0, LLONG_MAX);
        integer(c, "latency-monitor-threshold", true, 0, 0, LLONG_MAX);
        bool(c, "latency-tracking", true, "yes");
        special(c, "latency-tracking-info-percentiles", true, "50 99 99.9", dev.rediscover.ops.LatencyTracking::normalisePercentiles);
        integer(c, "busy-reply-threshold", true, 5000, 0, LLONG_MAX, "lua-time-limit");
        integer(c, "tracking-table-max-keys", true, 1000000, 0, LLONG_MAX);
        string(c, "cluster-config-file", false, "nodes.conf");
        bool(c, "cluster-enabled", false, "no");
        special(c, "oom-score-adj-values", true, "0 200 800", ConfigParameters::anyText);
        enumeration(c, "oom-score-adj", true, "no", "no", "yes", "relative", "absolute");
        declareAcceptedOnly(c);
        // Where files go: changing them at run time is a classic attack path, so Redis 7.0 only
        // allows it when enable-protected-configs says so (PROTECTED_CONFIG in config.c).
        c.protect("dir");
        c.protect("dbfilename");
    }

    /**
     * Parameters Redis 7.0 has and the engine accepts without acting on them (TLS, cluster,
     * threads, defrag, syslog...): declared so CONFIG GET * lists what redis-server lists and a
     * real redis.conf loads unchanged.
     */
    private static void declareAcceptedOnly(Config c) {
        enumeration(c, "acl-pubsub-default", true, "resetchannels", "allchannels", "resetchannels");
        integer(c, "active-defrag-cycle-min", true, 1, 1, 99);
        integer(c, "active-defrag-cycle-max", true, 25, 1, 99);
        memory(c, "active-defrag-ignore-bytes", true, 104857600, 1, LLONG_MAX);
        integer(c, "active-defrag-max-scan-fields", true, 1000, 1, LLONG_MAX);
        integer(c, "active-defrag-threshold-lower", true, 10, 0, 1000);
        integer(c, "active-defrag-threshold-upper", true, 100, 0, 1000);
        bool(c, "aof-disable-auto-gc", true, "no");
        bool(c, "aof-rewrite-incremental-fsync", true, "yes");
        bool(c, "rdb-save-incremental-fsync", true, "yes");
        string(c, "server_cpulist", false, "");
        string(c, "bio_cpulist", false, "");
        string(c, "aof_rewrite_cpulist", false, "");
        string(c, "bgsave_cpulist", false, "");
        string(c, "bind-source-addr", true, "");
        bool(c, "cluster-allow-pubsubshard-when-down", true, "yes");
        bool(c, "cluster-allow-reads-when-down", true, "no");
        bool(c, "cluster-allow-replica-migration", true, "yes");
        integer(c, "cluster-announce-bus-port", true, 0, 0, 65535);
        string(c, "cluster-announce-hostname", true, "");
        string(c, "cluster-announce-ip", true, "");
        integer(c, "cluster-announce-port", true, 0, 0, 65535);
        integer(c, "cluster-announce-tls-port", true, 0, 0, 65535);
        memory(c, "cluster-link-sendbuf-limit", true, 0, 0, LLONG_MAX);
        integer(c, "cluster-migration-barrier", true, 1, 0, INT_MAX);
        integer(c, "cluster-node-timeout", true, 15000, 0, LLONG_MAX);
        integer(c, "cluster-port", false, 0, 0, 65535);
        enumeration(c, "cluster-preferred-endpoint-type", true, "ip", "ip", "hostname", "unknown-endpoint");
        bool(c, "cluster-replica-no-failover", true, "no", "cluster-slave-no-failover");
        integer(c, "cluster-replica-validity-factor", true, 10, 0, INT_MAX, "cluster-slave-validity-factor");
        bool(c, "cluster-require-full-coverage", true, "yes");
        bool(c, "crash-memcheck-enabled", true, "yes");
        bool(c, "disable-thp", false, "yes");
        string(c, "ignore-warnings", true, "");
        integer(c, "io-threads", false, 1, 1, 128);
        bool(c, "io-threads-do-reads", false, "no");
        bool(c, "jemalloc-bg-thread", true, "yes");
        special(c, "maxmemory-clients", true, "0", ConfigParameters::memoryOrPercent);
        string(c, "proc-title-template", true, "{title} {listen-addr} {server-mode}");
        enumeration(c, "propagation-error-behavior", true, "ignore", "ignore", "panic", "panic-on-replicas");
        bool(c, "replica-ignore-disk-write-errors", true, "no");
        enumeration(c, "sanitize-dump-payload", true, "no", "no", "yes", "clients");
        enumeration(c, "shutdown-on-sigint", true, "default", "default", "save", "nosave", "now", "force");
        enumeration(c, "shutdown-on-sigterm", true, "default", "default", "save", "nosave", "now", "force");
        integer(c, "shutdown-timeout", true, 10, 0, INT_MAX);
        integer(c, "socket-mark-id", false, 0, 0, 4294967295L);
        enumeration(c, "supervised", false, "no", "upstart", "systemd", "auto", "no");
        bool(c, "syslog-enabled", false, "no");
        string(c, "syslog-facility", false, "local0");
        string(c, "syslog-ident", false, "redis");
        integer(c, "tls-port", true, 0, 0, 65535);
        bool(c, "tls-auth-clients", true, "yes");
        for (String n : new String[]{"tls-ca-cert-dir", "tls-ca-cert-file", "tls-cert-file", "tls-ciphers",
                "tls-ciphersuites", "tls-client-cert-file", "tls-client-key-file", "tls-client-key-file-pass",
                "tls-dh-params-file", "tls-key-file", "tls-key-file-pass", "tls-protocols"}) {
            string(c, n, true, "");
        }
        bool(c, "tls-cluster", true, "no");
        bool(c, "tls-prefer-server-ciphers", true, "no");
        bool(c, "tls-replication", true, "no");
        integer(c, "tls-session-cache-size", true, 20480, 0, INT_MAX);
        integer(c, "tls-session-cache-timeout", true, 300, 0, INT_MAX);
        bool(c, "tls-session-caching", true, "yes");
        integer(c, "unixsocketperm", false, 0, 0, 0777);
    }

    /** maxmemory-clients: a memory value or a percentage of maxmemory ("10%"). */
    private static String memoryOrPercent(String raw) throws ConfigException {
        if (raw.endsWith("%")) {
            try {
                long pct = Long.parseLong(raw.substring(0, raw.length() - 1));
                if (pct >= 0) return pct + "%";
            } catch (NumberFormatException ignored) {
                // falls through to the error
            }
            throw new ConfigException("argument must be a memory or percent value");
        }
        long n = Config.parseMemory(raw);
        if (n < 0) throw new ConfigException("argument must be a memory or percent value");
        return Long.toString(n);
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
