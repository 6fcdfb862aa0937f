/*
 * The body a carved method gets: a block whose only statement throws LabNotDone.
 *
 *     static void get(Client c) {
 *         throw new LabNotDone(3, "StringCommands.get");
 *     }
 *
 * The layout follows the original body, so the learner's file reads as if written by hand:
 * a body written on one line becomes a one-line stub; otherwise the throw sits on its own line,
 * indented like the original body's first line of content, and the closing brace keeps the
 * indentation it had. It depends only on the original text, so carving is deterministic and
 * `reset` rebuilds exactly the stub `carve` wrote.
 */
package dev.rediscover.tools;

final class Stub {
    private Stub() {}

    static String statement(int lab, String qualifiedName) {
        return "throw new LabNotDone(" + lab + ", \"" + qualifiedName + "\");";
    }

    /**
     * The stub block replacing text[open, close): open is the offset of the body's '{', close
     * the offset just past its '}'.
     */
    static String block(String text, int open, int close, int lab, String qualifiedName) {
        String statement = statement(lab, qualifiedName);
        int closingBrace = close - 1;
        if (Lines.end(text, open) >= closingBrace) return "{ " + statement + " }";
        String sep = Lines.separator(text, open, close);
        String closingIndent = Lines.firstOnLine(text, closingBrace)
                ? Lines.indent(text, closingBrace) : Lines.indent(text, open);
        int first = firstContent(text, open + 1, closingBrace);
        String innerIndent = first >= 0 && Lines.firstOnLine(text, first)
                ? Lines.indent(text, first) : closingIndent + indentUnit(closingIndent);
        return "{" + sep + innerIndent + statement + sep + closingIndent + "}";
    }

    /** Offset of the first non-whitespace character in text[from, to), or -1. */
    private static int firstContent(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(text.charAt(i))) return i;
        }
        return -1;
    }

    private static String indentUnit(String indent) {
        return indent.indexOf('\t') >= 0 ? "\t" : "    ";
    }
}
