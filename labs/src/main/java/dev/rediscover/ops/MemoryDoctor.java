/*
 * MEMORY DOCTOR's report and MEMORY MALLOC-STATS' text. Redis: object.c, getMemoryDoctorReport
 * (and memoryCommand, which prints jemalloc's malloc_stats_print for MALLOC-STATS).
 *
 * The doctor has Redis's three shapes: an instance too small to judge (Redis: under 5 MB
 * allocated; we use the same bound on used_memory), a clean bill of health, or a list of
 * findings with advice. Which findings make sense differs on the JVM:
 *
 *   kept from Redis   the peak was far above today's use (over 150%); normal clients hold
 *                     large buffers (over 200 KB each on average)
 *   left out          allocator and RSS fragmentation: on the JVM the committed heap above
 *                     the live data is collector headroom, not fragmentation, so Redis's
 *                     ratios would always fire; and Lua script caches, which we do not have
 *   added             the heap close to its -Xmx limit, and a maxmemory the heap cannot hold,
 *                     the two ways memory really goes wrong for a JVM server
 *
 * The wording is our own.
 */
package dev.rediscover.ops;

import dev.rediscover.evict.UsedMemory;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

final class MemoryDoctor {
    private MemoryDoctor() {}

    /** Below this much used_memory there is too little data to judge (Redis: 5 MB). */
    static final long TOO_SMALL = 5L * 1024 * 1024;

    static String report(Server s) {
        Metrics m = Metrics.of(s);
        long used = m.usedMemoryUpdatingPeak();
        if (used < TOO_SMALL) {
            return "This instance holds very little data (" + Metrics.human(used) + " in use), too little for a memory "
                    + "diagnosis to mean anything. Load it with some real data and ask again.\n";
        }
        Runtime rt = Runtime.getRuntime();
        return findings(used, m.peakMemory, clientBuffers(s), s.clients().size(),
                rt.totalMemory() - rt.freeMemory(), rt.maxMemory(), s.config.getLong("maxmemory"));
    }

    /** The report for these figures (separate from the server for tests). */
    static String findings(long used, long peak, long clientBytes, int clients, long heapUsed, long heapMax, long maxmemory) {
        StringBuilder sb = new StringBuilder();
        if (peak > used * 3 / 2) {
            sb.append(" * Peak use was well above today's: the peak was ").append(Metrics.human(peak))
                    .append(", ").append(String.format(java.util.Locale.ROOT, "%.1f", (double) peak / used))
                    .append(" times the ").append(Metrics.human(used))
                    .append(" in use now. The JVM keeps the heap it grew into for a while, so the process may look"
                            + " larger than its data; CONFIG RESETSTAT restarts the peak.\n\n");
        }
        if (clients > 0 && clientBytes / clients > 200 * 1024) {
            sb.append(" * Client buffers are large: ").append(Metrics.human(clientBytes / clients))
                    .append(" per client on average. Big pipelines, large replies or slow readers cause this;"
                            + " CLIENT LIST shows which connections hold the memory (qbuf, omem, tot-mem), and"
                            + " client-output-buffer-limit caps it.\n\n");
        }
        if (heapMax != Long.MAX_VALUE && heapUsed > heapMax / 10 * 9) {
            sb.append(" * The JVM heap is nearly full: ").append(Metrics.human(heapUsed)).append(" of its ")
                    .append(Metrics.human(heapMax)).append(" limit. Collections get frequent and long near the"
                            + " limit and an allocation may fail; give the JVM more heap (-Xmx) or set maxmemory so"
                            + " that eviction starts earlier.\n\n");
        }
        if (maxmemory > 0 && heapMax != Long.MAX_VALUE && maxmemory > heapMax) {
            sb.append(" * maxmemory (").append(Metrics.human(maxmemory)).append(") is more than the JVM heap can ever hold (")
                    .append(Metrics.human(heapMax)).append("): the heap would run out before eviction starts. Keep"
                            + " maxmemory well under -Xmx, leaving room for garbage.\n\n");
        }
        if (sb.length() == 0) {
            return "No memory problem found: the peak is close to current use, client buffers are small and the JVM"
                    + " heap has room to spare. (This looks only at what the server measures itself.)\n";
        }
        return "A few things about memory are worth a look:\n\n" + sb;
    }

    private static long clientBuffers(Server s) {
        long n = 0;
        for (Client c : s.clients()) n += ClientCommands.totalMemory(c);
        return n;
    }

    /**
     * MEMORY MALLOC-STATS: Redis prints its allocator's statistics; the JVM's equivalent is the
     * heap, its pools and its collectors, so that is what this reports, with the engine's own
     * estimate (used_memory) next to it for comparison.
     */
    static String mallocStats(Server s) {
        StringBuilder sb = new StringBuilder();
        sb.append("___ JVM heap statistics (the JVM has no malloc statistics to report) ___\n");
        Runtime rt = Runtime.getRuntime();
        sb.append("heap.used: ").append(rt.totalMemory() - rt.freeMemory()).append(" (live objects and not yet collected garbage)\n");
        sb.append("heap.committed: ").append(rt.totalMemory()).append(" (taken from the operating system)\n");
        sb.append("heap.max: ").append(rt.maxMemory()).append(" (-Xmx)\n");
        sb.append("process.rss: ").append(Metrics.rss()).append('\n');
        sb.append("\nHeap pools:\n");
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) continue;
            MemoryUsage u = pool.getUsage();
            if (u == null) continue;
            sb.append("  ").append(pool.getName()).append(": used ").append(u.getUsed())
                    .append(", committed ").append(u.getCommitted()).append(", max ").append(u.getMax()).append('\n');
        }
        sb.append("\nGarbage collectors:\n");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sb.append("  ").append(gc.getName()).append(": ").append(gc.getCollectionCount()).append(" collections, ")
                    .append(gc.getCollectionTime()).append(" ms\n");
        }
        UsedMemory um = UsedMemory.of(s);
        sb.append("\nEngine estimate (used_memory, what maxmemory is compared with):\n");
        sb.append("used_memory: ").append(um.used()).append('\n');
        sb.append("dataset: ").append(um.dataset()).append('\n');
        sb.append("overhead: ").append(um.overhead()).append('\n');
        sb.append("___ End of JVM heap statistics ___\n");
        return sb.toString();
    }
}
