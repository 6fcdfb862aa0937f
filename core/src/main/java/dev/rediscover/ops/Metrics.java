/*
 * Numbers INFO, MEMORY STATS and LASTSAVE need that the engine does not otherwise keep: the
 * memory in use at start-up and at its peak, and the recent operations and bytes per second.
 * Redis keeps these in its server struct (stat_peak_memory, inst_metric[] sampled by
 * trackInstantaneousMetric every 100 ms from serverCron); we keep them here, one Metrics per
 * server (held by the Server, see Server.extension), sampled from the server cron.
 *
 * Memory on the JVM (what used_memory means here): Redis counts the bytes its allocator handed
 * out (zmalloc_used_memory). The engine counts its data instead (evict.UsedMemory explains
 * how), because the heap in use includes garbage and moves in GC-sized steps; the heap in use
 * is reported as the allocator's figure. RSS is the process's resident set from
 * /proc/self/statm where that exists, else the committed heap.
 */
package dev.rediscover.ops;

import dev.rediscover.evict.UsedMemory;
import dev.rediscover.server.Server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

final class Metrics {
    private static final int SAMPLES = 16;     // STATS_METRIC_SAMPLES

    final long startupMemory = UsedMemory.STARTUP;
    private final Server server;
    /** INFO replication's master_replid: random per run, like Redis's changeReplicationId(). */
    final String replId = java.util.HexFormat.of().formatHex(randomBytes(20));
    long peakMemory;
    private final long[] opsSamples = new long[SAMPLES], inSamples = new long[SAMPLES], outSamples = new long[SAMPLES];
    private int sampleIdx;
    private long lastSampleNanos, lastOps, lastIn, lastOut;

    private Metrics(Server server) {
        // UsedMemory is looked up when needed, not here: extensions may not create each other.
        this.server = server;
        peakMemory = startupMemory;
        lastSampleNanos = System.nanoTime();
        server.onCron(() -> sample(server));
    }

    /** The Metrics of a server, created (and hooked into its cron) on first use. */
    static Metrics of(Server server) {
        return server.extension(Metrics.class, Metrics::new);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** Heap bytes in use, garbage included: what INFO shows as allocator_allocated. */
    static long heapInUse() { return UsedMemory.heapInUse(); }

    /** Resident set size in bytes (Linux /proc/self/statm), else the committed heap. */
    static long rss() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().totalMemory();
        }
    }

    /** Update the peak and return the current used memory. */
    long usedMemoryUpdatingPeak() {
        long used = UsedMemory.of(server).used();
        if (used > peakMemory) peakMemory = used;
        return used;
    }

    private void sample(Server s) {
        usedMemoryUpdatingPeak();
        long now = System.nanoTime();
        long dt = now - lastSampleNanos;
        if (dt < 100_000_000L) return;      // Redis samples every 100 ms
        long in = s.stats.netInputBytes, out = totalNetOutput(s);
        opsSamples[sampleIdx] = (s.stats.totalCommands - lastOps) * 1_000_000_000L / dt;
        inSamples[sampleIdx] = (in - lastIn) * 1_000_000_000L / dt;
        outSamples[sampleIdx] = (out - lastOut) * 1_000_000_000L / dt;
        sampleIdx = (sampleIdx + 1) % SAMPLES;
        lastSampleNanos = now;
        lastOps = s.stats.totalCommands;
        lastIn = in;
        lastOut = out;
    }

    long opsPerSec() { return average(opsSamples); }

    double inputKbps() { return average(inSamples) / 1024.0; }

    double outputKbps() { return average(outSamples) / 1024.0; }

    private static long average(long[] samples) {
        long sum = 0;
        for (long v : samples) sum += v;
        return sum / samples.length;
    }

    /** Bytes written to clients: closed clients' totals plus what live clients received. */
    static long totalNetOutput(Server s) {
        long n = s.stats.netOutputBytes;
        for (var c : s.clients()) n += c.reply.bytesOut();
        return n;
    }

    /** Redis's bytesToHuman (server.c): 894.88K, 6.52M, 0B. */
    static String human(long n) {
        if (n < 1024) return n + "B";
        String[] units = {"K", "M", "G", "T", "P", "E"};
        double d = n / 1024.0;
        int i = 0;
        while (d >= 1024 && i < units.length - 1) {
            d /= 1024;
            i++;
        }
        return String.format(java.util.Locale.ROOT, "%.2f%s", d, units[i]);
    }
}
