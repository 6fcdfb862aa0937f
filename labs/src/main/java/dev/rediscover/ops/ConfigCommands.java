/*
 * CONFIG GET / SET / RESETSTAT / REWRITE / HELP: reading and changing the configuration of a
 * running server (Redis: config.c, configGetCommand, configSetCommand, rewriteConfig, and
 * server.c resetServerStats for RESETSTAT).
 *
 * The parameters, their types and their checks live in server/Config and ConfigParameters; this
 * file is the protocol side. Two Redis 7.0 details matter to clients:
 *
 *   - CONFIG GET takes several patterns and answers one map, each parameter at most once.
 *     A pattern without glob characters is an exact lookup (aliases too, answered under the name
 *     the client used); a glob pattern matches every name and alias, ignoring case.
 *   - CONFIG SET takes several name/value pairs and is all-or-nothing: every name is checked
 *     (unknown, immutable, duplicate) and every value validated before any is applied.
 */
package dev.rediscover.ops;

import dev.rediscover.keyspace.Glob;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;
import dev.rediscover.server.Config;
import dev.rediscover.server.ConfigException;
import dev.rediscover.server.Server;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

public final class ConfigCommands {
    private ConfigCommands() {}

    public static void register(Server server) {
        CommandTable t = server.commands;
        CommandSpec config = t.container("config", -2).group("server")
                .doc("A container for server configuration commands.", "2.0.0", "Depends on subcommand.");
        config.sub("get", -3, ConfigCommands::get).flags("admin noscript loading stale")
                .doc("Returns the effective values of configuration parameters.", "2.0.0",
                        "O(N) when N is the number of configuration parameters provided");
        config.sub("set", -4, ConfigCommands::set).flags("admin noscript loading stale")
                .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                .doc("Sets configuration parameters in-flight.", "2.0.0",
                        "O(N) when N is the number of configuration parameters provided");
        config.sub("resetstat", 2, ConfigCommands::resetStat).flags("admin noscript loading stale")
                .doc("Resets the server's statistics.", "2.0.0", "O(1)");
        config.sub("rewrite", 2, ConfigCommands::rewrite).flags("admin noscript loading stale")
                .doc("Persists the effective configuration to file.", "2.8.0", "O(1)");
        config.sub("help", 2, ConfigCommands::help).flags("loading stale")
                .doc("Returns helpful text about the different subcommands.", "5.0.0", "O(1)");
    }

    /** CONFIG GET pattern [pattern ...] */
    static void get(Client c) {
        Config config = c.server.config;
        Map<String, Config.Param> matches = new LinkedHashMap<>();
        for (int i = 2; i < c.argc; i++) {
            String pattern = c.arg(i);
            if (!hasGlob(pattern)) {
                Config.Param p = visible(config, pattern);
                if (p != null && !matches.containsKey(pattern)) matches.put(pattern, p);
                continue;
            }
            for (Map.Entry<String, Config.Param> e : config.allNames().entrySet()) {
                if (!matches.containsKey(e.getKey()) && Glob.matches(pattern, e.getKey(), true)) {
                    matches.put(e.getKey(), e.getValue());
                }
            }
        }
        c.reply.mapHeader(matches.size());
        for (Map.Entry<String, Config.Param> e : matches.entrySet()) {
            c.reply.bulk(e.getKey());
            c.reply.bulk(e.getValue().value());
        }
    }

    /**
     * The parameter a client may name. Hidden parameters are those Redis 7.0 does not have
     * (7.2's set-max-listpack-*, kept for engine code that reads them), so clients never see them.
     */
    private static Config.Param visible(Config config, String name) {
        return config.allNames().get(name.toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean hasGlob(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /**
     * CONFIG SET name value [name value ...]: check every name, then validate every value, then
     * apply them all. The first problem found decides the error, in Redis's order: an unknown
     * name, an immutable or repeated one, then a value its parameter refuses.
     */
    static void set(Client c) {
        if ((c.argc & 1) != 0) throw new RedisException("ERR syntax error");
        Config config = c.server.config;
        int n = (c.argc - 2) / 2;
        Config.Param[] params = new Config.Param[n];
        String[] values = new String[n];
        String unknown = null, badName = null, why = null;
        for (int i = 0; i < n && unknown == null && badName == null; i++) {
            String name = c.arg(2 + 2 * i);
            Config.Param p = visible(config, name);
            if (p == null) {
                unknown = name;
            } else if (!p.mutable()) {
                badName = name;
                why = "can't set immutable config";
            } else if (p.isProtected() && !ServerCommands.protectedActionAllowed(c, "enable-protected-configs")) {
                badName = name;
                why = "can't set protected config";
            } else {
                for (int j = 0; j < i; j++) {
                    if (params[j] == p) {
                        badName = name;
                        why = "duplicate parameter";
                    }
                }
            }
            params[i] = p;
        }
        if (unknown != null) throw new RedisException("ERR Unknown option or number of arguments for CONFIG SET - '" + unknown + "'");
        if (badName != null) throw setFailed(badName, why);
        for (int i = 0; i < n; i++) {
            try {
                values[i] = config.normalise(params[i], c.arg(3 + 2 * i));
            } catch (ConfigException e) {
                // Past the name checks Redis names the parameter by its registered name (or alias).
                throw setFailed(c.arg(2 + 2 * i).toLowerCase(java.util.Locale.ROOT), e.getMessage());
            }
        }
        for (int i = 0; i < n; i++) config.apply(params[i], values[i]);
        c.reply.ok();
    }

    private static RedisException setFailed(String name, String why) {
        return new RedisException("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + why);
    }

    /** CONFIG RESETSTAT: zero INFO's counters, command and error statistics (resetServerStats). */
    static void resetStat(Client c) {
        Server s = c.server;
        s.stats.reset();
        s.keyspace.stats.reset();
        Metrics m = Metrics.of(s);
        m.peakMemory = dev.rediscover.evict.UsedMemory.of(c.server).used();     // Redis restarts the peak too (stat_peak_memory)
        LatencyTracking.of(s).reset();
        for (CommandSpec cmd : s.commands.all()) {
            resetCommandStats(cmd);
            for (CommandSpec sub : cmd.subcommands().values()) resetCommandStats(sub);
        }
        c.reply.ok();
    }

    private static void resetCommandStats(CommandSpec cmd) {
        cmd.calls = cmd.usec = cmd.failedCalls = cmd.rejectedCalls = 0;
    }

    /** CONFIG REWRITE: write the current values back to the configuration file. */
    static void rewrite(Client c) {
        Config config = c.server.config;
        if (config.configFile() == null) throw new RedisException("ERR The server is running without a config file");
        try {
            config.rewrite();
        } catch (IOException | RuntimeException e) {
            c.server.log.warning("CONFIG REWRITE failed: " + e.getMessage());
            throw new RedisException("ERR Rewriting config file: " + e.getMessage());
        }
        c.server.log.notice("CONFIG REWRITE executed with success.");
        c.reply.ok();
    }

    static void help(Client c) {
        Help.reply(c, "CONFIG",
                "GET <pattern>",
                "    Return parameters matching the glob-like <pattern> and their values.",
                "SET <directive> <value>",
                "    Set the configuration <directive> to <value>.",
                "RESETSTAT",
                "    Reset statistics reported by the INFO command.",
                "REWRITE",
                "    Rewrite the configuration file.");
    }
}
