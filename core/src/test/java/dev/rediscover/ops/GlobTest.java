/* The small glob matcher behind CONFIG GET and COMMAND LIST FILTERBY PATTERN. */
package dev.rediscover.ops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {
    @Test
    void matchesLikeRedisStringmatch() {
        assertThat(Glob.matches("*", "", false)).isTrue();
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
