/*
 * Numbers every command and subcommand of the table (CommandSpec.aclId), so a user's permissions
 * are a bitset, and lists which numbers each ACL category holds. Redis gives each command an id
 * when it builds the table (server.c, populateCommandTable; ACLGetCommandID in acl.c) and finds a
 * category's commands from each command's acl_categories.
 */
package dev.rediscover.acl;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.CommandTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class AclCommandIndex {
    /** Redis's categories, in the order of its ACL category table (ACL CAT lists them so). */
    static final List<String> CATEGORIES = List.of("keyspace", "read", "write", "set", "sortedset", "list", "hash",
            "string", "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking",
            "dangerous", "connection", "transaction", "scripting");

    private final List<CommandSpec> byId = new ArrayList<>();
    private final Map<String, CommandSpec> byName = new HashMap<>();
    private final Map<String, int[]> categories = new LinkedHashMap<>();

    AclCommandIndex(CommandTable table) {
        for (CommandSpec cmd : table.all()) {
            add(cmd);
            for (CommandSpec sub : cmd.subcommands().values()) add(sub);
        }
        for (String cat : CATEGORIES) {
            List<Integer> ids = new ArrayList<>();
            for (CommandSpec cmd : byId) if (cmd.aclCategories().contains("@" + cat)) ids.add(cmd.aclId);
            categories.put(cat, ids.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    private void add(CommandSpec cmd) {
        cmd.aclId = byId.size();
        byId.add(cmd);
        byName.put(cmd.name(), cmd);
    }

    int size() { return byId.size(); }

    /**
     * Top-level commands by name: the order single-command rules are described in. Redis walks
     * its command dict, whose order depends on a hash seed chosen at start-up.
     */
    List<CommandSpec> topLevelByName() {
        List<CommandSpec> top = new ArrayList<>();
        for (CommandSpec c : byId) if (c.parent() == null) top.add(c);
        top.sort(java.util.Comparator.comparing(CommandSpec::name));
        return top;
    }

    CommandSpec byId(int id) { return byId.get(id); }

    /** "get" or "config|get" (Redis's original names, whatever rename-command did). */
    CommandSpec command(String lowerName) { return byName.get(lowerName); }

    /** The ids in a category (name without "@"), or null when there is no such category. */
    int[] category(String name) { return categories.get(name); }
}
