/*
 * LATENCY GRAPH's drawing: one column per sample, oldest on the left, bars scaled between the
 * lowest and highest sample, and under each column how long ago it was (vertically: "12s",
 * "3m", "1h"). The title line has the same fields as Redis's ("<event> - high N ms, low N ms
 * (all time high N ms)") so scripts reading it keep working; the chart itself is our own simple
 * drawing (Redis uses its sparkline.c), wrapped every 80 columns.
 */
package dev.rediscover.ops;

import java.util.ArrayList;
import java.util.List;

final class LatencyGraph {
    private LatencyGraph() {}

    private static final int COLUMNS = 80, ROWS = 4;

    static String render(String event, LatencyMonitor.Series s, long nowSeconds) {
        List<Long> values = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        long min = Long.MAX_VALUE, max = 0;
        for (int j = 0; j < LatencyMonitor.SAMPLES; j++) {
            int i = (s.next + j) % LatencyMonitor.SAMPLES;
            if (s.time[i] == 0) continue;
            values.add(s.latency[i]);
            labels.add(age(nowSeconds - s.time[i]));
            min = Math.min(min, s.latency[i]);
            max = Math.max(max, s.latency[i]);
        }
        if (values.isEmpty()) min = 0;
        StringBuilder sb = new StringBuilder();
        sb.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
                .append(" ms (all time high ").append(s.max).append(" ms)\n");
        sb.append("-".repeat(COLUMNS)).append('\n');
        for (int from = 0; from < values.size(); from += COLUMNS) {
            if (from > 0) sb.append('\n');
            int to = Math.min(values.size(), from + COLUMNS);
            bars(sb, values.subList(from, to), min, max);
            labelRows(sb, labels.subList(from, to));
        }
        return sb.toString();
    }

    /** ROWS lines of bars: a column's height is 1..ROWS by where its value sits in [min, max]. */
    private static void bars(StringBuilder sb, List<Long> values, long min, long max) {
        for (int row = ROWS; row >= 1; row--) {
            for (long v : values) {
                int h = max == min ? ROWS : 1 + (int) ((v - min) * (ROWS - 1) / (max - min));
                sb.append(h > row ? '|' : h == row ? '#' : ' ');
            }
            sb.append('\n');
        }
    }

    /** The labels written downwards, one character per line. */
    private static void labelRows(StringBuilder sb, List<String> labels) {
        int tallest = 0;
        for (String l : labels) tallest = Math.max(tallest, l.length());
        for (int row = 0; row < tallest; row++) {
            for (String l : labels) sb.append(row < l.length() ? l.charAt(row) : ' ');
            sb.append('\n');
        }
    }

    /** "42s", "5m", "3h", "2d": how long ago, in the largest whole unit. */
    static String age(long seconds) {
        if (seconds < 60) return seconds + "s";
        if (seconds < 3600) return seconds / 60 + "m";
        if (seconds < 86400) return seconds / 3600 + "h";
        return seconds / 86400 + "d";
    }
}
