/*
 * A small glob matcher for the ops commands (CONFIG GET patterns, COMMAND LIST FILTERBY PATTERN),
 * with the rules of Redis's stringmatchlen (util.c): '*' any run, '?' one character, '[abc]',
 * '[^a]' and '[a-z]' classes, '\' escapes. CONFIG GET matches without regard to case.
 *
 * The keyspace has its own byte-oriented matcher for KEYS and SCAN MATCH; this one works on the
 * ASCII names of parameters and commands, so a String version is enough and kept private to ops.
 */
package dev.rediscover.ops;

final class Glob {
    private Glob() {}

    /** True when pattern matches the whole of text. */
    static boolean matches(String pattern, String text, boolean nocase) {
        return match(pattern, 0, text, 0, nocase);
    }

    private static boolean match(String p, int pi, String s, int si, boolean nocase) {
        while (pi < p.length()) {
            char pc = p.charAt(pi);
            switch (pc) {
                case '*' -> {
                    while (pi + 1 < p.length() && p.charAt(pi + 1) == '*') pi++;
                    if (pi + 1 == p.length()) return true;
                    for (int k = si; k <= s.length(); k++) {
                        if (match(p, pi + 1, s, k, nocase)) return true;
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length()) return false;
                    si++;
                }
                case '[' -> {
                    if (si >= s.length()) return false;
                    int end = classEnd(p, pi);
                    if (!inClass(p, pi + 1, end, s.charAt(si), nocase)) return false;
                    pi = end;
                    si++;
                }
                default -> {
                    if (pc == '\\' && pi + 1 < p.length()) pc = p.charAt(++pi);
                    if (si >= s.length() || !same(pc, s.charAt(si), nocase)) return false;
                    si++;
                }
            }
            pi++;
        }
        return si == s.length();
    }

    /** Index of the ']' closing the class opened at start (or the last index when unclosed). */
    private static int classEnd(String p, int start) {
        int i = start + 1;
        if (i < p.length() && p.charAt(i) == '^') i++;
        for (; i < p.length(); i++) {
            if (p.charAt(i) == '\\' && i + 1 < p.length()) i++;
            else if (p.charAt(i) == ']') return i;
        }
        return p.length() - 1;
    }

    private static boolean inClass(String p, int from, int end, char c, boolean nocase) {
        boolean not = from < end && p.charAt(from) == '^';
        if (not) from++;
        boolean hit = false;
        for (int i = from; i < end && i < p.length(); i++) {
            char a = p.charAt(i);
            if (a == '\\' && i + 1 < end) {
                a = p.charAt(++i);
                if (same(a, c, nocase)) hit = true;
            } else if (i + 2 < end && p.charAt(i + 1) == '-') {
                char b = p.charAt(i + 2);
                char lo = (char) Math.min(a, b), hi = (char) Math.max(a, b);
                char x = nocase ? Character.toLowerCase(c) : c;
                if (nocase) { lo = Character.toLowerCase(lo); hi = Character.toLowerCase(hi); }
                if (x >= lo && x <= hi) hit = true;
                i += 2;
            } else if (same(a, c, nocase)) {
                hit = true;
            }
        }
        return not != hit;
    }

    private static boolean same(char a, char b, boolean nocase) {
        return a == b || (nocase && Character.toLowerCase(a) == Character.toLowerCase(b));
    }
}
