/*
 * INFO [section ...]: the server's state as "field:value" lines grouped in "# Section" blocks,
 * the text monitoring tools and redis-cli parse (Redis: server.c, infoCommand and
 * genRedisInfoString).
 *
 * Sections always come out in Redis's fixed order, whatever order they were asked in:
 *
 *   server clients memory persistence stats replication cpu modules commandstats errorstats
 *   latencystats cluster keyspace
 *
 * With no argument, or "default", the default set is given (all but commandstats and
 * latencystats); "all" adds those two; "everything" also adds module sections (we have none).
 * An unknown section name simply contributes nothing. Field names and their order are Redis
 * 7.0.15's; values come from Server, ServerStats, Keyspace and the JVM (see Metrics for how
 * JVM memory stands in for Redis's allocator figures). Fields about machinery the engine does
 * not have (forks, AOF rewrites, TLS, defrag) are given their idle values, so parsers find every
 * field they expect.
 */
package dev.rediscover.ops;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.keyspace.Database;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

public final class InfoCommand {
    private InfoCommand() {}

    static final List<String> ORDER = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");
    private static final Set<String> DEFAULT = Set.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");

    public static void register(Server server) {
        Metrics.of(server);   // start sampling ops/sec and peak memory now, not at the first INFO
        server.commands.add("info", -1, InfoCommand::info).flags("loading stale").group("server").acl("@dangerous")
                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                .doc("Returns information and statistics about the server.", "1.0.0", "O(1)");
    }

    /** INFO [section [section ...]] */
    static void info(Client c) {
        Set<String> wanted = new LinkedHashSet<>();
        if (c.argc == 1) wanted.addAll(DEFAULT);
        for (int i = 1; i < c.argc; i++) {
            String s = c.arg(i).toLowerCase(Locale.ROOT);
            switch (s) {
                case "default" -> wanted.addAll(DEFAULT);
                case "all", "everything" -> wanted.addAll(ORDER);
                default -> wanted.add(s);
            }
        }
        c.reply.verbatim(generate(c.server, wanted));
    }

    /** The INFO text for the given (lower-case) section names. */
    public static String generate(Server s, Set<String> wanted) {
        StringBuilder sb = new StringBuilder(4096);
        int sections = 0;
        for (String name : ORDER) {
            if (!wanted.contains(name)) continue;
            if (sections++ > 0) sb.append("\r\n");
            sb.append("# ").append(title(name)).append("\r\n");
            switch (name) {
                case "server" -> server(s, sb);
                case "clients" -> clients(s, sb);
                case "memory" -> memory(s, sb);
                case "persistence" -> persistence(s, sb);
                case "stats" -> stats(s, sb);
                case "replication" -> replication(s, sb);
                case "cpu" -> cpu(sb);
                case "commandstats" -> commandStats(s, sb);
                case "errorstats" -> errorStats(s, sb);
                case "latencystats" -> LatencyTracking.of(s).info(sb);
                case "cluster" -> field(sb, "cluster_enabled", 0);
                case "keyspace" -> keyspace(s, sb);
                // modules: there are none.
                default -> { }
            }
        }
        return sb.toString();
    }

    private static String title(String name) {
        return switch (name) {
            case "cpu" -> "CPU";
            case "commandstats" -> "Commandstats";
            case "errorstats" -> "Errorstats";
            case "latencystats" -> "Latencystats";
            default -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
        };
    }

    private static void field(StringBuilder sb, String name, Object value) {
        sb.append(name).append(':').append(value).append("\r\n");
    }

    // ---------------------------------------------------------------- sections

    private static void server(Server s, StringBuilder sb) {
        long uptime = s.uptimeSeconds();
        field(sb, "redis_version", Server.VERSION);
        field(sb, "redis_git_sha1", "00000000");
        field(sb, "redis_git_dirty", 0);
        field(sb, "redis_build_id", s.runId.substring(0, 16));
        field(sb, "redis_mode", "standalone");
        field(sb, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + arch());
        field(sb, "arch_bits", System.getProperty("sun.arch.data.model", "64"));
        field(sb, "monotonic_clock", "System.nanoTime");
        field(sb, "multiplexing_api", multiplexingApi());
        field(sb, "atomicvar_api", "jvm");
        field(sb, "gcc_version", "0.0.0");
        field(sb, "process_id", ProcessHandle.current().pid());
        field(sb, "process_supervised", "no");
        field(sb, "run_id", s.runId);
        field(sb, "tcp_port", s.port());
        field(sb, "server_time_usec", s.clock.millis() * 1000);
        field(sb, "uptime_in_seconds", uptime);
        field(sb, "uptime_in_days", uptime / 86400);
        field(sb, "hz", Math.max(1, Math.min(500, s.config.getInt("hz"))));
        field(sb, "configured_hz", s.config.getInt("hz"));
        field(sb, "lru_clock", (s.clock.millis() / 1000) & ((1 << 24) - 1));
        field(sb, "executable", ProcessHandle.current().info().command().orElse(""));
        field(sb, "config_file", s.config.configFile() == null ? "" : s.config.configFile().toString());
        field(sb, "io_threads_active", 0);
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("amd64") ? "x86_64" : a;
    }

