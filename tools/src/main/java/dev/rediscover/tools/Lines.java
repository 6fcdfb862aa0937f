/*
 * Line arithmetic on source text: where a line starts and ends, its indentation, its line break.
 * The stub and import layouts are decided from these, so that the tool writes code that looks
 * hand-written in whatever style (tabs or spaces, \n or \r\n) the file already uses.
 */
package dev.rediscover.tools;

final class Lines {
    private Lines() {}

    static boolean isBreak(char c) {
        return c == '\n' || c == '\r';
    }

    /** Offset of the first character of the line holding offset i. */
    static int start(String text, int i) {
        while (i > 0 && !isBreak(text.charAt(i - 1))) i--;
        return i;
    }

    /** Offset of the line break ending the line holding offset i (or the text's length). */
    static int end(String text, int i) {
        while (i < text.length() && !isBreak(text.charAt(i))) i++;
        return i;
    }

    /** Length of the line break at offset i: 2 for \r\n, 1 for \n or \r, 0 at the end. */
    static int breakLength(String text, int i) {
        if (i >= text.length()) return 0;
        if (text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') return 2;
        return isBreak(text.charAt(i)) ? 1 : 0;
    }

    /** Length of the line break that ends just before offset i (0 if none). */
    static int breakBefore(String text, int i) {
        if (i == 0 || !isBreak(text.charAt(i - 1))) return 0;
        return i >= 2 && text.charAt(i - 1) == '\n' && text.charAt(i - 2) == '\r' ? 2 : 1;
    }

    /** The spaces and tabs that open the line holding offset i. */
    static String indent(String text, int i) {
        int from = start(text, i);
        int to = from;
        while (to < text.length() && (text.charAt(to) == ' ' || text.charAt(to) == '\t')) to++;
        return text.substring(from, to);
    }

    /** True when only spaces and tabs come before offset i on its line. */
    static boolean firstOnLine(String text, int i) {
        return indent(text, i).length() == i - start(text, i);
    }

    /** True when the range holds only spaces and tabs. */
    static boolean blank(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) != ' ' && text.charAt(i) != '\t') return false;
        }
        return true;
    }

    /** The first line break in text[from, to), else the file's first, else "\n". */
    static String separator(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (isBreak(text.charAt(i))) return text.substring(i, i + breakLength(text, i));
        }
        for (int i = 0; i < text.length(); i++) {
            if (isBreak(text.charAt(i))) return text.substring(i, i + breakLength(text, i));
        }
        return "\n";
    }
}
