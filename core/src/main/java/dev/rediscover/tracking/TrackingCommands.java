/*
 * CLIENT TRACKING / CACHING / GETREDIR / TRACKINGINFO, the subcommands that drive client-side
 * caching, added to the "client" container (Redis: the "tracking", "caching", "getredir" and
 * "trackinginfo" branches of clientCommand in networking.c), and the hooks that connect the
 * tracking tables (Tracking) to the command flow:
 *
 *   gate       before a command: it becomes the current client; the table limit is enforced
 *   beforeCall the handler's key changes are its client's (NOLOOP)
 *   observer   after each call: read-only commands remember their keys; after the top-level
 *              command the client's own invalidations follow its reply (afterCommand in server.c)
 *   reject     a refused command also ends CLIENT CACHING's one-command validity (resetClient)
 *   beforeSleep  BCAST invalidations, batched per event-loop iteration as Redis does
 *   close / RESET  tracking off (freeClient, clearClientConnectionState)
 *
 * Option checks come in Redis 7.0.15's order, with its error texts. One deliberate difference:
 * when PREFIX arguments overlap each other and the first of the pair is not the first prefix,
 * Redis 7.0.15 (checkPrefixCollisionsOrReply returns the index) replies the error AND +OK and
 * turns tracking on; we reply the error alone and change nothing, which is what it meant to do.
 */
