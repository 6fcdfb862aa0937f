/*
 * ACL LOG: the recent refusals (a command, key or channel a user may not use, a failed AUTH),
 * newest first, at most acllog-max-len of them. A refusal like one logged less than a minute ago
 * (same reason, context, object and user) bumps that entry's count instead of adding one, so a
 * brute-force loop does not flood the log. Redis: acl.c, addACLLogEntry and ACLLogEntry;
 * ACL_LOG_GROUPING_MAX_TIME_DELTA is the minute.
 */
package dev.rediscover.acl;

import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.util.ArrayDeque;
import java.util.Deque;

final class AclLog {
    static final long GROUPING_MS = 60_000;

    static final class Entry {
        long count = 1;
        final String reason, context, object, username;
        long createdMillis;
        String clientInfo;

        Entry(String reason, String context, String object, String username) {
            this.reason = reason;
            this.context = context;
            this.object = object;
            this.username = username;
        }

        boolean sameAs(Entry o) {
            return reason.equals(o.reason) && context.equals(o.context) && object.equals(o.object)
                    && username.equals(o.username);
        }
    }

    private final Server server;
    private final Deque<Entry> entries = new ArrayDeque<>();

    AclLog(Server server) { this.server = server; }

    /** Log a refusal of client c. reason: command, key, channel or auth. */
    void add(Client c, String reason, String object, String username) {
        String context = c.has(Client.MULTI) ? "multi" : "toplevel";
        Entry e = new Entry(reason, context, object, username);
        long now = server.clock.millis();
        e.createdMillis = now;
        e.clientInfo = clientInfo(c);
        for (Entry old : entries) {
            if (old.sameAs(e) && now - old.createdMillis < GROUPING_MS) {
                old.count++;
                old.createdMillis = now;
                old.clientInfo = e.clientInfo;
                return;
            }
        }
        entries.addFirst(e);
        long max = server.config.getLong("acllog-max-len");
        while (entries.size() > max) entries.removeLast();
    }

    private static String clientInfo(Client c) {
        StringBuilder sb = new StringBuilder(256);
        dev.rediscover.ops.ClientCommands.describe(c, sb);
        sb.setLength(sb.length() - 1);   // without the newline CLIENT LIST puts after each client
        return sb.toString();
    }

    void reset() { entries.clear(); }

    /** ACL LOG [count]: the newest `count` entries as maps of their fields. */
    void reply(Client c, long count) {
        long n = Math.min(count, entries.size());
        c.reply.arrayHeader(n);
        long now = server.clock.millis();
        int i = 0;
        for (Entry e : entries) {
            if (i++ >= n) break;
            c.reply.mapHeader(7);
            c.reply.bulk("count");
            c.reply.integer(e.count);
            c.reply.bulk("reason");
            c.reply.bulk(e.reason);
            c.reply.bulk("context");
            c.reply.bulk(e.context);
            c.reply.bulk("object");
            c.reply.bulk(e.object);
            c.reply.bulk("username");
            c.reply.bulk(e.username);
            c.reply.bulk("age-seconds");
            c.reply.doubleReply((now - e.createdMillis) / 1000.0);
            c.reply.bulk("client-info");
            c.reply.bulk(e.clientInfo);
        }
    }
}
