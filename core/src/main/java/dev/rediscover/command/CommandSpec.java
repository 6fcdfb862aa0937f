/*
 * Everything the server knows about one command, besides its code: the row of Redis's command
 * table (server.c, struct redisCommand, generated from src/commands/*.json in Redis 7).
 *
 *   arity       N means exactly N words including the name; -N means at least N
 *   flags       write, readonly, denyoom, admin, fast, blocking, ... (COMMAND INFO shows them,
 *               the dispatcher and later ACL, MULTI and replication read them)
 *   key specs   where the keys are and what the command does to them (KeySpec), so COMMAND
 *               INFO/GETKEYS, ACL key patterns and cluster tools can find them
 *   group       "string", "generic", "server", ...: gives the ACL category (@string, @keyspace)
 *
 * Specs are built fluently where each commands file registers its commands:
 *
 *   table.add("get", 2, StringCommands::get).flags("readonly fast").key(1, "RO access").group("string");
 *
 * Declaring keys. Copy Redis's key_specs (COMMAND INFO <name> on a real 7.0 server shows them),
 * one call per spec, in Redis's order:
 *
 *   .key(1, "RW insert")                              one key at argv[1]              (APPEND)
 *   .key(1, "RO access").key(2, "OW update")          two specs, one key each         (COPY)
 *   .keys(1, -1, 1, "RM delete")                      argv[1..last], every 1st word   (DEL)
 *   .keys(1, -1, 2, "OW update")                      every 2nd word from argv[1]     (MSET)
 *   .key(1, "OW update")
 *       .keySpec(KeySpec.at(2).keynum(0, 1, 1).flags("RO access"))   argv[2] = numkeys   (ZUNIONSTORE)
 *   .keySpec(KeySpec.at(1).keynum(0, 1, 1).flags("RW access delete"))                    (LMPOP)
 *   .keySpec(KeySpec.after("STREAMS", 1).range(-1, 1, 2).flags("RO access"))            (XREAD)
 *   .keySpec(KeySpec.unknown().flags("RO access").notes("..."))                          (SORT BY)
 *
 * Key-spec flags: one of RO (reads), RW (reads and writes), OW (overwrites without reading),
 * RM (removes), then what is done to the data: access (values are read or returned), update,
 * insert (only adds), delete; "incomplete" when the spec may miss keys.
 *
 * In keys(first, last, step, flags) `last` is an argv index like Redis's legacy last_key: -1 is
 * the last argument, -2 the one before. The legacy triple COMMAND INFO shows (first key, last
 * key, step) and the "movablekeys" flag are derived from the specs as Redis does (server.c,
 * populateCommandLegacyRangeSpec): never declare "movablekeys" yourself. COMMAND GETKEYS and
 * GETKEYSANDFLAGS walk the specs (findKeys), so keynum and keyword commands need nothing more.
 *
 * Documentation: .doc(summary, since, complexity) in your own words; .deprecated(since,
 * replacedBy) and .docFlags("syscmd") when Redis's COMMAND DOCS shows doc_flags. The argument
 * syntax (COMMAND DOCS "arguments", redis-cli's hints) is not declared here but as one line in
 * resources commands/syntax.txt (CommandSyntax); CommandSyntaxTest fails until it is there.
 *
 * When what a key's flags are depends on the options (Redis's "variable_flags"), also give a
 * KeyFinder: .keyFinder(StringCommands::setKeys) reports each key with the spec that applies.
 *
 * The older form .keys(first, last, step) still works: one range spec whose flags are
 * .keyFlags("...") or, when none are given, a guess ("RW update" for writes, else "RO access").
 * Prefer the explicit forms: Redis's flags are rarely the guess.
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
    private boolean noGroupCategory;
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    private final List<KeySpec> keySpecs = new ArrayList<>();   // declared with key()/keys(..., flags)/keySpec()
    private KeySpec legacySpec;         // from the old keys(first, last, step), when nothing else is declared
    private int firstKey, lastKey, keyStep;   // Redis's legacy key range, derived from the specs
    private boolean movableKeys;        // keys the legacy range cannot describe: "movablekeys"
    private KeyFinder keyFinder;        // Redis's getkeys_proc, for variable_flags; null = the specs
    private String group = "generic";
    private String summary = "";
    private String since = "1.0.0";
    private String complexity = "";
    private final Set<String> docFlags = new LinkedHashSet<>();   // COMMAND DOCS doc_flags: deprecated, syscmd
    private String deprecatedSince, replacedBy;
    private final List<String> tips = new ArrayList<>();
    private String keyFlags;            // flags of the legacy spec ("RO access"); null = guessed

    // Statistics for INFO commandstats (Redis: cmd->calls, microseconds, failed_calls, rejected_calls).
    public long calls, usec, failedCalls, rejectedCalls;
    /** Index of this command's bit in every ACL user's allowed-commands bitset (AclCommandIndex). */
    public int aclId = -1;

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

    /**
     * Old form: keys at argv[first..last] (last -1 = the last argument), every step-th, with
     * key-spec flags from keyFlags() or guessed. Ignored once explicit specs are declared.
     */
    public CommandSpec keys(int first, int last, int step) {
        legacySpec = KeySpec.at(first).range(last >= 0 ? last - first : last, step, 0);
        deriveLegacyRange();
        return this;
    }

    /** One key spec: the single key at argv[index], with Redis's key-spec flags ("RW insert"). */
    public CommandSpec key(int index, String keySpecFlags) {
        return keySpec(KeySpec.at(index).flags(keySpecFlags));
    }

    /** One range key spec: argv[first..last] (last -1 = the last argument), every step-th. */
    public CommandSpec keys(int first, int last, int step, String keySpecFlags) {
        return keySpec(KeySpec.at(first).range(last >= 0 ? last - first : last, step, 0).flags(keySpecFlags));
    }

    /** Any key spec (keyword or keynum searches, notes): see KeySpec. Declare them in Redis's order. */
    public CommandSpec keySpec(KeySpec spec) {
        keySpecs.add(spec);
        deriveLegacyRange();
        return this;
    }

    /** Command group as in Redis's docs: string, generic, server, connection, list, ... */
    public CommandSpec group(String group) {
        this.group = group;
        return this;
    }

    /** ACL categories beyond those implied by group and flags, e.g. "@dangerous". */
    /**
     * ACL categories given explicitly, with no category derived from the group: SORT is in the
     * "generic" group but Redis lists it under @set @sortedset @list, not @keyspace.
     */
    public CommandSpec aclInsteadOfGroup(String spaceSeparated) {
        noGroupCategory = true;
        return acl(spaceSeparated);
    }

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

    /** COMMAND DOCS doc_flags besides "deprecated": "syscmd" for commands not meant for apps (DEBUG). */
    public CommandSpec docFlags(String spaceSeparated) {
        docFlags.addAll(Arrays.asList(spaceSeparated.trim().split("\\s+")));
        docFlags.remove("");
        return this;
    }

    /** Deprecated since a version in favour of another form (GETSET: SET with GET). */
    public CommandSpec deprecated(String since, String replacedBy) {
        docFlags.add("deprecated");
        this.deprecatedSince = since;
        this.replacedBy = replacedBy;
        return this;
    }

    /**
     * The flags of this command's key specification, as COMMAND INFO and COMMAND GETKEYSANDFLAGS
     * show them (Redis's key_specs[].flags: RO, RW, OW, RM, access, update, insert, delete).
     */
    public CommandSpec keyFlags(String spaceSeparated) {
        this.keyFlags = spaceSeparated;
        return this;
    }

    /** Finds the keys (and their flags) instead of the specs: see KeyFinder. */
    public CommandSpec keyFinder(KeyFinder finder) {
        this.keyFinder = finder;
        return this;
    }

    /**
     * The keys of a call, as argv positions with the spec (flags) of each: through the KeyFinder
     * when there is one, else spec by spec in order (Redis: getKeysFromCommandWithSpecs). False
     * when the arguments do not fit; then some keys may have been reported already.
     */
    public boolean findKeys(byte[][] argv, int argc, KeySpec.Positions out) {
        if (keyFinder != null) return keyFinder.find(argv, argc, out);
        for (KeySpec spec : keySpecs()) {
            if (!spec.findKeys(argv, argc, out)) return false;
        }
        return true;
    }

    /** The flags of the first key spec (COMMAND GETKEYSANDFLAGS uses each key's own spec). */
    public List<String> keySpecFlags() {
        List<KeySpec> specs = keySpecs();
        return specs.isEmpty() ? List.of() : specs.get(0).flags();
    }

    /** The key specs in Redis's order; for the old keys(first, last, step) form, one range spec. */
    public List<KeySpec> keySpecs() {
        if (!keySpecs.isEmpty() || legacySpec == null) return keySpecs;
        String f = keyFlags != null ? keyFlags : flags.contains("write") ? "RW update" : "RO access";
        return List.of(legacySpec.flags(f));
    }

    /**
     * Redis's legacy (first, last, step) and movablekeys, from the specs (server.c,
     * populateCommandLegacyRangeSpec). One index+range spec is copied as it is. Several are
     * merged while they are step-1 ranges that follow each other (BITOP: argv[2], then argv[3..]);
     * a spec that does not fit (keynum, keyword, a gap, a step) makes the keys "movable":
     * clients must ask COMMAND GETKEYS.
     */
    private void deriveLegacyRange() {
        List<KeySpec> specs = keySpecs.isEmpty() && legacySpec != null ? List.of(legacySpec) : keySpecs;
        firstKey = lastKey = keyStep = 0;
        movableKeys = false;
        if (specs.size() == 1 && specs.get(0).isPlainRange()) {
            KeySpec s = specs.get(0);
            firstKey = s.index();
            lastKey = s.lastKey() >= 0 ? s.index() + s.lastKey() : s.lastKey();
            keyStep = s.keyStep();
            movableKeys = s.has("incomplete");
            return;
        }
        int first = Integer.MAX_VALUE, last = 0;
        for (KeySpec s : specs) {
            boolean follows = last == 0 || last == s.index() - 1;
            if (!s.isPlainRange() || s.keyStep() != 1 || !follows) {
                movableKeys = true;
                continue;
            }
            if (s.has("incomplete")) movableKeys = true;
            first = Math.min(first, s.index());
            int abs = s.lastKey() >= 0 ? s.index() + s.lastKey() : s.lastKey();
            // a negative (counted from the end) last key lies beyond any absolute one
            if (Integer.compareUnsigned(abs, last) > 0) last = abs;
        }
        if (first == Integer.MAX_VALUE) {
            movableKeys = true;
            return;
        }
        firstKey = first;
        lastKey = last;
        keyStep = 1;
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

    /** The flags as COMMAND INFO lists them: "movablekeys" (derived) goes before "allow_busy". */
    public Set<String> flags() {
        if (!movableKeys) return Collections.unmodifiableSet(flags);
        Set<String> out = new LinkedHashSet<>();
        for (String f : flags) if (!f.equals("allow_busy")) out.add(f);
        out.add("movablekeys");
        if (flags.contains("allow_busy")) out.add("allow_busy");
        return Collections.unmodifiableSet(out);
    }

    /** True when the keys cannot be told from (first, last, step) alone. */
    public boolean movableKeys() { return movableKeys; }

    public int firstKey() { return firstKey; }

    public int lastKey() { return lastKey; }

    public int keyStep() { return keyStep; }

    public String group() { return group; }

    public String summary() { return summary; }

    public String since() { return since; }

    public String complexity() { return complexity; }

    public List<String> tips() { return tips; }

    public Set<String> docFlags() { return Collections.unmodifiableSet(docFlags); }

    public String deprecatedSince() { return deprecatedSince; }

    public String replacedBy() { return replacedBy; }

    /** True when argc words satisfy the arity rule. */
    public boolean arityOk(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    private static final List<String> CATEGORY_ORDER = List.of("@keyspace", "@read", "@write", "@set",
            "@sortedset", "@list", "@hash", "@string", "@bitmap", "@hyperloglog", "@geo", "@stream", "@pubsub",
            "@admin", "@fast", "@slow", "@blocking", "@dangerous", "@connection", "@transaction", "@scripting");

    private static int categoryRank(String cat) {
        int i = CATEGORY_ORDER.indexOf(cat);
        return i < 0 ? CATEGORY_ORDER.size() : i;
    }

    /**
     * ACL categories, derived the way Redis derives them (server.c, setImplicitACLCategories)
     * plus the command group's own category.
     */
    public List<String> aclCategories() {
        // A pure container (CONFIG, CLIENT) has no categories of its own: only @slow.
        if (handler == null && parent == null && extraCategories.isEmpty()) return List.of("@slow");
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
            // no "pubsub": @pubsub comes from the pubsub flag alone (PUBSUB HELP has neither)
            case "hyperloglog" -> "@hyperloglog";
            case "geo" -> "@geo";
            case "connection" -> "@connection";
            case "transactions" -> "@transaction";
            case "scripting" -> "@scripting";
            default -> null;
        };
        if (groupCat != null && !noGroupCategory) cats.add(groupCat);
        cats.addAll(extraCategories);
        if (!cats.contains("@fast")) cats.add("@slow");
        List<String> sorted = new ArrayList<>(cats);
        // COMMAND INFO lists them in the order of Redis's ACL category bits (acl.c, ACLCommandCategories).
        sorted.sort(java.util.Comparator.comparingInt(CommandSpec::categoryRank));
        return sorted;
    }
}
