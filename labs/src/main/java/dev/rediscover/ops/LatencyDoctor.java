/*
 * LATENCY DOCTOR's report: for each event that spiked, how many spikes, their average, mean
 * deviation, how often and the worst ever; then advice chosen by which events spiked. It plays
 * the role of Redis's createLatencyReport (latency.c): the statistics are computed the same way
 * (analyzeLatencyForEvent: integer average, mean absolute deviation, period = seconds since the
 * oldest sample / samples), but the wording is the engine's own, and the advice is about what
 * can make a JVM server stall (garbage collection pauses, for instance), not about fork().
 *
 * Three shapes, as in Redis: monitoring off and nothing recorded; on and nothing recorded; a
 * report with one numbered line per event followed by advice (or by a note that we have none).
 */
package dev.rediscover.ops;

import dev.rediscover.server.Server;

import java.util.Locale;
import java.util.Map;

final class LatencyDoctor {
    private LatencyDoctor() {}

    /** Figures about one event's samples (Redis: struct latencyStats). */
    record Stats(int samples, long avg, long min, long max, long mad, long period) {}

    static Stats analyze(LatencyMonitor.Series s, long nowSeconds) {
        int n = 0;
        long sum = 0, min = 0, max = 0, oldest = 0;
        for (int i = 0; i < LatencyMonitor.SAMPLES; i++) {
            if (s.time[i] == 0) continue;
            long l = s.latency[i];
            if (n++ == 0) min = max = l;
            min = Math.min(min, l);
            max = Math.max(max, l);
            sum += l;
            if (oldest == 0 || s.time[i] < oldest) oldest = s.time[i];
        }
        if (n == 0) return new Stats(0, 0, 0, 0, 0, 0);
        long avg = sum / n;
        long period = Math.max(1, nowSeconds - oldest);
        long dev = 0;
        for (int i = 0; i < LatencyMonitor.SAMPLES; i++) {
            if (s.time[i] != 0) dev += Math.abs(avg - s.latency[i]);
        }
        return new Stats(n, avg, min, max, dev / n, period);
    }

    static String report(Server server) {
        LatencyMonitor m = LatencyMonitor.of(server);
        Map<String, LatencyMonitor.Series> events = m.events();
        if (events.isEmpty() && m.thresholdMs() == 0) {
            return "Latency monitoring is switched off, so there is nothing to diagnose yet. Turn it on with "
                    + "\"CONFIG SET latency-monitor-threshold <milliseconds>\": every command or internal task "
                    + "taking at least that long is then recorded, and this report explains what was seen.\n";
        }
        if (events.isEmpty()) {
            return "No latency spike has been recorded: since the server started (or since the last LATENCY RESET) "
                    + "nothing it monitors took " + m.thresholdMs() + " ms or more. All quiet, nothing to fix.\n";
        }
        StringBuilder sb = new StringBuilder("Latency spikes were recorded on this server. Here is what was seen, event by event:\n\n");
        Advice advice = new Advice();
        int num = 0;
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            Stats st = analyze(e.getValue(), m.nowSeconds());
            sb.append(++num).append(". ").append(e.getKey()).append(": ").append(st.samples())
                    .append(" latency spikes (average ").append(st.avg()).append("ms, mean deviation ")
                    .append(st.mad()).append("ms, one every ")
                    .append(String.format(Locale.ROOT, "%.2f", (double) st.period() / st.samples()))
                    .append(" sec). Worst all time event ").append(e.getValue().max).append("ms.\n");
            advice.forEvent(e.getKey().toLowerCase(Locale.ROOT), server, m.thresholdMs());
        }
        if (advice.lines.length() == 0) {
            sb.append("\nThese events have no simple cure the doctor knows of. SLOWLOG GET, INFO commandstats "
                    + "and the JVM's garbage-collection log are the next places to look.\n");
        } else {
            sb.append("\nSome suggestions:\n\n").append(advice.lines);
        }
        return sb.toString();
    }

    /** The advice, each piece given once however many events call for it. */
    private static final class Advice {
        final StringBuilder lines = new StringBuilder();
        private final java.util.Set<String> given = new java.util.HashSet<>();

        void forEvent(String event, Server s, long thresholdMs) {
            switch (event) {
                case "command" -> {
                    long slower = s.config.getLong("slowlog-log-slower-than");
                    if (slower < 0) {
                        add("slowlog-off", "The slow log is disabled, so the commands behind these spikes were not kept. "
                                + "CONFIG SET slowlog-log-slower-than " + thresholdMs * 1000 + " records every command as slow as the latency threshold.");
                    } else if (slower / 1000 > thresholdMs) {
                        add("slowlog-high", "The slow log keeps only commands slower than " + slower + " microseconds, more than the "
                                + "latency threshold: CONFIG SET slowlog-log-slower-than " + thresholdMs * 1000 + " makes it catch these spikes too.");
                    }
                    add("slowlog-read", "SLOWLOG GET shows the slowest recent commands with their arguments: look for commands "
                            + "that walk a whole large key (KEYS, SMEMBERS, HGETALL, LRANGE 0 -1, SORT...).");
                    add("big-keys", "Freeing a very large key (DEL, expiry, eviction) takes time proportional to its size. "
                            + "Keys of millions of elements are better split into several smaller keys.");
                }
                case "fast-command" -> add("machine", "Commands flagged fast (O(1) or O(log N)) were slow too. That usually points at the "
                        + "machine rather than the workload: a starved or shared CPU, swapping, or a long JVM garbage-collection pause "
                        + "(run with -Xlog:gc to see them).");
                case "expire-cycle" -> {
                    if (s.config.getInt("hz") < 100) {
                        add("hz", "The active expiry runs hz times a second; a higher hz (CONFIG SET hz 100) makes each run shorter.");
                    }
                    add("big-keys", "Freeing a very large key (DEL, expiry, eviction) takes time proportional to its size. "
                            + "Keys of millions of elements are better split into several smaller keys.");
                }
                case "eviction-del" -> add("big-keys", "Freeing a very large key (DEL, expiry, eviction) takes time proportional to its size. "
                        + "Keys of millions of elements are better split into several smaller keys.");
                case "eviction-cycle" -> add("mass-eviction", "Many keys had to be evicted at once. Lowering maxmemory suddenly, or creating "
                        + "a large value (SUNIONSTORE, SORT ... STORE, RESTORE) near the limit, forces the server to free a lot of memory in one go.");
                case "aof-write", "aof-write-alone" -> add("disk", "Writing the append-only file was slow: the disk is busy or remote. "
                        + "A local, dedicated, fast disk (an SSD) helps.");
                case "aof-fsync-always" -> {
                    if ("always".equals(s.config.get("appendfsync"))) {
                        add("fsync", "appendfsync is 'always': every write waits for the disk. 'everysec' risks at most about "
                                + "a second of writes and is far faster.");
                    }
                }
                default -> { }
            }
        }

        private void add(String key, String text) {
            if (given.add(key)) lines.append("- ").append(text).append('\n');
        }
    }
}
