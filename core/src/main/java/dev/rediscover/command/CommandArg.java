/*
 * One node of a command's argument tree, as COMMAND DOCS shows it under "arguments": a name, a
 * type (key, string, integer, double, pattern, unix-time, pure-token, oneof, block), an optional
 * token (the literal word that introduces it, "EX"), flags (optional, multiple, multiple_token),
 * the key spec a key argument belongs to, and the children of a oneof or block.
 *
 * redis-cli 7.0 builds its interactive hints from these trees. Redis keeps them in
 * struct redisCommandArg (server.h), generated from the "arguments" of src/commands/*.json and
 * sent by addReplyCommandArgList (server.c). Here they come from commands/syntax.txt through
 * SyntaxParser.
 */
package dev.rediscover.command;

import java.util.List;

public record CommandArg(String name, String type, String token, List<String> flags, int keySpecIndex,
                         List<CommandArg> args) {

    /** The types Redis 7.0 knows (server.h, redisCommandArgType). */
    public static final List<String> TYPES = List.of("string", "integer", "double", "key", "pattern",
            "unix-time", "pure-token", "oneof", "block");

    public CommandArg {
        flags = List.copyOf(flags);
        args = List.copyOf(args);
    }

    public boolean isKey() { return type.equals("key"); }

    CommandArg withName(String n) { return new CommandArg(n, type, token, flags, keySpecIndex, args); }

    CommandArg withToken(String t) { return new CommandArg(name, type, t, flags, keySpecIndex, args); }

    CommandArg withKeySpecIndex(int i) { return new CommandArg(name, type, token, flags, i, args); }

    /** Adds a flag, keeping Redis's order: optional, multiple, multiple_token. */
    CommandArg withFlag(String flag) {
        if (flags.contains(flag)) return this;
        List<String> order = List.of("optional", "multiple", "multiple_token");
        List<String> out = order.stream().filter(f -> f.equals(flag) || flags.contains(f)).toList();
        return new CommandArg(name, type, token, out, keySpecIndex, args);
    }
}
