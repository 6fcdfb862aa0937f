/*
 * Which arguments of a command SLOWLOG and MONITOR must not show. Passwords never leave the
 * server: AUTH's arguments, HELLO's AUTH user and password,
 * everything after ACL SETUSER's subcommand, and CONFIG SET's value for the password-like
 * parameters are shown as "(redacted)". (Redis also redacts MIGRATE's AUTH and AUTH2 credentials;
 * the engine has no MIGRATE.)
 *
 * In Redis each command redacts its own arguments while it parses them
 * (networking.c, redactClientCommandArgument, called from authCommand, helloCommand,
 * migrateCommand, aclCommand and configSetCommand for SENSITIVE_CONFIG parameters); call()
 * then hands the redacted copy (c->original_argv) to the slow log and the monitors. Here the
 * command handlers stay unaware: this class reads the same rules off the finished command, and
 * only when something is about to be logged or shown, so the hot path pays nothing.
 */
package dev.rediscover.ops;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.server.Client;
import dev.rediscover.server.Config;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

public final class Redaction {
    static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    private Redaction() {}

    /**
     * The command's words as SLOWLOG and MONITOR show them: c.argv itself when nothing is
     * secret, otherwise a copy with the secret words replaced.
     */
    public static byte[][] shownArgv(Client c, CommandSpec cmd) {
        byte[][] argv = c.argv;
        int argc = c.argc;
        boolean[] hide = switch (cmd.name()) {
            case "auth" -> auth(argc);
            case "hello" -> hello(argv, argc);
            case "acl|setuser" -> aclSetuser(argc);
            case "config|set" -> configSet(c.server.config, argv, argc);
            default -> null;
        };
        if (hide == null && argv.length == argc) return argv;
        byte[][] shown = new byte[argc][];
        for (int i = 0; i < argc; i++) shown[i] = hide != null && hide[i] ? REDACTED : argv[i];
        return shown;
    }

    /** AUTH [user] password: both words, unless the form is wrong (a syntax error, shown as is). */
    private static boolean[] auth(int argc) {
        if (argc > 3) return null;
        boolean[] hide = new boolean[argc];
        for (int i = 1; i < argc; i++) hide[i] = true;
        return hide;
    }

    /**
     * HELLO [protover [AUTH user pass] [SETNAME name]]: the two words after each AUTH, as far as
     * the options parse (helloCommand stops at a bad protocol version or a bad option).
     */
    private static boolean[] hello(byte[][] argv, int argc) {
        if (argc >= 2) {
            long ver = Args.parseLongOr(argv[1], 0, argv[1].length, -1);
            if (ver < 2 || ver > 3) return null;
        }
        boolean[] hide = null;
        for (int j = 2; j < argc; j++) {
            int more = argc - 1 - j;
            if (Args.equalsAscii(argv[j], "auth") && more >= 2) {
                if (hide == null) hide = new boolean[argc];
                hide[j + 1] = hide[j + 2] = true;
                j += 2;
            } else if (Args.equalsAscii(argv[j], "setname") && more >= 1) {
                j++;
            } else {
                break;
            }
        }
        return hide;
    }

    /** ACL SETUSER name rule...: the name and every rule (they may hold passwords or hashes). */
    private static boolean[] aclSetuser(int argc) {
        if (argc < 3) return null;
        boolean[] hide = new boolean[argc];
        for (int i = 2; i < argc; i++) hide[i] = true;
        return hide;
    }

    /** CONFIG SET name value ...: the values of requirepass, masterauth and masteruser. */
    private static boolean[] configSet(Config config, byte[][] argv, int argc) {
        if (argc < 4 || argc % 2 != 0) return null;
        boolean[] hide = null;
        for (int i = 2; i + 1 < argc; i += 2) {
            Config.Param p = config.param(new String(argv[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
            if (p != null && sensitive(p.name())) {
                if (hide == null) hide = new boolean[argc];
                hide[i + 1] = true;
            }
        }
        return hide;
    }

    /** Redis 7.0's SENSITIVE_CONFIG parameters. */
    private static boolean sensitive(String name) {
        return name.equals("requirepass") || name.equals("masterauth") || name.equals("masteruser");
    }
}
