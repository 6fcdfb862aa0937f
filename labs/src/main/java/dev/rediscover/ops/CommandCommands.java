/*
 * COMMAND, COMMAND COUNT / INFO / DOCS / LIST / GETKEYS / GETKEYSANDFLAGS / HELP: the command
 * table described to clients, so redis-cli can complete and hint, and client libraries and
 * cluster proxies can find the keys in a command (Redis: server.c, commandCommand,
 * addReplyCommandInfo, addReplyCommandDocs, getKeysFromCommand).
 *
 * COMMAND INFO gives, per command, ten fields in this order:
 *
 *   name, arity, flags, first key, last key, key step, ACL categories, tips, key specs, subcommands
 *
 * Flags, categories and tips are sets in RESP3. Key specs are the command's KeySpecs (see
 * CommandSpec for how commands declare them); first/last/step are derived from them.
 * COMMAND DOCS gives summary, since, group and complexity, doc_flags and deprecation when set,
 * the argument tree (from commands/syntax.txt through CommandSyntax: redis-cli builds its hints
 * from it) and subcommands. Redis's per-version "history" and per-argument "since" are not kept.
 */
package dev.rediscover.ops;

import dev.rediscover.keyspace.Glob;

import dev.rediscover.command.CommandArg;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.CommandSyntax;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.KeySpec;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

public final class CommandCommands {
    private CommandCommands() {}

    /** Parsed when the server registers its commands, so a bad syntax line stops start-up. */
    private static final CommandSyntax SYNTAX = CommandSyntax.builtIn();

    public static void register(Server server) {
        CommandTable t = server.commands;
        CommandSpec command = t.add("command", -1, CommandCommands::command)
                .flags("loading stale").group("server").acl("@connection")
                .tips("nondeterministic_output_order")
                .doc("Returns detailed information about all commands.", "2.8.13", "O(N) where N is the total number of Redis commands");
        command.sub("count", 2, CommandCommands::count).flags("loading stale").acl("@connection")
                .doc("Returns a count of commands.", "2.8.13", "O(1)");
        command.sub("info", -2, CommandCommands::info).flags("loading stale").acl("@connection")
                .tips("nondeterministic_output_order")
                .doc("Returns information about one, multiple or all commands.", "2.8.13", "O(N) where N is the number of commands to look up");
        command.sub("docs", -2, CommandCommands::docs).flags("loading stale").acl("@connection")
                .tips("nondeterministic_output_order")
                .doc("Returns documentary information about one, multiple or all commands.", "7.0.0", "O(N) where N is the number of commands to look up");
        command.sub("list", -2, CommandCommands::list).flags("loading stale").acl("@connection")
                .tips("nondeterministic_output_order")
                .doc("Returns a list of command names.", "7.0.0", "O(N) where N is the total number of Redis commands");
        command.sub("getkeys", -4, CommandCommands::getKeys).flags("loading stale").acl("@connection")
                .doc("Extracts the key names from an arbitrary command.", "2.8.13", "O(N) where N is the number of arguments to the command");
        command.sub("getkeysandflags", -4, CommandCommands::getKeysAndFlags).flags("loading stale").acl("@connection")
                .doc("Extracts the key names and access flags for an arbitrary command.", "7.0.0", "O(N) where N is the number of arguments to the command");
        command.sub("help", 2, CommandCommands::help).flags("loading stale").acl("@connection")
                .doc("Returns helpful text about the different subcommands.", "5.0.0", "O(1)");
    }

    /**
     * COMMAND with no subcommand: every command's info. The dispatcher sends a bare "COMMAND"
     * here because the container has its own handler; anything after it must be a subcommand.
     */
    static void command(Client c) {
        if (c.argc > 1) throw new RedisException("ERR unknown subcommand '" + c.arg(1) + "'. Try COMMAND HELP.");
        allCommands(c);
    }

    private static void allCommands(Client c) {
        Collection<CommandSpec> all = c.server.commands.all();
        c.reply.arrayHeader(all.size());
        for (CommandSpec cmd : all) commandInfo(c, cmd);
    }

