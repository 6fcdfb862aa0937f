/*
 * One client's tracking settings: what CLIENT TRACKING ON switched on, where invalidations go,
 * and (BCAST) the prefixes it listens to. Attached to the Client while tracking is on; its
 * absence means tracking is off. Redis keeps the same state as client flags
 * (CLIENT_TRACKING, CLIENT_TRACKING_BCAST, _OPTIN, _OPTOUT, _CACHING, _NOLOOP, _BROKEN_REDIR)
 * plus c->client_tracking_redirection and c->client_tracking_prefixes (server.h).
 */
package dev.rediscover.tracking;

import java.util.Arrays;
import java.util.TreeSet;

final class TrackingState {
    /** Redis sorts the prefixes (a radix tree): TRACKINGINFO lists them in byte order. */
    static final java.util.Comparator<byte[]> BYTE_ORDER = Arrays::compareUnsigned;

    boolean bcast;
    boolean optin;
    boolean optout;
    /** CLIENT CACHING yes (OPTIN) or no (OPTOUT) was given for the next command or transaction. */
    boolean caching;
    boolean noloop;
    /** The redirect client was gone when an invalidation had to be sent to it. */
    boolean brokenRedirect;
    /** The client id invalidations go to; 0 = this client itself. */
    long redirect;
    /** BCAST prefixes, empty otherwise ("" stands for every key). */
    final TreeSet<byte[]> prefixes = new TreeSet<>(BYTE_ORDER);
}
