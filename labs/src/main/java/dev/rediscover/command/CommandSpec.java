/*
 * Everything the server knows about one command, besides its code: the row of Redis's command
 * table (server.c, struct redisCommand, generated from src/commands/*.json in Redis 7).
 *
 *   arity       N means exactly N words including the name; -N means at least N
 *   flags       write, readonly, denyoom, admin, fast, blocking, ... (COMMAND INFO shows them,
 *               the dispatcher and later ACL, MULTI and replication read them)
 *   keys        first key, last key (-1 = the last argument), step: where the keys are, so
 *               COMMAND GETKEYS, ACL key patterns and cluster tools can find them
 *   group       "string", "generic", "server", ...: gives the ACL category (@string, @keyspace)
 *
 * Specs are built fluently where each commands file registers its commands:
 *
 *   table.add("get", 2, StringCommands::get).flags("readonly fast").keys(1, 1, 1).group("string");
 */
package dev.rediscover.command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

public final class CommandSpec {
    private final String name;          // lower case; "config|get" for a subcommand
    private final String shortName;     // "get" for "config|get"
    private final int arity;
    private final CommandHandler handler;
    private final CommandSpec parent;
    private final Set<String> flags = new LinkedHashSet<>();
    private final Set<String> extraCategories = new LinkedHashSet<>();
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    private int firstKey, lastKey, keyStep;
    private String group = "generic";
    private String summary = "";
    private String since = "1.0.0";
    private String complexity = "";
    private final List<String> tips = new ArrayList<>();

    // Statistics for INFO commandstats (Redis: cmd->calls, microseconds, failed_calls, rejected_calls).
    public long calls, usec, failedCalls, rejectedCalls;

    CommandSpec(String name, int arity, CommandHandler handler, CommandSpec parent) {
        this.name = parent == null ? name : parent.name + "|" + name;
        this.shortName = name;
        this.arity = arity;
        this.handler = handler;
        this.parent = parent;
    }

    // ------------------------------------------------------------ builder

    /** Space-separated Redis flags: "write denyoom fast". */
    public CommandSpec flags(String spaceSeparated) {
        flags.addAll(Arrays.asList(spaceSeparated.trim().split("\\s+")));
        flags.remove("");
        return this;
    }

    public CommandSpec keys(int first, int last, int step) {
        this.firstKey = first;
        this.lastKey = last;
        this.keyStep = step;
        return this;
    }

    /** Command group as in Redis's docs: string, generic, server, connection, list, ... */
    public CommandSpec group(String group) {
        this.group = group;
        return this;
    }

    /** ACL categories beyond those implied by group and flags, e.g. "@dangerous". */
    public CommandSpec acl(String spaceSeparated) {
        extraCategories.addAll(Arrays.asList(spaceSeparated.trim().split("\\s+")));
        extraCategories.remove("");
        return this;
    }

    public CommandSpec doc(String summary, String since, String complexity) {
        this.summary = summary;
        this.since = since;
        this.complexity = complexity;
        return this;
    }

    /** Command tips shown by COMMAND INFO/DOCS, e.g. "nondeterministic_output". */
    public CommandSpec tips(String... t) {
        tips.addAll(Arrays.asList(t));
        return this;
    }

    /** Register a subcommand: CONFIG GET is sub("get", -3, ...) on the "config" container. */
    public CommandSpec sub(String subName, int subArity, CommandHandler h) {
        CommandSpec s = new CommandSpec(subName.toLowerCase(Locale.ROOT), subArity, h, this);
        s.group = group;
        subcommands.put(s.shortName, s);
        return s;
    }

    // ------------------------------------------------------------ queries

    public String name() { return name; }

    public String shortName() { return shortName; }

    public int arity() { return arity; }

    public CommandHandler handler() { return handler; }

    public CommandSpec parent() { return parent; }

    public boolean hasSubcommands() { return !subcommands.isEmpty(); }

    public Map<String, CommandSpec> subcommands() { return Collections.unmodifiableMap(subcommands); }

    public CommandSpec subcommand(String lowerName) { return subcommands.get(lowerName); }

    public boolean is(String flag) { return flags.contains(flag); }

    public Set<String> flags() { return Collections.unmodifiableSet(flags); }

    public int firstKey() { return firstKey; }

    public int lastKey() { return lastKey; }

    public int keyStep() { return keyStep; }

    public String group() { return group; }

    public String summary() { return summary; }

    public String since() { return since; }

    public String complexity() { return complexity; }

    public List<String> tips() { return tips; }

    /** True when argc words satisfy the arity rule. */
    public boolean arityOk(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /**
     * ACL categories, derived the way Redis derives them (server.c, setImplicitACLCategories)
     * plus the command group's own category.
     */
    public List<String> aclCategories() {
        Set<String> cats = new LinkedHashSet<>();
        if (flags.contains("write")) cats.add("@write");
        if (flags.contains("readonly") && !group.equals("scripting")) cats.add("@read");
        if (flags.contains("admin")) { cats.add("@admin"); cats.add("@dangerous"); }
        if (flags.contains("pubsub")) cats.add("@pubsub");
        if (flags.contains("fast")) cats.add("@fast");
        if (flags.contains("blocking")) cats.add("@blocking");
        String groupCat = switch (group) {
            case "generic" -> "@keyspace";
            case "string" -> "@string";
            case "bitmap" -> "@bitmap";
            case "list" -> "@list";
            case "hash" -> "@hash";
            case "set" -> "@set";
            case "sorted_set" -> "@sortedset";
            case "stream" -> "@stream";
            case "pubsub" -> "@pubsub";
            case "hyperloglog" -> "@hyperloglog";
            case "geo" -> "@geo";
            case "connection" -> "@connection";
            case "transactions" -> "@transaction";
            case "scripting" -> "@scripting";
            default -> null;
        };
        if (groupCat != null) cats.add(groupCat);
        cats.addAll(extraCategories);
        if (!cats.contains("@fast")) cats.add("@slow");
        return new ArrayList<>(cats);
    }
}
