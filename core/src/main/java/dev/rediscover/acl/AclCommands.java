/*
 * The ACL command and its subcommands: SETUSER, GETUSER, DELUSER, LIST, USERS, WHOAMI, CAT,
 * GENPASS, LOG, DRYRUN, LOAD, SAVE, HELP (Redis: acl.c, aclCommand). The users and the
 * per-command check live in Acl; this file only parses arguments and writes replies.
 */
package dev.rediscover.acl;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public final class AclCommands {
    private AclCommands() {}

    private static final String NO_ACL_FILE = "ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.";
    private static final String ADMIN = "admin noscript loading stale";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static void register(Server server) {
        CommandTable t = server.commands;
        // CONFIG REWRITE writes the users as "user" lines unless they live in an aclfile
        // (config.c, rewriteConfigUserOption).
        server.config.setRewriteUsers(() -> {
            if (!server.config.get("aclfile").isEmpty()) return null;
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (User u : server.acl.users.values()) lines.add(u.describe());
            return lines;
        });
        CommandSpec acl = t.container("acl", -2).group("server")
                .doc("A container for Access List Control commands.", "6.0.0", "Depends on subcommand.");
        acl.sub("cat", -2, AclCommands::cat).flags("noscript loading stale")
                .doc("Lists the ACL categories, or the commands inside a category.", "6.0.0", "O(1) since the categories and commands are a fixed set.");
        acl.sub("deluser", -3, AclCommands::delUser).flags(ADMIN)
                .doc("Deletes ACL users, and terminates their connections.", "6.0.0", "O(1) amortized time considering the typical user.");
        acl.sub("dryrun", -4, AclCommands::dryRun).flags(ADMIN)
                .doc("Simulates the execution of a command by a user, without executing the command.", "7.0.0", "O(1).");
        acl.sub("genpass", -2, AclCommands::genPass).flags("noscript loading stale")
                .doc("Generates a pseudorandom, secure password that can be used to identify ACL users.", "6.0.0", "O(1)");
        acl.sub("getuser", 3, AclCommands::getUser).flags(ADMIN)
                .doc("Lists the ACL rules of a user.", "6.0.0", "O(N). Where N is the number of password, command and pattern rules that the user has.");
        acl.sub("help", 2, AclCommands::help).flags("loading stale")
                .doc("Returns helpful text about the different subcommands.", "6.0.0", "O(1)");
        acl.sub("list", 2, AclCommands::list).flags(ADMIN)
                .doc("Dumps the effective rules in ACL file format.", "6.0.0", "O(N). Where N is the number of configured users.");
        acl.sub("load", 2, AclCommands::load).flags(ADMIN)
                .doc("Reloads the rules from the configured ACL file.", "6.0.0", "O(N). Where N is the number of configured users.");
        acl.sub("log", -2, AclCommands::log).flags(ADMIN)
                .doc("Lists recent security events generated due to commands rejected by ACL rules.", "6.0.0", "O(N) with N being the number of entries shown.");
        acl.sub("save", 2, AclCommands::save).flags(ADMIN)
                .doc("Saves the effective ACL rules in the configured ACL file.", "6.0.0", "O(N). Where N is the number of configured users.");
        acl.sub("setuser", -3, AclCommands::setUser).flags(ADMIN)
                .doc("Creates and modifies an ACL user and its rules.", "6.0.0", "O(N). Where N is the number of rules provided.");
        acl.sub("users", 2, AclCommands::users).flags(ADMIN)
                .doc("Lists all ACL users.", "6.0.0", "O(N). Where N is the number of configured users.");
        acl.sub("whoami", 2, AclCommands::whoami).flags("noscript loading stale")
                .doc("Returns the authenticated username of the current connection.", "6.0.0", "O(1)");
    }

    private static Acl acl(Client c) { return Acl.of(c.server); }

    /** Too many arguments for CAT, GENPASS or LOG: Redis's ACL answers this, not the arity check. */
    private static RedisException wrongSubcommandArgs(Client c) {
        return new RedisException("ERR unknown subcommand or wrong number of arguments for '" + c.arg(1) + "'. Try ACL HELP.");
    }

    /** ACL SETUSER name rule...: applied to a copy, so a bad rule changes nothing. */
    static void setUser(Client c) {
        Acl acl = acl(c);
        String name = c.arg(2);
        if (name.indexOf(' ') >= 0 || name.indexOf('\0') >= 0) {
            throw new RedisException("ERR Usernames can't contain spaces or null characters");
        }
        User existing = acl.user(name);
        User draft = new User(name, acl.index);
        if (existing != null) draft.copyFrom(existing);
        else if (c.server.config.get("acl-pubsub-default").equals("allchannels")) draft.applyRule("allchannels");
        for (int i = 3; i < c.argc; i++) {
            try {
                draft.applyRule(binarySafe(c.argv[i], c.arg(i)));
            } catch (AclRuleException e) {
                throw new RedisException("ERR Error in ACL SETUSER modifier '" + c.arg(i) + "': " + e.getMessage());
            }
        }
        if (existing == null) {
            acl.users.put(name, draft);
        } else {
            existing.copyFrom(draft);
            acl.killPubsubClientsIfNeeded(existing);
        }
        c.reply.ok();
    }

    /**
     * ">pass" and "<pass" as the hash of the bytes sent ("#hash", "!hash"), so a password that is
     * not valid UTF-8 is not mangled on its way to SHA-256.
     */
    private static String binarySafe(byte[] raw, String rule) {
        if (raw.length == 0 || (raw[0] != '>' && raw[0] != '<')) return rule;
        String hash = User.sha256Hex(java.util.Arrays.copyOfRange(raw, 1, raw.length));
        return (raw[0] == '>' ? "#" : "!") + hash;
    }

    /** ACL GETUSER name: flags, passwords, commands, keys, channels, selectors (Redis 7.0's shape). */
    static void getUser(Client c) {
        User u = acl(c).user(c.arg(2));
        if (u == null) {
            c.reply.nullBulk();
            return;
        }
        c.reply.mapHeader(6);
        c.reply.bulk("flags");
        List<String> flags = u.extraFlags();
        c.reply.setHeader(1 + flags.size());
        c.reply.bulk(u.enabled ? "on" : "off");
        for (String f : flags) c.reply.bulk(f);
        c.reply.bulk("passwords");
        c.reply.arrayHeader(u.passwords.size());
        for (String p : u.passwords) c.reply.bulk(p);
        c.reply.bulk("commands");
        c.reply.bulk(u.describeCommands());
        c.reply.bulk("keys");
        c.reply.bulk(u.describeKeys());
        c.reply.bulk("channels");
        c.reply.bulk(u.describeChannels());
        c.reply.bulk("selectors");
        c.reply.arrayHeader(0);
    }

    /** ACL DELUSER name...: the number deleted; their clients are disconnected. */
    static void delUser(Client c) {
        Acl acl = acl(c);
        for (int i = 2; i < c.argc; i++) {
            if (c.arg(i).equals("default")) throw new RedisException("ERR The 'default' user cannot be removed");
        }
        int deleted = 0;
        for (int i = 2; i < c.argc; i++) {
            User u = acl.users.remove(c.arg(i));
            if (u == null) continue;
            deleted++;
            for (Client o : c.server.clients()) if (o.aclUser == u) o.closeAsap();
        }
        c.reply.integer(deleted);
    }

    static void list(Client c) {
        Acl acl = acl(c);
        c.reply.arrayHeader(acl.users.size());
        for (User u : acl.users.values()) c.reply.bulk(u.describe());
    }

    static void users(Client c) {
        Acl acl = acl(c);
        c.reply.arrayHeader(acl.users.size());
        for (String name : acl.users.keySet()) c.reply.bulk(name);
    }

    static void whoami(Client c) { c.reply.bulk(c.user); }

    /** ACL CAT [category]: the category names, or the commands in one. */
    static void cat(Client c) {
        if (c.argc > 3) throw wrongSubcommandArgs(c);
        Acl acl = acl(c);
        if (c.argc == 2) {
            c.reply.arrayHeader(AclCommandIndex.CATEGORIES.size());
            for (String cat : AclCommandIndex.CATEGORIES) c.reply.bulk(cat);
            return;
        }
        String name = c.arg(2);
        int[] ids = acl.index.category(name.toLowerCase(Locale.ROOT));
        if (ids == null) throw new RedisException("ERR Unknown category '" + name + "'");
        List<String> names = new ArrayList<>();
        for (int id : ids) {
            names.add(acl.index.byId(id).name());
        }
        c.reply.arrayHeader(names.size());
        for (String n : names) c.reply.bulk(n);
    }

    /** ACL GENPASS [bits]: random hex, 256 bits unless told (4 bits a character, rounded up). */
    static void genPass(Client c) {
        if (c.argc > 3) throw wrongSubcommandArgs(c);
        long bits = 256;
        if (c.argc == 3) {
            bits = Args.parseLong(c.argv[2], "ERR value is not an integer or out of range");
            if (bits <= 0 || bits > 4096) {
                throw new RedisException("ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to 4096");
            }
        }
        int chars = (int) ((bits + 3) / 4);
        byte[] random = new byte[(chars + 1) / 2];
        RANDOM.nextBytes(random);
        c.reply.bulk(HexFormat.of().formatHex(random).substring(0, chars));
    }

    /** ACL LOG [count | RESET]. */
    static void log(Client c) {
        if (c.argc > 3) throw wrongSubcommandArgs(c);
        AclLog log = acl(c).log;
        long count = 10;
        if (c.argc == 3) {
            if (Args.equalsAscii(c.argv[2], "RESET")) {
                log.reset();
                c.reply.ok();
                return;
            }
            count = Math.max(0, Args.parseLong(c.argv[2], "ERR value is not an integer or out of range"));
        }
        log.reply(c, count);
    }

    /** ACL DRYRUN user command arg...: would the user be allowed to run it? */
    static void dryRun(Client c) {
        Acl acl = acl(c);
        User u = acl.user(c.arg(2));
        if (u == null) throw new RedisException("ERR User '" + c.arg(2) + "' not found");
        CommandSpec cmd = c.server.commands.lookup(c.argv[3]);
        int argc = c.argc - 3;
        byte[][] argv = java.util.Arrays.copyOfRange(c.argv, 3, c.argc);
        if (cmd != null && cmd.hasSubcommands() && argc >= 2) {
            cmd = cmd.subcommand(new String(argv[1], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
        }
        if (cmd == null) throw new RedisException("ERR Command '" + c.arg(3) + "' not found");
        if (!cmd.arityOk(argc)) throw Errors.arity(cmd.name());
        Acl.Denial d = acl.checkPermissions(u, cmd, argv, argc);
        if (d == null) {
            c.reply.ok();
            return;
        }
        String object = d == Acl.Denial.COMMAND ? cmd.name() : new String(argv[acl.deniedArg], StandardCharsets.UTF_8);
        c.reply.bulk(switch (d) {
            case COMMAND -> "This user has no permissions to run the '" + object + "' command";
            case KEY -> "This user has no permissions to access the '" + object + "' key";
            case CHANNEL -> "This user has no permissions to access the '" + object + "' channel";
        });
    }

    /** ACL LOAD: replace every user with the aclfile's, or change nothing if it has an error. */
    static void load(Client c) {
        String file = c.server.config.get("aclfile");
        if (file.isEmpty()) throw new RedisException(NO_ACL_FILE);
        Acl acl = acl(c);
        try {
            Map<String, User> users = AclFile.parse(Files.readAllLines(Path.of(file), StandardCharsets.UTF_8), file, acl.index);
            acl.install(users);
        } catch (AclFile.LoadException e) {
            throw new RedisException("ERR " + e.getMessage());
        } catch (IOException e) {
            throw new RedisException("ERR Error loading ACLs, opening file '" + file + "': " + e.getMessage());
        }
        c.reply.ok();
    }

    /** ACL SAVE: write the users to the aclfile. */
    static void save(Client c) {
        String file = c.server.config.get("aclfile");
        if (file.isEmpty()) throw new RedisException(NO_ACL_FILE);
        try {
            AclFile.save(Path.of(file), acl(c).users.values());
        } catch (IOException e) {
            throw new RedisException("ERR There was an error trying to save the ACLs. Please check the server logs for more information");
        }
        c.reply.ok();
    }

    static void help(Client c) {
        String[] lines = {
                "CAT [<category>]",
                "    List all commands that belong to <category>, or all command categories",
                "    when no category is specified.",
                "DELUSER <username> [<username> ...]",
                "    Delete a list of users.",
                "DRYRUN <username> <command> [<arg> ...]",
                "    Returns whether the user can execute the given command without executing the command.",
                "GETUSER <username>",
                "    Get the user's details.",
                "GENPASS [<bits>]",
                "    Generate a secure 256-bit user password. The optional `bits` argument can",
                "    be used to specify a different size.",
                "LIST",
                "    Show users details in config file format.",
                "LOAD",
                "    Reload users from the ACL file.",
                "LOG [<count> | RESET]",
                "    Show the ACL log entries.",
                "SAVE",
                "    Save the current config to the ACL file.",
                "SETUSER <username> <attribute> [<attribute> ...]",
                "    Create or modify a user with the specified attributes.",
                "USERS",
                "    List all the registered usernames.",
                "WHOAMI",
                "    Return the current connection username.",
        };
        c.reply.arrayHeader(lines.length + 3);
        c.reply.simple("ACL <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String l : lines) c.reply.simple(l);
        c.reply.simple("HELP");
        c.reply.simple("    Prints this help.");
    }
}
