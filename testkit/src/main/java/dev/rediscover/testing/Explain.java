/*
 * The text of a learner-facing failure: what was sent, what was expected, what came back, and a
 * hint. Exchange uses it for raw-bytes tests; a Jedis-based lesson test can use it directly:
 *
 *   assertThat(got).as(Explain.command("GET " + key, "\"" + value + "\"", got, "GET must ...")) ...
 *
 * When the reply is the error a carved stub produces ("-ERR lab 03 is not done yet: ..."), the
 * hint says so, because that is the most common failure of all: the method is not written yet.
 */
package dev.rediscover.testing;

public final class Explain {
    private static final String STUB_ERROR = "lab ";
    private static final String STUB_MARK = " is not done yet: ";

    private Explain() { }

    /** A failed raw exchange. Any part may be null: it is then left out. */
    public static String exchange(String problem, byte[] sent, byte[] expected, byte[] got, String hint) {
        StringBuilder sb = new StringBuilder();
        if (problem != null) sb.append(problem).append('\n');
        if (sent != null && sent.length > 0) line(sb, "sent", RawClient.escape(sent));
        if (expected != null) line(sb, "expected", RawClient.escape(expected));
        if (got != null) line(sb, "got", RawClient.escape(got));
        hints(sb, got == null ? null : RawClient.escape(got), hint);
        return sb.toString().stripTrailing();
    }

    /** A failed command through a client library: values as text, however the test shows them. */
    public static String command(String sent, String expected, Object got, String hint) {
        StringBuilder sb = new StringBuilder();
        line(sb, "sent", sent);
        line(sb, "expected", expected);
        line(sb, "got", String.valueOf(got));
        hints(sb, String.valueOf(got), hint);
        return sb.toString().stripTrailing();
    }

    /** The stub's method name when this text contains a LabNotDone error, else null. */
    public static String unwrittenMethod(String text) {
        if (text == null) return null;
        int mark = text.indexOf(STUB_MARK);
        if (mark < 0 || text.lastIndexOf(STUB_ERROR, mark) < 0) return null;
        int start = mark + STUB_MARK.length();
        int end = start;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '\\') end++;
        return text.substring(start, end);
    }

    private static void hints(StringBuilder sb, String got, String hint) {
        String method = unwrittenMethod(got);
        if (method != null) line(sb, "hint", method + " is still a stub: write its body (see the lesson's tasks)");
        if (hint != null && !hint.isBlank()) line(sb, method != null ? "and" : "hint", hint);
    }

    private static void line(StringBuilder sb, String label, String text) {
        sb.append(String.format("  %-9s %s%n", label + ":", text));
    }
}