package dev.rediscover.tracking;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;
import dev.rediscover.tx.TransactionState;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class TrackingCommands {
    private TrackingCommands() {}

    private static final String FLAGS = "noscript loading stale";

    public static void register(Server server) {
        CommandSpec client = server.commands.lookup("client".getBytes(StandardCharsets.US_ASCII));
        client.sub("tracking", -3, TrackingCommands::tracking).flags(FLAGS)
                .doc("Turns on or off server-assisted client-side caching for the connection.", "6.0.0",
                        "O(1). Some options may introduce additional complexity.");
        client.sub("caching", 3, TrackingCommands::caching).flags(FLAGS)
                .doc("Says whether the keys of the next command are tracked, in OPTIN or OPTOUT mode.", "6.0.0", "O(1)");
        client.sub("getredir", 2, TrackingCommands::getRedir).flags(FLAGS)
                .doc("Returns the client ID to which the connection's tracking notifications are redirected.", "6.0.0", "O(1)");
        client.sub("trackinginfo", 2, TrackingCommands::trackingInfo).flags(FLAGS)
                .doc("Returns the connection's tracking settings.", "6.2.0", "O(1)");

        Tracking t = Tracking.of(server);
        server.dispatcher.addGate(t::beforeCommand);
        server.dispatcher.addBeforeCall(t::beforeCall);
        server.dispatcher.addObserver((c, cmd, micros) -> t.afterCommand(c, cmd, !TransactionState.executing(c)));
        server.dispatcher.onReject((c, cmd, error) -> {
            t.rejected(c, cmd);
            return false;
        });
        server.onBeforeSleep(() -> {
            t.commandDone();
            t.broadcast();
        });
        server.onClientClosed(t::disable);
        server.onReset(t::disable);
    }

    // ---------------------------------------------------------------- CLIENT TRACKING

    /** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP] */
    static void tracking(Client c) {
        TrackingState options = new TrackingState();
        long redirect = 0;
        List<byte[]> prefixes = new ArrayList<>();
        for (int j = 3; j < c.argc; j++) {
            boolean more = j + 1 < c.argc;
            byte[] a = c.argv[j];
            if (Args.equalsAscii(a, "redirect") && more) {
                j++;
                if (redirect != 0) throw new RedisException("ERR A client can only redirect to a single other client");
                redirect = Args.parseLong(c.argv[j]);
                // Checked now, though it may leave later (then the redirect is "broken").
                if (c.server.client(redirect) == null) {
                    throw new RedisException("ERR The client ID you want redirect to does not exist");
                }
            } else if (Args.equalsAscii(a, "bcast")) {
                options.bcast = true;
            } else if (Args.equalsAscii(a, "optin")) {
                options.optin = true;
            } else if (Args.equalsAscii(a, "optout")) {
                options.optout = true;
            } else if (Args.equalsAscii(a, "noloop")) {
                options.noloop = true;
            } else if (Args.equalsAscii(a, "prefix") && more) {
                prefixes.add(c.argv[++j]);
            } else {
                throw Errors.syntax();
            }
        }
        Tracking tracking = Tracking.of(c.server);
        if (Args.equalsAscii(c.argv[2], "on")) {
            checkOn(c, options, prefixes);
            tracking.enable(c, redirect, options, prefixes);
        } else if (Args.equalsAscii(c.argv[2], "off")) {
            tracking.disable(c);
        } else {
            throw Errors.syntax();
        }
        c.reply.ok();
    }

    /** The options must agree with each other and with the current mode (Redis's order). */
    private static void checkOn(Client c, TrackingState options, List<byte[]> prefixes) {
        if (!options.bcast && !prefixes.isEmpty()) {
            throw new RedisException("ERR PREFIX option requires BCAST mode to be enabled");
        }
        TrackingState now = Tracking.state(c);
        if (now != null && now.bcast != options.bcast) {
            throw new RedisException("ERR You can't switch BCAST mode on/off before disabling tracking "
                    + "for this client, and then re-enabling it with a different mode.");
        }
        if (options.bcast && (options.optin || options.optout)) {
            throw new RedisException("ERR OPTIN and OPTOUT are not compatible with BCAST");
        }
        if (options.optin && options.optout) {
            throw new RedisException("ERR You can't specify both OPTIN mode and OPTOUT mode");
        }
        if (now != null && ((options.optin && now.optout) || (options.optout && now.optin))) {
            throw new RedisException("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking "
                    + "for this client, and then re-enabling it with a different mode.");
        }
        if (options.bcast) checkPrefixOverlaps(c, prefixes);
    }

    /**
     * Two prefixes of one client must not overlap (one a prefix of the other), or a key would be
     * reported twice (Redis: checkPrefixCollisionsOrReply).
     */
    private static void checkPrefixOverlaps(Client c, List<byte[]> prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            byte[] p = prefixes.get(i);
            for (byte[] existing : Tracking.prefixesOf(c)) {
                if (overlap(existing, p)) {
                    throw new RedisException("ERR Prefix '" + text(p) + "' overlaps with an existing prefix '"
                            + text(existing) + "'. Prefixes for a single client must not overlap.");
                }
            }
            for (int j = i + 1; j < prefixes.size(); j++) {
                if (overlap(p, prefixes.get(j))) {
                    throw new RedisException("ERR Prefix '" + text(p) + "' overlaps with another provided prefix '"
                            + text(prefixes.get(j)) + "'. Prefixes for a single client must not overlap.");
                }
            }
        }
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return java.util.Arrays.equals(a, 0, n, b, 0, n);
    }

    private static String text(byte[] b) { return new String(b, StandardCharsets.UTF_8); }

    // ---------------------------------------------------------------- CLIENT CACHING

    /** CLIENT CACHING YES|NO: track (OPTIN) or skip (OPTOUT) the next command's keys. */
    static void caching(Client c) {
        TrackingState st = Tracking.state(c);
        if (st == null) {
            throw new RedisException("ERR CLIENT CACHING can be called only when the client is in tracking mode "
                    + "with OPTIN or OPTOUT mode enabled");
        }
        if (Args.equalsAscii(c.argv[2], "yes")) {
            if (!st.optin) throw new RedisException("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
        } else if (Args.equalsAscii(c.argv[2], "no")) {
            if (!st.optout) throw new RedisException("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
        } else {
            throw Errors.syntax();
        }
        st.caching = true;
        c.reply.ok();
    }

    // ---------------------------------------------------------------- introspection

    /** CLIENT GETREDIR: the redirect id, 0 when not redirecting, -1 when not tracking. */
    static void getRedir(Client c) { c.reply.integer(Tracking.redirection(c)); }

    /** CLIENT TRACKINGINFO: a map of flags (a set), redirect and prefixes. */
    static void trackingInfo(Client c) {
        TrackingState st = Tracking.state(c);
        List<String> flags = new ArrayList<>(4);
        flags.add(st == null ? "off" : "on");
        if (st != null) {
            if (st.bcast) flags.add("bcast");
            if (st.optin) {
                flags.add("optin");
                if (st.caching) flags.add("caching-yes");
            }
            if (st.optout) {
                flags.add("optout");
                if (st.caching) flags.add("caching-no");
            }
            if (st.noloop) flags.add("noloop");
            if (st.brokenRedirect) flags.add("broken_redirect");
        }
        c.reply.mapHeader(3);
        c.reply.bulk("flags");
        c.reply.setHeader(flags.size());
        for (String f : flags) c.reply.bulk(f);
        c.reply.bulk("redirect");
        c.reply.integer(Tracking.redirection(c));
        c.reply.bulk("prefixes");
        Iterable<byte[]> prefixes = Tracking.prefixesOf(c);
        List<byte[]> list = new ArrayList<>();
        prefixes.forEach(list::add);
        c.reply.arrayHeader(list.size());
        for (byte[] p : list) c.reply.bulk(p);
    }
}