    static void count(Client c) { c.reply.integer(c.server.commands.size()); }

    /** COMMAND INFO [name ...]: one entry per name, null for unknown names; all with none. */
    static void info(Client c) {
        if (c.argc == 2) {
            allCommands(c);
            return;
        }
        c.reply.arrayHeader(c.argc - 2);
        for (int i = 2; i < c.argc; i++) {
            CommandSpec cmd = lookup(c.server, c.arg(i));
            if (cmd == null) c.reply.nullBulk();
            else commandInfo(c, cmd);
        }
    }

    /** "get", or "config|get" for a subcommand. */
    static CommandSpec lookup(Server s, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) return s.commands.lookup(lower);
        CommandSpec parent = s.commands.lookup(lower.substring(0, bar));
        return parent == null ? null : parent.subcommand(lower.substring(bar + 1));
    }

    /** The ten-field description of one command (Redis: addReplyCommandInfo). */
    static void commandInfo(Client c, CommandSpec cmd) {
        c.reply.arrayHeader(10);
        c.reply.bulk(cmd.name());
        c.reply.integer(cmd.arity());
        c.reply.setHeader(cmd.flags().size());
        for (String f : cmd.flags()) c.reply.simple(f);
        c.reply.integer(cmd.firstKey());
        c.reply.integer(cmd.lastKey());
        c.reply.integer(cmd.keyStep());
        List<String> cats = cmd.aclCategories();
        c.reply.setHeader(cats.size());
        for (String cat : cats) c.reply.simple(cat);
        c.reply.setHeader(cmd.tips().size());
        for (String tip : cmd.tips()) c.reply.bulk(tip);
        keySpecs(c, cmd);
        c.reply.setHeader(cmd.subcommands().size());
        for (CommandSpec sub : cmd.subcommands().values()) commandInfo(c, sub);
    }

    /** The command's key specs, each a map (Redis: addReplyCommandKeySpecs). */
    private static void keySpecs(Client c, CommandSpec cmd) {
        List<KeySpec> specs = cmd.keySpecs();
        c.reply.setHeader(specs.size());
        for (KeySpec spec : specs) keySpec(c, spec);
    }

    /** notes (when any), flags, begin_search, find_keys: the order Redis sends them in. */
    private static void keySpec(Client c, KeySpec spec) {
        boolean notes = spec.notes() != null;
        c.reply.mapHeader(notes ? 4 : 3);
        if (notes) {
            c.reply.bulk("notes");
            c.reply.bulk(spec.notes());
        }
        c.reply.bulk("flags");
        c.reply.setHeader(spec.flags().size());
        for (String f : spec.flags()) c.reply.simple(f);
        c.reply.bulk("begin_search");
        beginSearch(c, spec);
        c.reply.bulk("find_keys");
        findKeys(c, spec);
    }

    private static void beginSearch(Client c, KeySpec spec) {
        c.reply.mapHeader(2);
        c.reply.bulk("type");
        switch (spec.begin()) {
            case INDEX -> {
                c.reply.bulk("index");
                c.reply.bulk("spec");
                c.reply.mapHeader(1);
                c.reply.bulk("index");
                c.reply.integer(spec.index());
            }
            case KEYWORD -> {
                c.reply.bulk("keyword");
                c.reply.bulk("spec");
                c.reply.mapHeader(2);
                c.reply.bulk("keyword");
                c.reply.bulk(spec.keyword());
                c.reply.bulk("startfrom");
                c.reply.integer(spec.startFrom());
            }
            case UNKNOWN -> {
                c.reply.bulk("unknown");
                c.reply.bulk("spec");
                c.reply.mapHeader(0);
            }
        }
    }

    private static void findKeys(Client c, KeySpec spec) {
        c.reply.mapHeader(2);
        c.reply.bulk("type");
        switch (spec.find()) {
            case RANGE -> {
                c.reply.bulk("range");
                c.reply.bulk("spec");
                c.reply.mapHeader(3);
                c.reply.bulk("lastkey");
                c.reply.integer(spec.lastKey());
                c.reply.bulk("keystep");
                c.reply.integer(spec.keyStep());
                c.reply.bulk("limit");
                c.reply.integer(spec.limit());
            }
            case KEYNUM -> {
                c.reply.bulk("keynum");
                c.reply.bulk("spec");
                c.reply.mapHeader(3);
                c.reply.bulk("keynumidx");
                c.reply.integer(spec.keyNumIdx());
                c.reply.bulk("firstkey");
                c.reply.integer(spec.firstKey());
                c.reply.bulk("keystep");
                c.reply.integer(spec.keyStep());
            }
            case UNKNOWN -> {
                c.reply.bulk("unknown");
                c.reply.bulk("spec");
                c.reply.mapHeader(0);
            }
        }
    }

    // ---------------------------------------------------------------- COMMAND DOCS

    /** COMMAND DOCS [name ...]: a map of name to docs; unknown names are left out. */
    static void docs(Client c) {
        List<CommandSpec> found = new ArrayList<>();
        if (c.argc == 2) {
            found.addAll(c.server.commands.all());
        } else {
            for (int i = 2; i < c.argc; i++) {
                CommandSpec cmd = lookup(c.server, c.arg(i));
                if (cmd != null) found.add(cmd);
            }
        }
        c.reply.mapHeader(found.size());
        for (CommandSpec cmd : found) {
            c.reply.bulk(cmd.name());
            commandDocs(c, cmd);
        }
    }

    /**
     * summary, since, group, complexity, then doc_flags, deprecation, arguments and subcommands
     * if any: Redis's order (addReplyCommandDocs).
     */
    private static void commandDocs(Client c, CommandSpec cmd) {
        boolean subs = cmd.hasSubcommands();
        boolean docFlags = !cmd.docFlags().isEmpty();
        boolean deprecated = cmd.deprecatedSince() != null;
        List<CommandArg> args = SYNTAX.arguments(cmd.name());
        boolean complexity = cmd.complexity() != null;   // PSYNC and SYNC document none
        c.reply.mapHeader(3 + (complexity ? 1 : 0) + (docFlags ? 1 : 0) + (deprecated ? 2 : 0) + (args.isEmpty() ? 0 : 1) + (subs ? 1 : 0));
        c.reply.bulk("summary");
        c.reply.bulk(cmd.summary());
        c.reply.bulk("since");
        c.reply.bulk(cmd.since());
        c.reply.bulk("group");
        c.reply.bulk(cmd.group());
        if (complexity) {
            c.reply.bulk("complexity");
            c.reply.bulk(cmd.complexity());
        }
        if (docFlags) {
            c.reply.bulk("doc_flags");
            c.reply.setHeader(cmd.docFlags().size());
            for (String f : cmd.docFlags()) c.reply.simple(f);
        }
        if (deprecated) {
            c.reply.bulk("deprecated_since");
            c.reply.bulk(cmd.deprecatedSince());
            c.reply.bulk("replaced_by");
            c.reply.bulk(cmd.replacedBy());
        }
        if (!args.isEmpty()) {
            c.reply.bulk("arguments");
            arguments(c, args);
        }
        if (subs) {
            c.reply.bulk("subcommands");
            c.reply.mapHeader(cmd.subcommands().size());
            for (CommandSpec sub : cmd.subcommands().values()) {
                c.reply.bulk(sub.name());
                commandDocs(c, sub);
            }
        }
    }

    /**
     * An argument list: one map per argument with name, type, key_spec_index (keys), token,
     * flags and nested arguments, each only when it applies (Redis: addReplyCommandArgList).
     */
    private static void arguments(Client c, List<CommandArg> args) {
        c.reply.arrayHeader(args.size());
        for (CommandArg a : args) {
            boolean spec = a.keySpecIndex() >= 0, token = a.token() != null;
            boolean flags = !a.flags().isEmpty(), nested = !a.args().isEmpty();
            c.reply.mapHeader(2 + (spec ? 1 : 0) + (token ? 1 : 0) + (flags ? 1 : 0) + (nested ? 1 : 0));
            c.reply.bulk("name");
            c.reply.bulk(a.name());
            c.reply.bulk("type");
            c.reply.bulk(a.type());
            if (spec) {
                c.reply.bulk("key_spec_index");
                c.reply.integer(a.keySpecIndex());
            }
            if (token) {
                c.reply.bulk("token");
                c.reply.bulk(a.token());
            }
            if (flags) {
                c.reply.bulk("flags");
                c.reply.setHeader(a.flags().size());
                for (String f : a.flags()) c.reply.simple(f);
            }
            if (nested) {
                c.reply.bulk("arguments");
                arguments(c, a.args());
            }
        }
    }

    // ---------------------------------------------------------------- COMMAND LIST

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern] */
    static void list(Client c) {
        String by = null, arg = null;
        if (c.argc == 5 && c.arg(2).equalsIgnoreCase("filterby")) {
            by = c.arg(3).toLowerCase(Locale.ROOT);
            arg = c.arg(4);
            if (!by.equals("module") && !by.equals("aclcat") && !by.equals("pattern")) throw new RedisException("ERR syntax error");
        } else if (c.argc != 2) {
            throw new RedisException("ERR syntax error");
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec cmd : c.server.commands.all()) {
            addIfMatches(names, cmd, by, arg);
            for (CommandSpec sub : cmd.subcommands().values()) addIfMatches(names, sub, by, arg);
        }
        c.reply.arrayHeader(names.size());
        for (String n : names) c.reply.bulk(n);
    }

    private static void addIfMatches(List<String> out, CommandSpec cmd, String by, String arg) {
        boolean ok;
        if (by == null) ok = true;
        else if (by.equals("module")) ok = false;       // no modules
        else if (by.equals("aclcat")) ok = cmd.aclCategories().contains("@" + arg.toLowerCase(Locale.ROOT));
        else ok = Glob.matches(arg, cmd.name(), true);
        if (ok) out.add(cmd.name());
    }

    // ---------------------------------------------------------------- GETKEYS

    static void getKeys(Client c) { keys(c, false); }

    static void getKeysAndFlags(Client c) { keys(c, true); }

    /**
     * COMMAND GETKEYS / GETKEYSANDFLAGS command [arg ...]: the keys the command would touch,
     * found by its key specs or KeyFinder (Redis: commandGetKeysCommand, getKeysFromCommandWithSpecs).
     */
    private static void keys(Client c, boolean withFlags) {
        int base = 2;
        CommandSpec cmd = c.server.commands.lookup(c.argv[base]);
        int n = c.argc - base;
        if (cmd != null && cmd.hasSubcommands() && n >= 2) {
            cmd = cmd.subcommand(c.arg(base + 1).toLowerCase(Locale.ROOT));
        }
        if (cmd == null) throw new RedisException("ERR Invalid command specified");
        if (cmd.keySpecs().isEmpty()) throw new RedisException("ERR The command has no key arguments");
        if (!cmd.arityOk(n)) throw new RedisException("ERR Invalid number of arguments specified for command");
        byte[][] args = Arrays.copyOfRange(c.argv, base, c.argc);
        List<Integer> positions = new ArrayList<>();
        List<KeySpec> owners = new ArrayList<>();
        boolean ok = cmd.findKeys(args, n, (i, s) -> {
            positions.add(i);
            owners.add(s);
        });
        if (!ok) positions.clear();
        if (positions.isEmpty()) {
            if (cmd.is("no_mandatory_keys")) {
                c.reply.arrayHeader(0);
                return;
            }
            throw new RedisException("ERR Invalid arguments specified for command");
        }
        c.reply.arrayHeader(positions.size());
        for (int k = 0; k < positions.size(); k++) {
            byte[] key = args[positions.get(k)];
            if (!withFlags) {
                c.reply.bulk(key);
                continue;
            }
            List<String> flags = owners.get(k).flags();
            c.reply.arrayHeader(2);
            c.reply.bulk(key);
            c.reply.setHeader(flags.size());
            for (String f : flags) c.reply.simple(f);
        }
    }

    static void help(Client c) {
        Help.reply(c, "COMMAND",
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command.");
    }
}
