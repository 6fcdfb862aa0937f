/*
 * The latency monitor: for each named event ("command", "expire-cycle", ...), the spikes that
 * took at least latency-monitor-threshold milliseconds, one sample per second over the last 160
 * seconds that had one, and the worst ever. LATENCY LATEST / HISTORY / GRAPH / DOCTOR read it.
 * Redis: latency.c (latencyAddSample, latencyResetEvent) and the latencyAddSampleIfNeeded macro
 * in latency.h; Redis creates each event's series on its first spike, and so do we.
 *
 * Events the engine records, and where (only places the engine really has):
 *   command, fast-command   a command slower than the threshold, by its "fast" flag
 *                           (LatencyCommands' dispatcher observer; Redis: call())
 *   expire-cycle            one active-expire cycle, slow or fast (expire.ActiveExpire)
 *   eviction-cycle          one performEvictions run that had to free memory (evict.Eviction)
 *   eviction-del            deleting one evicted key (evict.Eviction)
 *   aof-write, aof-write-alone   writing the AOF buffer to the file (aof.Aof); we have no fork
 *                           children and no fsync racing the write, hence always "alone"
 *   aof-fsync-always        the fsync appendfsync always does before replies leave (aof.Aof)
 * Not recorded, because the engine has no such step: fork, rdb-unlink-temp-file, aof-fstat,
 * aof-rename, aof-rewrite-*, expire-del (expired keys are deleted inside the expire cycle),
 * while-blocked-cron, module events.
 *
 * Timestamps are the server Clock's seconds (a ManualClock in tests), so "one per second" and
 * LATENCY HISTORY are deterministic under test. All calls come from the event-loop thread.
 */
package dev.rediscover.ops;

import dev.rediscover.server.Server;

import java.util.LinkedHashMap;
import java.util.Map;

public final class LatencyMonitor {
    /** Samples kept per event (Redis: LATENCY_TS_LEN). */
    public static final int SAMPLES = 160;

    /** One event's ring of samples (Redis: struct latencyTimeSeries). time 0 = empty slot. */
    static final class Series {
        final long[] time = new long[SAMPLES];     // seconds
        final long[] latency = new long[SAMPLES];  // milliseconds
        int next;                                  // the slot the next new second goes into
        long max;                                  // all-time high

        int last() { return (next + SAMPLES - 1) % SAMPLES; }
    }

    private final Server server;
    /** Events in the order they first spiked (Redis's dict order is its hash order). */
    private final Map<String, Series> events = new LinkedHashMap<>();
    private volatile long thresholdMs;

    private LatencyMonitor(Server server) {
        this.server = server;
        server.config.onChange("latency-monitor-threshold", v -> thresholdMs = Long.parseLong(v));
    }

    public static LatencyMonitor of(Server server) {
        return server.extension(LatencyMonitor.class, LatencyMonitor::new);
    }

    public long thresholdMs() { return thresholdMs; }

    /** Record a spike if the monitor is on and ms reaches the threshold (latencyAddSampleIfNeeded). */
    public void addSampleIfNeeded(String event, long ms) {
        long t = thresholdMs;
        if (t > 0 && ms >= t) addSample(event, ms);
    }

    /** Record one sample; a second that already has one keeps the larger (latencyAddSample). */
    void addSample(String event, long ms) {
        Series s = events.computeIfAbsent(event, e -> new Series());
        long now = server.clock.millis() / 1000;
        if (ms > s.max) s.max = ms;
        int prev = s.last();
        if (s.time[prev] == now) {
            if (ms > s.latency[prev]) s.latency[prev] = ms;
            return;
        }
        s.time[s.next] = now;
        s.latency[s.next] = ms;
        s.next = (s.next + 1) % SAMPLES;
    }

    /** Forget one event (case-insensitively, as Redis compares here) or, with null, all. */
    int reset(String event) {
        if (event == null) {
            int n = events.size();
            events.clear();
            return n;
        }
        int n = 0;
        var it = events.keySet().iterator();
        while (it.hasNext()) {
            if (it.next().equalsIgnoreCase(event)) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    /** The series of an event, by its exact name, or null (Redis looks these up case-sensitively). */
    Series series(String event) { return events.get(event); }

    Map<String, Series> events() { return events; }

    long nowSeconds() { return server.clock.millis() / 1000; }
}
