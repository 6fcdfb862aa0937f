/*
 * LATENCY LATEST / HISTORY / RESET / GRAPH / DOCTOR / HISTOGRAM / HELP: reading the latency
 * monitor (LatencyMonitor: spikes per event) and the per-command histograms (LatencyTracking).
 * Redis: latency.c, latencyCommand and its helpers (latencyCommandReplyWithLatestEvents,
 * latencyCommandReplyWithSamples, latencyAllCommandsFillCDF, latencySpecificCommandsFillCDF).
 *
 * This file also hooks both into the dispatcher: after every command, its duration goes into
 * its histogram and, when over latency-monitor-threshold, becomes a "command" or "fast-command"
 * spike. A command that just blocked (BLPOP with nothing to pop) is not timed, as in Redis's
 * call(); Redis times it once it is served, which the engine does not (yet).
 *
 * Reply shapes are Redis's: LATEST is an array of [event, time, latest ms, max ms], HISTORY an
 * array of [time, ms] oldest first, HISTOGRAM a map command -> {calls, histogram_usec: {µs ->
 * cumulative count}} (flat arrays in RESP2). DOCTOR and GRAPH are text for people: same role as
 * Redis's, our own wording and drawing (LatencyDoctor, LatencyGraph).
 */
package dev.rediscover.ops;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public final class LatencyCommands {
    private LatencyCommands() {}

    public static void register(Server server) {
        CommandTable t = server.commands;
        CommandSpec latency = t.container("latency", -2).group("server")
                .doc("A container for latency diagnostics commands.", "2.8.13", "Depends on subcommand.");
        String flags = "admin noscript loading stale";
        latency.sub("doctor", 2, LatencyCommands::doctor).flags(flags)
                .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special")
                .doc("Returns a human-readable latency analysis report.", "2.8.13", "O(1)");
        latency.sub("graph", 3, LatencyCommands::graph).flags(flags)
                .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special")
                .doc("Returns a latency graph for an event.", "2.8.13", "O(1)");
        latency.sub("help", 2, LatencyCommands::help).flags("loading stale")
                .doc("Returns helpful text about the different subcommands.", "2.8.13", "O(1)");
        latency.sub("histogram", -2, LatencyCommands::histogram).flags(flags)
                .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special")
                .doc("Returns the cumulative distribution of latencies of a subset or all commands.", "7.0.0",
                        "O(N) where N is the number of commands with latency information being retrieved.");
        latency.sub("history", 3, LatencyCommands::history).flags(flags)
                .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special")
                .doc("Returns timestamp-latency samples for an event.", "2.8.13", "O(1)");
        latency.sub("latest", 2, LatencyCommands::latest).flags(flags)
                .tips("nondeterministic_output", "request_policy:all_nodes", "response_policy:special")
                .doc("Returns the latest latency samples for all events.", "2.8.13", "O(1)");
        latency.sub("reset", -2, LatencyCommands::reset).flags(flags)
                .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                .doc("Resets the latency data for one or more events.", "2.8.13", "O(1)");

        LatencyMonitor monitor = LatencyMonitor.of(server);
        LatencyTracking tracking = LatencyTracking.of(server);
        server.dispatcher.addObserver((c, cmd, micros) -> {
            if (c.has(Client.BLOCKED)) return;
            tracking.record(cmd, micros);
            // A sample needs at least 1 ms (the threshold is whole ms and > 0): the common
            // sub-millisecond command skips the flag lookup.
            if (micros >= 1000) {
                monitor.addSampleIfNeeded(cmd.is("fast") ? "fast-command" : "command", micros / 1000);
            }
        });
        server.activeExpire.onCycleTimed(ms -> monitor.addSampleIfNeeded("expire-cycle", ms));
    }

    /** LATENCY LATEST: [event, time of the latest spike, its ms, all-time max ms] per event. */
    static void latest(Client c) {
        Map<String, LatencyMonitor.Series> events = LatencyMonitor.of(c.server).events();
        c.reply.arrayHeader(events.size());
        for (Map.Entry<String, LatencyMonitor.Series> e : events.entrySet()) {
            LatencyMonitor.Series s = e.getValue();
            int last = s.last();
            c.reply.arrayHeader(4);
            c.reply.bulk(e.getKey());
            c.reply.integer(s.time[last]);
            c.reply.integer(s.latency[last]);
            c.reply.integer(s.max);
        }
    }

    /** LATENCY HISTORY event: [time, ms] pairs, oldest first; empty for an unknown event. */
    static void history(Client c) {
        LatencyMonitor.Series s = LatencyMonitor.of(c.server).series(c.arg(2));
        if (s == null) {
            c.reply.arrayHeader(0);
            return;
        }
        int n = 0;
        for (long t : s.time) if (t != 0) n++;
        c.reply.arrayHeader(n);
        for (int j = 0; j < LatencyMonitor.SAMPLES; j++) {
            int i = (s.next + j) % LatencyMonitor.SAMPLES;
            if (s.time[i] == 0) continue;
            c.reply.arrayHeader(2);
            c.reply.integer(s.time[i]);
            c.reply.integer(s.latency[i]);
        }
    }

    /** LATENCY RESET [event ...]: how many events were forgotten (all of them with no names). */
    static void reset(Client c) {
        LatencyMonitor m = LatencyMonitor.of(c.server);
        int n = 0;
        if (c.argc == 2) n = m.reset(null);
        for (int i = 2; i < c.argc; i++) n += m.reset(c.arg(i));
        c.reply.integer(n);
    }

    /** LATENCY GRAPH event: an ASCII chart of the event's samples. */
    static void graph(Client c) {
        String event = c.arg(2);
        LatencyMonitor m = LatencyMonitor.of(c.server);
        LatencyMonitor.Series s = m.series(event);
        if (s == null) throw new RedisException("ERR No samples available for event '" + event + "'");
        c.reply.verbatim(LatencyGraph.render(event, s, m.nowSeconds()));
    }

    /** LATENCY DOCTOR: a report on the spikes seen, with advice. */
    static void doctor(Client c) {
        c.reply.verbatim(LatencyDoctor.report(c.server));
    }

    /**
     * LATENCY HISTOGRAM [command ...]: the cumulative distribution of every timed command, or of
     * the named ones (a container name adds each of its timed subcommands; unknown or untimed
     * names are skipped, a name given twice is answered twice, as in Redis).
     */
    static void histogram(Client c) {
        LatencyTracking tracking = LatencyTracking.of(c.server);
        List<CommandSpec> out = new ArrayList<>();
        if (c.argc == 2) {
            for (CommandSpec cmd : c.server.commands.all()) addWithSubcommands(tracking, cmd, out);
        } else {
            for (int i = 2; i < c.argc; i++) {
                CommandSpec cmd = lookup(c.server, c.arg(i));
                if (cmd != null) addWithSubcommands(tracking, cmd, out);
            }
        }
        c.reply.mapHeader(out.size());
        for (CommandSpec cmd : out) {
            c.reply.bulk(cmd.name());
            distribution(c, tracking.histogram(cmd));
        }
    }

    private static void addWithSubcommands(LatencyTracking tracking, CommandSpec cmd, List<CommandSpec> out) {
        if (tracking.histogram(cmd) != null) out.add(cmd);
        for (CommandSpec sub : cmd.subcommands().values()) {
            if (tracking.histogram(sub) != null) out.add(sub);
        }
    }

    /** "get" or "config|get", any case (Redis: lookupCommandBySds). */
    private static CommandSpec lookup(Server s, String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        int bar = lower.indexOf('|');
        CommandSpec cmd = s.commands.lookup((bar < 0 ? lower : lower.substring(0, bar)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (cmd == null || bar < 0) return cmd;
        return cmd.subcommand(lower.substring(bar + 1));
    }

    /** {calls: N, histogram_usec: {µs: cumulative count, ...}} (Redis: fillCommandCDF). */
    private static void distribution(Client c, LatencyHistogram h) {
        c.reply.mapHeader(2);
        c.reply.bulk("calls");
        c.reply.integer(h.total());
        c.reply.bulk("histogram_usec");
        List<long[]> steps = new ArrayList<>();
        h.cumulative((micros, count) -> steps.add(new long[]{micros, count}));
        c.reply.mapHeader(steps.size());
        for (long[] st : steps) {
            c.reply.integer(st[0]);
            c.reply.integer(st[1]);
        }
    }

    static void help(Client c) {
        Help.reply(c, "LATENCY",
                "DOCTOR",
                "    Return a human readable latency analysis report.",
                "GRAPH <event>",
                "    Return an ASCII latency graph for the <event> class.",
                "HISTORY <event>",
                "    Return time-latency samples for the <event> class.",
                "LATEST",
                "    Return the latest latency samples for all events.",
                "RESET [<event> ...]",
                "    Reset latency data of one or more <event> classes.",
                "    (default: reset all data for all event classes)",
                "HISTOGRAM [COMMAND ...]",
                "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
                "    If no commands are specified then all histograms are replied.");
    }
}
