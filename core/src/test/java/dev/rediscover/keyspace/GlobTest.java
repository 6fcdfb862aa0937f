/*
 * Glob: Redis's stringmatchlen rules, including the quirks clients can observe (unclosed classes,
 * "[a-]" ranges, trailing backslash, signed byte ranges), and the guards against hostile patterns.
 */
package dev.rediscover.keyspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {
    private static boolean m(String pattern, String s) {
        return Glob.matches(pattern.getBytes(StandardCharsets.ISO_8859_1), s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "*|anything|true",
            "*|\"\"|false",          // Redis: only the KEYS/SCAN shortcut for "*" lists the empty key
            "**|\"\"|false",
            "\"\"|\"\"|true",
            "\"\"|a|false",
            "h?llo|hello|true",
            "h?llo|hllo|false",
            "h*llo|hllo|true",
            "h*llo|heeeello|true",
            "h*llo|hellox|false",
            "h[ae]llo|hallo|true",
            "h[ae]llo|hillo|false",
            "h[^e]llo|hallo|true",
            "h[^e]llo|hello|false",
            "h[a-b]llo|hbllo|true",
            "h[b-a]llo|hbllo|true",
            "h[a-b]llo|hcllo|false",
            "h\\*llo|h*llo|true",
            "h\\*llo|hello|false",
            "h[\\]]llo|h]llo|true",
            "h[a-]llo|h]llo|false",   // the range a..] eats the ']', so the class runs to the end
            "h[a-]llo|h]|true",
            "h[a-]llo|hl|true",
            "h[a-]llo|h-|false",
            "h[|h|false",
            "h[|h[|false",
            "h[^|hx|true",
            "h[a|ha|true",
            "hello\\|hello\\|true",
            "hello\\|hello|false",
            "**|x|true",
            "a*|a|true",
            "a**|a|true",
            "*a*b*|xxaxxbxx|true",
            "*a*b*|xxbxxaxx|false",
            "HELLO|hello|false",
            "[abc|b|true",
    })
    void matchesLikeRedis(String pattern, String s, boolean expected) {
        assertThat(m(pattern, s)).isEqualTo(expected);
    }

    @Test
    void rangesCompareSignedBytesAsRedisDoesOnX86() {
        // 0xff is -1 as a signed char: [a-\xff] is the range -1..'a', which holds \x01 but not 'b'.
        assertThat(m("a[a-\u00ff]b", "abb")).isFalse();
        assertThat(m("a[a-\u00ff]b", "a\u0001b")).isTrue();
        assertThat(m("a[\u0000-\u007f]b", "a\u00ffb")).isFalse();
        assertThat(m("a?b", "a\u00ffb")).isTrue();
    }

    @Test
    void binarySafe() {
        byte[] key = {0, (byte) 0xff, '\r', '\n', 0};
        assertThat(Glob.matches(new byte[]{'*', 0}, key)).isTrue();
        assertThat(Glob.matches(new byte[]{0, '?', '\r', '*'}, key)).isTrue();
        assertThat(Glob.matches(new byte[]{0, '?', '\n', '*'}, key)).isFalse();
    }

    @Test
    void nocaseFoldsAsciiLettersOnly() {
        byte[] p = "H[A-C]llo".getBytes(StandardCharsets.US_ASCII);
        assertThat(Glob.matches(p, "hbLLO".getBytes(StandardCharsets.US_ASCII), true)).isTrue();
        assertThat(Glob.matches(p, "hbLLO".getBytes(StandardCharsets.US_ASCII), false)).isFalse();
    }

    @Test
    void randomLiteralStringsMatchThemselvesAndStarPrefixes() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < 200; i++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(1, 20);
            for (int j = 0; j < len; j++) sb.append((char) rnd.nextInt('a', 'z' + 1));
            String s = sb.toString();
            assertThat(m(s, s)).isTrue();
            assertThat(m("*" + s.substring(len / 2), s)).isTrue();
            assertThat(m(s.substring(0, len / 2) + "*", s)).isTrue();
            assertThat(m(s + "?", s)).isFalse();
        }
    }

    @Test
    @Timeout(10)
    void pathologicalPatternDoesNotTakeExponentialTime() {
        // Without the skip-longer-matches rule this takes ~len^stars steps.
        String s = "a".repeat(5000);
        assertThat(m("*a*a*a*a*a*a*a*a*a*a*a*b", s)).isFalse();
        assertThat(m("*a*a*a*a*a*a*a*a*a*a*a*a", s)).isTrue();
    }

    @Test
    void deepNestingIsRefusedInsteadOfOverflowingTheStack() {
        String manyStars = "*a".repeat(Glob.MAX_NESTING * 20);
        String s = "a".repeat(Glob.MAX_NESTING * 20);
        assertThat(m(manyStars, s)).isFalse();        // declared no match, no StackOverflowError
        String someStars = "*a".repeat(Glob.MAX_NESTING / 2);
        assertThat(m(someStars, s)).isTrue();         // ordinary patterns are unaffected
    }

    @Test
    void nestingLimitIsRedisOwn() {
        // Measured on redis-server 7.0.15: KEYS with 1000 "*a" groups finds "a" x 2000, 1001 does not.
        String s = "a".repeat(2000);
        assertThat(m("*a".repeat(1000), s)).isTrue();
        assertThat(m("*a".repeat(1001), s)).isFalse();
    }
}
