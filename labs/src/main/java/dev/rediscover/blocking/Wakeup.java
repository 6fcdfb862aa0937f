/*
 * What a blocked command does when it may continue: the part of a blocking command that runs
 * later, when one of its keys was written to, or when its time is up. BLPOP, BLMOVE and BLMPOP
 * implement it in ListCommands; sorted sets (BZPOPMIN) and streams (XREAD BLOCK) can plug in the
 * same way. In Redis this knowledge is spread over blocked.c (serveClientsBlockedOnListKey,
 * replyToBlockedClientTimedOut) keyed by the client's btype; an interface keeps it with the command.
 */
package dev.rediscover.blocking;

import dev.rediscover.keyspace.Database;
import dev.rediscover.server.Client;

public interface Wakeup {
    /**
     * The key the client waits on in db may have what it needs. Serve the client (write its reply,
     * pop, push, notify) and answer true; or answer false to keep it waiting (the key is empty,
     * gone, or of another type).
     */
    boolean tryServe(Client c, Database db, byte[] key);

    /** The timeout passed, or CLIENT UNBLOCK ... TIMEOUT: send the "nothing arrived" reply. */
    void timedOut(Client c);
}
