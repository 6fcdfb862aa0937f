/*
 * The command table: name -> CommandSpec, looked up once per command on the hot path.
 *
 * Lookup is by the raw bytes the client sent and ignores case ("get", "GET" and "gEt" are the
 * same command), without building a String per command. Each commands file contributes its rows
 * through a static register(CommandTable) method; Commands.java lists those files in order.
 * Redis builds the same table at start-up in populateCommandTable() (server.c).
 */
package dev.rediscover.command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public final class CommandTable {
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();
    // Open-addressing index over case-folded names, for allocation-free lookup.
    private CommandSpec[] slots = new CommandSpec[512];
    private byte[][] slotNames = new byte[512][];

    public CommandSpec add(String name, int arity, CommandHandler handler) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (byName.containsKey(lower)) throw new IllegalStateException("command registered twice: " + name);
        CommandSpec spec = new CommandSpec(lower, arity, handler, null);
        byName.put(lower, spec);
        index(lower.getBytes(StandardCharsets.US_ASCII), spec);
        return spec;
    }

    /** A command made only of subcommands (CONFIG, CLIENT, OBJECT...). */
    public CommandSpec container(String name, int arity) {
        return add(name, arity, null);
    }

    /** Remove a command (rename-command in redis.conf, or a lab that is not reached yet). */
    public void remove(String name) {
        byName.remove(name.toLowerCase(Locale.ROOT));
        rebuildIndex();
    }

    /** Rename a command, as redis.conf's rename-command does; an empty new name removes it. */
    public void rename(String from, String to) {
        CommandSpec spec = byName.remove(from.toLowerCase(Locale.ROOT));
        if (spec == null) throw new IllegalArgumentException("No such command in rename-command");
        if (!to.isEmpty()) {
            CommandSpec renamed = spec;
            byName.put(to.toLowerCase(Locale.ROOT), renamed);
        }
        rebuildIndex();
    }

    public CommandSpec lookup(String name) { return byName.get(name.toLowerCase(Locale.ROOT)); }

    /** Find the command named by bytes, ignoring ASCII case. Null when unknown. */
    public CommandSpec lookup(byte[] name) {
        int mask = slots.length - 1;
        for (int i = hash(name) & mask; slots[i] != null; i = (i + 1) & mask) {
            if (equalsIgnoreCase(slotNames[i], name)) return slots[i];
        }
        return null;
    }

    public Collection<CommandSpec> all() { return byName.values(); }

    /** The names under which commands are reachable (after any rename-command). */
    public List<String> names() { return new ArrayList<>(byName.keySet()); }

    public int size() { return byName.size(); }

    private void rebuildIndex() {
        int cap = 512;
        while (byName.size() * 2 > cap) cap *= 2;
        slots = new CommandSpec[cap];
        slotNames = new byte[cap][];
        byName.forEach((n, s) -> insert(n.getBytes(StandardCharsets.US_ASCII), s));
    }

    private void index(byte[] lower, CommandSpec spec) {
        if (byName.size() * 2 > slots.length) rebuildIndex();
        else insert(lower, spec);
    }

    private void insert(byte[] lower, CommandSpec spec) {
        int mask = slots.length - 1;
        int i = hash(lower) & mask;
        while (slots[i] != null) i = (i + 1) & mask;
        slots[i] = spec;
        slotNames[i] = lower;
    }

    private static int hash(byte[] name) {
        int h = 0;
        for (byte b : name) h = 31 * h + (b | 0x20);
        return h ^ (h >>> 16);
    }

    private static boolean equalsIgnoreCase(byte[] lower, byte[] other) {
        if (lower.length != other.length) return false;
        for (int i = 0; i < lower.length; i++) {
            byte o = other[i];
            if (o >= 'A' && o <= 'Z') o += 32;
            if (lower[i] != o) return false;
        }
        return true;
    }
}
