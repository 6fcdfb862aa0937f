/* The glob matcher as CONFIG GET and COMMAND LIST FILTERBY PATTERN use it: on names, ignoring case when asked. */
package dev.rediscover.ops;

import dev.rediscover.keyspace.Glob;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NameGlobTest {
    @Test
    void matchesLikeRedisStringmatch() {
        // Redis's stringmatchlen never matches an empty string, not even with "*" (KEYS * has a
        // shortcut of its own); parameter and command names are never empty, so it does not matter here.
        assertThat(Glob.matches("*", "", false)).isFalse();
        assertThat(Glob.matches("max*", "maxmemory-policy", false)).isTrue();
        assertThat(Glob.matches("MAX*", "maxmemory", true)).isTrue();
        assertThat(Glob.matches("MAX*", "maxmemory", false)).isFalse();
        assertThat(Glob.matches("h?", "hz", false)).isTrue();
        assertThat(Glob.matches("h?", "h", false)).isFalse();
        assertThat(Glob.matches("[a-c]x", "bx", false)).isTrue();
        assertThat(Glob.matches("[^a-c]x", "bx", false)).isFalse();
        assertThat(Glob.matches("[^a-c]x", "dx", false)).isTrue();
        assertThat(Glob.matches("a\\*b", "a*b", false)).isTrue();
        assertThat(Glob.matches("a\\*b", "axb", false)).isFalse();
        assertThat(Glob.matches("*-max-*-entries", "hash-max-listpack-entries", false)).isTrue();
        assertThat(Glob.matches("config|[gs]et", "config|set", false)).isTrue();
    }
}
