/*
 * Per-command latency tracking: every command's run time goes into that command's histogram
 * (LatencyHistogram) while latency-tracking is yes; INFO latencystats prints the percentiles
 * latency-tracking-info-percentiles names, LATENCY HISTOGRAM the cumulative distributions, and
 * CONFIG RESETSTAT drops them all.
 *
 * Redis keeps the histogram in the command struct (cmd->latency_histogram, created on the first
 * call, recorded in call() as duration*1000 ns, printed by genRedisInfoStringLatencyStats and
 * latencyAllCommandsFillCDF). Here a CommandSpec -> histogram map stands in for that field; it
 * is an identity map, so the per-command cost is one lookup. Durations are the Dispatcher
 * observer's microseconds, the same resolution Redis has (ustime()).
 */
package dev.rediscover.ops;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.server.ConfigException;
import dev.rediscover.server.Server;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

public final class LatencyTracking {
    private final Server server;
    private final Map<CommandSpec, LatencyHistogram> histograms = new IdentityHashMap<>();
    private volatile boolean enabled;
    private volatile double[] percentiles = {50, 99, 99.9};
    private volatile String[] labels = {"50", "99", "99.9"};

    private LatencyTracking(Server server) {
        this.server = server;
        server.config.onChange("latency-tracking", v -> enabled = v.equals("yes"));
        server.config.onChange("latency-tracking-info-percentiles", this::setPercentiles);
    }

    public static LatencyTracking of(Server server) {
        return server.extension(LatencyTracking.class, LatencyTracking::new);
    }

    /** Count one run of cmd (microseconds), if tracking is on. */
    void record(CommandSpec cmd, long micros) {
        if (!enabled) return;
        LatencyHistogram h = histograms.get(cmd);
        if (h == null) histograms.put(cmd, h = new LatencyHistogram());
        h.record(micros * 1000);
    }

    /** The histogram of a command, or null if it has none (never timed, or reset since). */
    LatencyHistogram histogram(CommandSpec cmd) { return histograms.get(cmd); }

    /** CONFIG RESETSTAT: Redis frees every command's histogram (resetCommandTableStats). */
    public void reset() { histograms.clear(); }

    /**
     * The "# Latencystats" lines: latency_percentiles_usec_<cmd>:p50=1.003,p99=... for every
     * command with a histogram, in command-table order; nothing while tracking is off.
     */
    public void info(StringBuilder sb) {
        if (!enabled) return;
        double[] ps = percentiles;
        String[] ls = labels;
        for (CommandSpec cmd : server.commands.all()) {
            infoLine(sb, cmd, ps, ls);
            for (CommandSpec sub : cmd.subcommands().values()) infoLine(sb, sub, ps, ls);
        }
    }

    private void infoLine(StringBuilder sb, CommandSpec cmd, double[] ps, String[] ls) {
        LatencyHistogram h = histograms.get(cmd);
        if (h == null) return;
        sb.append("latency_percentiles_usec_").append(cmd.name()).append(':');
        for (int i = 0; i < ps.length; i++) {
            if (i > 0) sb.append(',');
            sb.append('p').append(ls[i]).append('=')
                    .append(String.format(Locale.ROOT, "%.3f", h.valueAtPercentile(ps[i]) / 1000.0));
        }
        sb.append("\r\n");
    }

    private void setPercentiles(String normalised) {
        String[] parts = normalised.isEmpty() ? new String[0] : normalised.split(" ");
        double[] ps = new double[parts.length];
        for (int i = 0; i < parts.length; i++) ps[i] = Double.parseDouble(parts[i]);
        labels = parts;
        percentiles = ps;
    }

    /**
     * Validate latency-tracking-info-percentiles as Redis does (config.c,
     * setConfigLatencyTrackingInfoPercentilesOutputOption): words split on single spaces (so
     * two spaces make an empty, invalid word), each a number strtod reads whole, each within
     * [0, 100]; an empty value means no percentiles. The value is kept as Redis prints it back:
     * "%f" with trailing zeros trimmed (33.3333333 becomes 33.333333).
     */
    public static String normalisePercentiles(String raw) throws ConfigException {
        if (raw.isEmpty()) return "";
        String[] words = raw.split(" ", -1);
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            double d = parseStrtod(w);
            if (!(d >= 0.0 && d <= 100.0)) {
                throw new ConfigException("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
            }
            if (out.length() > 0) out.append(' ');
            out.append(trimmed(d));
        }
        return out.toString();
    }

    /** A whole word as C's strtod reads it (decimal, exponent, 0x hex, inf), else invalid. */
    private static double parseStrtod(String w) throws ConfigException {
        String s = w.toLowerCase(Locale.ROOT);
        boolean neg = s.startsWith("-");
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        try {
            double v;
            if (body.equals("inf") || body.equals("infinity")) {
                v = Double.POSITIVE_INFINITY;
            } else if (body.startsWith("0x")) {
                v = Double.parseDouble(body.contains("p") ? body : body + "p0");
            } else if (!body.isEmpty() && body.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || ch == '.' || ch == 'e' || ch == '-' || ch == '+')) {
                v = Double.parseDouble(body);
            } else {
                throw new NumberFormatException(w);
            }
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
        }
    }

    /** C's "%f" (six decimals, exact binary value rounded), trailing zeros and point removed. */
    static String trimmed(double d) {
        String s = new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') end--;
            if (s.charAt(end - 1) == '.') end--;
            s = s.substring(0, end);
        }
        return s;
    }
}