    /** Java's selector sits on epoll on Linux and kqueue on macOS, as Redis's ae does. */
    private static String multiplexingApi() {
        String provider = java.nio.channels.spi.SelectorProvider.provider().getClass().getSimpleName().toLowerCase(Locale.ROOT);
        if (provider.contains("epoll")) return "epoll";
        if (provider.contains("kqueue")) return "kqueue";
        return "select";
    }

    private static void clients(Server s, StringBuilder sb) {
        long maxIn = 0, maxOut = 0;
        for (Client c : s.clients()) {
            maxIn = Math.max(maxIn, c.reader.capacity());
            maxOut = Math.max(maxOut, c.reply.capacity());
        }
        field(sb, "connected_clients", s.clients().size());
        field(sb, "cluster_connections", 0);
        field(sb, "maxclients", s.config.get("maxclients"));
        field(sb, "client_recent_max_input_buffer", maxIn);
        field(sb, "client_recent_max_output_buffer", maxOut);
        field(sb, "blocked_clients", s.blocking.blockedClients() + ClientPause.of(s).parkedClients());
        field(sb, "tracking_clients", dev.rediscover.tracking.Tracking.of(s).clients());
        field(sb, "clients_in_timeout_table", s.blocking.clientsWithTimeout());
    }

    /**
     * Memory, mapped to the JVM. used_memory is the engine's own count (evict.UsedMemory: a
     * startup charge, the keys' estimates, hash tables and client buffers), the figure maxmemory
     * is compared with; "allocator" figures are the JVM's: the heap in use (garbage included),
     * the committed heap (what the JVM took from the OS for objects) and the RSS.
     */
    private static void memory(Server s, StringBuilder sb) {
        Metrics m = Metrics.of(s);
        var um = dev.rediscover.evict.UsedMemory.of(s);
        long used = m.usedMemoryUpdatingPeak();
        long heap = Metrics.heapInUse();
        long rss = Metrics.rss();
        // The heap the JVM has committed, but only the part actually resident counts as "active".
        long committed = Math.min(Runtime.getRuntime().totalMemory(), rss);
        long clientsMem = 0;
        for (Client c : s.clients()) clientsMem += ClientCommands.totalMemory(c);
        long dataset = um.dataset();
        long overhead = used - dataset;
        long maxmemory = s.config.getLong("maxmemory");
        long system = totalSystemMemory();
        field(sb, "used_memory", used);
        field(sb, "used_memory_human", Metrics.human(used));
        field(sb, "used_memory_rss", rss);
        field(sb, "used_memory_rss_human", Metrics.human(rss));
        field(sb, "used_memory_peak", m.peakMemory);
        field(sb, "used_memory_peak_human", Metrics.human(m.peakMemory));
        field(sb, "used_memory_peak_perc", percent(used, m.peakMemory));
        field(sb, "used_memory_overhead", overhead);
        field(sb, "used_memory_startup", m.startupMemory);
        field(sb, "used_memory_dataset", dataset);
        field(sb, "used_memory_dataset_perc", percent(dataset, used - m.startupMemory));
        field(sb, "allocator_allocated", heap);
        field(sb, "allocator_active", committed);
        field(sb, "allocator_resident", rss);
        field(sb, "total_system_memory", system);
        field(sb, "total_system_memory_human", Metrics.human(system));
        // No Lua, no functions: the figures an empty Redis shows for them.
        field(sb, "used_memory_lua", 0);
        field(sb, "used_memory_vm_eval", 0);
        field(sb, "used_memory_lua_human", "0B");
        field(sb, "used_memory_scripts_eval", 0);
        field(sb, "number_of_cached_scripts", 0);
        field(sb, "number_of_functions", 0);
        field(sb, "number_of_libraries", 0);
        field(sb, "used_memory_vm_functions", 0);
        field(sb, "used_memory_vm_total", 0);
        field(sb, "used_memory_vm_total_human", "0B");
        field(sb, "used_memory_functions", 0);
        field(sb, "used_memory_scripts", 0);
        field(sb, "used_memory_scripts_human", "0B");
        field(sb, "maxmemory", maxmemory);
        field(sb, "maxmemory_human", Metrics.human(maxmemory));
        field(sb, "maxmemory_policy", s.config.get("maxmemory-policy"));
        field(sb, "allocator_frag_ratio", ratio(committed, heap));
        field(sb, "allocator_frag_bytes", committed - heap);
        field(sb, "allocator_rss_ratio", ratio(rss, committed));
        field(sb, "allocator_rss_bytes", rss - committed);
        field(sb, "rss_overhead_ratio", ratio(rss, committed));
        field(sb, "rss_overhead_bytes", rss - committed);
        field(sb, "mem_fragmentation_ratio", ratio(rss, used));
        field(sb, "mem_fragmentation_bytes", rss - used);
        field(sb, "mem_not_counted_for_evict", 0);
        field(sb, "mem_replication_backlog", 0);
        field(sb, "mem_total_replication_buffers", 0);
        field(sb, "mem_clients_slaves", 0);
        field(sb, "mem_clients_normal", clientsMem);
        field(sb, "mem_cluster_links", 0);
        field(sb, "mem_aof_buffer", 0);
        field(sb, "mem_allocator", "jvm-" + System.getProperty("java.version"));
        field(sb, "active_defrag_running", 0);
        field(sb, "lazyfree_pending_objects", 0);
        field(sb, "lazyfreed_objects", 0);
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole <= 0 ? 0.0 : part * 100.0 / whole);
    }

    private static String ratio(long a, long b) {
        return String.format(Locale.ROOT, "%.2f", b <= 0 ? 0.0 : (double) a / b);
    }

    static long totalSystemMemory() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getTotalMemorySize();
        return Runtime.getRuntime().maxMemory();
    }

    /** Persistence: the rdb_* lines come from persistence.RdbPersistence. */
    private static void persistence(Server s, StringBuilder sb) {
        field(sb, "loading", 0);
        field(sb, "async_loading", 0);
        field(sb, "current_cow_peak", 0);
        field(sb, "current_cow_size", 0);
        field(sb, "current_cow_size_age", 0);
        field(sb, "current_fork_perc", "0.00");
        dev.rediscover.persistence.RdbPersistence.of(s).info(sb);
        s.aof.info(sb);
        field(sb, "module_fork_in_progress", 0);
        field(sb, "module_fork_last_cow_size", 0);
        s.aof.infoWhenOn(sb);
    }

    private static void stats(Server s, StringBuilder sb) {
        Metrics m = Metrics.of(s);
        Keyspace.Stats ks = s.keyspace.stats;
        field(sb, "total_connections_received", s.stats.totalConnections);
        field(sb, "total_commands_processed", s.stats.totalCommands);
        field(sb, "instantaneous_ops_per_sec", m.opsPerSec());
        field(sb, "total_net_input_bytes", s.stats.netInputBytes);
        field(sb, "total_net_output_bytes", Metrics.totalNetOutput(s));
        field(sb, "total_net_repl_input_bytes", 0);
        field(sb, "total_net_repl_output_bytes", 0);
        field(sb, "instantaneous_input_kbps", String.format(Locale.ROOT, "%.2f", m.inputKbps()));
        field(sb, "instantaneous_output_kbps", String.format(Locale.ROOT, "%.2f", m.outputKbps()));
        field(sb, "instantaneous_input_repl_kbps", "0.00");
        field(sb, "instantaneous_output_repl_kbps", "0.00");
        field(sb, "rejected_connections", s.stats.rejectedConnections);
        dev.rediscover.replication.Replication.of(s).statsInfo(sb);
        field(sb, "expired_keys", ks.expiredKeys);
        field(sb, "expired_stale_perc", String.format(Locale.ROOT, "%.2f", (double) ks.expiredStalePerc));
        field(sb, "expired_time_cap_reached_count", ks.expiredTimeCapReachedCount);
        field(sb, "expire_cycle_cpu_milliseconds", ks.expireCycleCpuMillis);
        field(sb, "evicted_keys", ks.evictedKeys);
        field(sb, "evicted_clients", 0);
        var eviction = dev.rediscover.evict.Eviction.of(s);
        field(sb, "total_eviction_exceeded_time", eviction.totalExceededMillis());
        field(sb, "current_eviction_exceeded_time", eviction.currentExceededMillis());
        field(sb, "keyspace_hits", ks.keyspaceHits);
        field(sb, "keyspace_misses", ks.keyspaceMisses);
        field(sb, "pubsub_channels", s.pubsub.channelCount());
        field(sb, "pubsub_patterns", s.pubsub.patternCount());
        field(sb, "pubsubshard_channels", s.pubsub.shardChannelCount());
        field(sb, "latest_fork_usec", 0);
        field(sb, "total_forks", 0);
        field(sb, "migrate_cached_sockets", 0);
        field(sb, "slave_expires_tracked_keys", 0);
        field(sb, "active_defrag_hits", 0);
        field(sb, "active_defrag_misses", 0);
        field(sb, "active_defrag_key_hits", 0);
        field(sb, "active_defrag_key_misses", 0);
        field(sb, "total_active_defrag_time", 0);
        field(sb, "current_active_defrag_time", 0);
        field(sb, "tracking_total_keys", dev.rediscover.tracking.Tracking.of(s).totalKeys());
        field(sb, "tracking_total_items", dev.rediscover.tracking.Tracking.of(s).totalItems());
        field(sb, "tracking_total_prefixes", dev.rediscover.tracking.Tracking.of(s).totalPrefixes());
        field(sb, "unexpected_error_replies", s.stats.unexpectedErrorReplies);
        field(sb, "total_error_replies", s.stats.totalErrorReplies);
        field(sb, "dump_payload_sanitizations", 0);
        long reads = 0;
        for (Client c : s.clients()) reads += c.commandsProcessed;
        field(sb, "total_reads_processed", reads);
        field(sb, "total_writes_processed", reads);
        field(sb, "io_threaded_reads_processed", 0);
        field(sb, "io_threaded_writes_processed", 0);
        field(sb, "reply_buffer_shrinks", 0);
        field(sb, "reply_buffer_expands", 0);
    }

    /** The replication section: the roles, IDs, offsets and backlog (lab 13). */
    private static void replication(Server s, StringBuilder sb) {
        dev.rediscover.replication.Replication.of(s).info(sb);
    }

    /**
     * CPU seconds, user and system, from /proc/self/stat (clock ticks of 1/100 s) where present,
     * else the JVM's process CPU time counted as user time. The main thread is the event loop,
     * which is the thread running this command.
     */
    private static void cpu(StringBuilder sb) {
        long[] t = procTimes();
        var threads = ManagementFactory.getThreadMXBean();
        long mainUser = threads.getCurrentThreadUserTime() / 1000;
        long mainSys = Math.max(0, threads.getCurrentThreadCpuTime() / 1000 - mainUser);
        field(sb, "used_cpu_sys", seconds(t[1]));
        field(sb, "used_cpu_user", seconds(t[0]));
        field(sb, "used_cpu_sys_children", seconds(t[3]));
        field(sb, "used_cpu_user_children", seconds(t[2]));
        field(sb, "used_cpu_sys_main_thread", seconds(mainSys));
        field(sb, "used_cpu_user_main_thread", seconds(mainUser));
    }

    /** utime, stime, cutime, cstime in microseconds. */
    private static long[] procTimes() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ", field 14 of the man page is index 11 here
            long tick = 10_000;   // USER_HZ is 100 on Linux: one tick is 10 ms
            return new long[]{Long.parseLong(f[11]) * tick, Long.parseLong(f[12]) * tick,
                    Long.parseLong(f[13]) * tick, Long.parseLong(f[14]) * tick};
        } catch (IOException | RuntimeException e) {
            var os = ManagementFactory.getOperatingSystemMXBean();
            long cpu = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1000 : 0;
            return new long[]{cpu, 0, 0, 0};
        }
    }

    private static String seconds(long micros) {
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    /** One line per command that was called, failed or rejected; subcommands as "config|get". */
    private static void commandStats(Server s, StringBuilder sb) {
        for (CommandSpec cmd : s.commands.all()) {
            commandStat(cmd, sb);
            for (CommandSpec sub : cmd.subcommands().values()) commandStat(sub, sb);
        }
    }

    private static void commandStat(CommandSpec cmd, StringBuilder sb) {
        if (cmd.calls == 0 && cmd.failedCalls == 0 && cmd.rejectedCalls == 0) return;
        double perCall = cmd.calls == 0 ? 0 : (double) cmd.usec / cmd.calls;
        sb.append("cmdstat_").append(cmd.name()).append(":calls=").append(cmd.calls)
                .append(",usec=").append(cmd.usec)
                .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f", perCall))
                .append(",rejected_calls=").append(cmd.rejectedCalls)
                .append(",failed_calls=").append(cmd.failedCalls).append("\r\n");
    }

    private static void errorStats(Server s, StringBuilder sb) {
        for (Map.Entry<String, Long> e : s.stats.errorCodes.entrySet()) {
            sb.append("errorstat_").append(e.getKey()).append(":count=").append(e.getValue()).append("\r\n");
        }
    }

    /** "db0:keys=1,expires=0,avg_ttl=0" for every database holding keys. */
    private static void keyspace(Server s, StringBuilder sb) {
        for (int i = 0; i < s.keyspace.count(); i++) {
            Database db = s.keyspace.db(i);
            if (db.size() == 0) continue;
            sb.append("db").append(i).append(":keys=").append(db.size())
                    .append(",expires=").append(db.expiresSize())
                    .append(",avg_ttl=").append(db.avgTtl()).append("\r\n");
        }
    }
}
