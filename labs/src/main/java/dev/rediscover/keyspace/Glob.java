/*
 * Glob-style pattern matching on raw bytes, as KEYS, SCAN MATCH, PSUBSCRIBE and CONFIG GET use it
 * (Redis: util.c, stringmatchlen). The rules:
 *
 *   *        any run of bytes, including none
 *   ?        exactly one byte
 *   [abc]    one of the listed bytes; [^abc] any byte not listed; [a-z] a range (either order)
 *   \x       the byte x literally, also inside brackets
 *
 * Quirks kept on purpose because clients can observe them: an unclosed '[' class runs to the end
 * of the pattern, "[a-]" is the range 'a'..']', a trailing '\' is a literal backslash, and byte
 * comparisons in ranges are signed ("[a-\xff]" does not contain 'b'), because Redis compares C
 * chars and char is signed on x86, where redis-server is usually built; Java's byte is too.
 *
 * A non-empty pattern never matches the empty string, not even "*" (Redis's loop stops when the
 * string runs out and only then skips trailing stars); KEYS and SCAN special-case a lone "*".
 *
 * Matching "*a*a*a...b" naively takes exponential time; like Redis we stop trying longer matches
 * for an earlier '*' once a later '*' has failed everywhere (the skipLongerMatches trick), and we
 * refuse to nest deeper than MAX_NESTING stars so a hostile pattern cannot overflow the stack.
 */
package dev.rediscover.keyspace;

public final class Glob {
    private Glob() {}

    /**
     * Deepest recursion (one level per '*' group) before a pattern is declared not to match.
     * Redis 7.0 has the same limit: 1000 "*a" groups can match, 1001 never do.
     */
    static final int MAX_NESTING = 1000;

    /** True when the whole of string matches pattern, case-sensitively. */
    public static boolean matches(byte[] pattern, byte[] string) {
        return matches(pattern, 0, pattern.length, string, 0, string.length, false);
    }

    /** As matches, ignoring ASCII case when nocase (CONFIG GET uses that). */
    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return matches(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    /** For names that are text anyway: configuration parameters, command names. */
    public static boolean matches(String pattern, String text, boolean nocase) {
        return matches(pattern.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                text.getBytes(java.nio.charset.StandardCharsets.UTF_8), nocase);
    }

    public static boolean matches(byte[] pattern, int pFrom, int pTo, byte[] string, int sFrom, int sTo, boolean nocase) {
        return new Matcher(pattern, pTo, string, sTo, nocase).match(pFrom, sFrom, 0);
    }

    /** True for "*": callers skip matching altogether (Redis: allkeys / use_pattern). */
    public static boolean matchesEverything(byte[] pattern) {
        return pattern.length == 1 && pattern[0] == '*';
    }

    /** One match attempt; holds the state the recursion shares. */
    private static final class Matcher {
        final byte[] p, s;
        final int pEnd, sEnd;
        final boolean nocase;
        boolean skipLongerMatches;

        Matcher(byte[] p, int pEnd, byte[] s, int sEnd, boolean nocase) {
            this.p = p;
            this.pEnd = pEnd;
            this.s = s;
            this.sEnd = sEnd;
            this.nocase = nocase;
        }

        boolean match(int pi, int si, int nesting) {
            if (nesting > MAX_NESTING) return false;
            while (pi < pEnd && si < sEnd) {
                switch (p[pi]) {
                    case '*' -> {
                        while (pi + 1 < pEnd && p[pi + 1] == '*') pi++;
                        if (pi + 1 == pEnd) return true;
                        for (; si < sEnd; si++) {
                            if (match(pi + 1, si, nesting + 1)) return true;
                            if (skipLongerMatches) return false;
                        }
                        // The rest of the pattern matches nowhere in the rest of the string, so
                        // no earlier '*' can help by swallowing more: give up the whole attempt.
                        skipLongerMatches = true;
                        return false;
                    }
                    case '?' -> si++;
                    case '[' -> {
                        int end = matchClass(pi + 1, s[si]);
                        if (end < 0) return false;
                        pi = end;
                        si++;
                    }
                    case '\\' -> {
                        if (pEnd - pi >= 2) pi++;
                        if (!same(p[pi], s[si])) return false;
                        si++;
                    }
                    default -> {
                        if (!same(p[pi], s[si])) return false;
                        si++;
                    }
                }
                pi++;
                if (si == sEnd) {
                    while (pi < pEnd && p[pi] == '*') pi++;
                    break;
                }
            }
            return pi == pEnd && si == sEnd;
        }

        /**
         * Match byte c against the class starting at pi (just after '['). Returns the index of
         * the class's last byte (its ']', or the pattern's last byte when unclosed), or -1 when
         * c is not in the class.
         */
        int matchClass(int pi, byte c) {
            boolean not = pi < pEnd && p[pi] == '^';
            if (not) pi++;
            boolean match = false;
            while (true) {
                if (pi == pEnd) {       // unclosed: step back onto the last byte of the pattern
                    pi--;
                    break;
                }
                int len = pEnd - pi;
                if (p[pi] == '\\' && len >= 2) {
                    pi++;
                    if (p[pi] == c) match = true;
                } else if (p[pi] == ']') {
                    break;
                } else if (len >= 3 && p[pi + 1] == '-') {
                    int start = p[pi], end = p[pi + 2], x = c;
                    if (start > end) { int t = start; start = end; end = t; }
                    if (nocase) {
                        start = lower(start);
                        end = lower(end);
                        x = lower(x);
                    }
                    pi += 2;
                    if (x >= start && x <= end) match = true;
                } else if (same(p[pi], c)) {
                    match = true;
                }
                pi++;
            }
            if (not) match = !match;
            return match ? pi : -1;
        }

        boolean same(byte a, byte b) {
            return a == b || (nocase && lower(a) == lower(b));
        }

        static int lower(int b) { return b >= 'A' && b <= 'Z' ? b + 32 : b; }
    }
}
