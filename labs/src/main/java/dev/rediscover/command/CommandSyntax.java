/*
 * The argument trees of every command, read once from commands/syntax.txt (a resource) and
 * parsed by SyntaxParser. COMMAND DOCS sends them as "arguments", and redis-cli 7.0 turns them
 * into the grey hints it shows while you type. Redis compiles the same trees into its command
 * table (commands.c, generated from src/commands/*.json); keeping them in one readable file
 * leaves the commands' register() blocks alone.
 *
 * File format: one line per command, "NAME synopsis" (see SyntaxParser for the notation);
 * "#" starts a comment line. A command with subcommands has a line of its own name alone
 * ("CLIENT"), then one line per subcommand: "CLIENT KILL ...".
 */
package dev.rediscover.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

public final class CommandSyntax {
    public static final String RESOURCE = "/commands/syntax.txt";

    private static final CommandSyntax BUILT_IN = load();

    private final Map<String, List<CommandArg>> byName;   // "set", "client|kill"

    private CommandSyntax(Map<String, List<CommandArg>> byName) { this.byName = byName; }

    /** The trees from the resource, parsed when this class is first used (at start-up). */
    public static CommandSyntax builtIn() { return BUILT_IN; }

    /** The argument tree of "get" or "config|get"; empty when it takes none or is unknown. */
    public List<CommandArg> arguments(String lowerName) {
        return byName.getOrDefault(lowerName, List.of());
    }

    /** Every command and subcommand named in the file, with "|" for subcommands. */
    public Set<String> names() { return Collections.unmodifiableSet(byName.keySet()); }

    private static CommandSyntax load() {
        try (InputStream in = CommandSyntax.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the jar");
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the file's lines; a bad line fails with its number, so a typo stops start-up. */
    public static CommandSyntax parse(List<String> lines) {
        Map<String, List<CommandArg>> out = new LinkedHashMap<>();
        Set<String> containers = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] words = line.split("\\s+", 3);
            String name = words[0].toLowerCase(Locale.ROOT);
            String rest = line.substring(words[0].length()).strip();
            if (containers.contains(name) && words.length >= 2) {
                name = name + "|" + words[1].toLowerCase(Locale.ROOT);
                rest = words.length == 3 ? words[2] : "";
            } else if (rest.isEmpty()) {
                containers.add(name);     // a name alone: no arguments, maybe subcommands follow
            }
            try {
                if (out.put(name, SyntaxParser.parse(rest)) != null) throw new SyntaxParser.SyntaxError("a second line for " + name);
            } catch (RuntimeException e) {
                throw new IllegalStateException(RESOURCE + " line " + (i + 1) + ": " + e.getMessage() + ": " + line, e);
            }
        }
        return new CommandSyntax(out);
    }
}
