/*
 * A channel or pattern name as a hash-map key. Names are bytes (binary-safe, like keys), and a
 * byte[] compares by identity in Java, so the registry wraps each name once, with its hash cached.
 * Redis keys its pubsub dicts by the channel's robj with dictSdsHash; this is the same idea.
 */
package dev.rediscover.pubsub;

import java.util.Arrays;

final class ChannelName {
    final byte[] bytes;
    private final int hash;

    ChannelName(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    @Override public int hashCode() { return hash; }

    @Override public boolean equals(Object o) {
        return o instanceof ChannelName n && n.hash == hash && Arrays.equals(n.bytes, bytes);
    }
}
