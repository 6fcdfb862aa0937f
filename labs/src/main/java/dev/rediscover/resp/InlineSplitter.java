/*
 * Splits an inline command line into arguments, the way redis-cli and Redis's inline protocol do
 * (sds.c, sdssplitargs): words separated by spaces; "double quotes" understand \n \r \t \b \a \\
 * \" and \xHH escapes; 'single quotes' understand only \'. A closing quote must be followed by a
 * space or the end of the line, otherwise the quotes are unbalanced.
 */
package dev.rediscover.resp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class InlineSplitter {
    private InlineSplitter() {}

    /** The words of line[from, to), or null when the quotes are unbalanced. */
    public static byte[][] split(byte[] line, int from, int to) {
        List<byte[]> words = new ArrayList<>();
        int i = from;
        while (true) {
            while (i < to && isSpace(line[i])) i++;
            if (i >= to) return words.toArray(new byte[0][]);
            int plainEnd = plainWordEnd(line, i, to);
            if (plainEnd >= 0) {
                // Fast path: a word without quotes is a plain slice of the line.
                words.add(Arrays.copyOfRange(line, i, plainEnd));
                i = plainEnd;
                continue;
            }
            Word word = new Word(Math.min(to - i, 64));
            boolean inDouble = false, inSingle = false, done = false;
            while (!done) {
                if (inDouble) {
                    if (i >= to) return null;                     // no closing quote
                    byte b = line[i];
                    if (b == '\\' && i + 3 < to && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
                        word.write(hex(line[i + 2]) * 16 + hex(line[i + 3]));
                        i += 3;
                    } else if (b == '\\' && i + 1 < to) {
                        i++;
                        byte e = line[i];
                        word.write(switch (e) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> e;
                        });
                    } else if (b == '"') {
                        if (i + 1 < to && !isSpace(line[i + 1])) return null;
                        done = true;
                    } else {
                        word.write(b);
                    }
                } else if (inSingle) {
                    if (i >= to) return null;
                    byte b = line[i];
                    if (b == '\\' && i + 1 < to && line[i + 1] == '\'') {
                        i++;
                        word.write('\'');
                    } else if (b == '\'') {
                        if (i + 1 < to && !isSpace(line[i + 1])) return null;
                        done = true;
                    } else {
                        word.write(b);
                    }
                } else {
                    if (i >= to) { done = true; continue; }
                    byte b = line[i];
                    switch (b) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> word.write(b);
                    }
                    if (done) continue;
                }
                i++;
            }
            words.add(word.toByteArray());
        }
    }

    /** End of the unquoted word starting at i, or -1 if it contains a quote (slow path). */
    private static int plainWordEnd(byte[] line, int i, int to) {
        for (; i < to; i++) {
            switch (line[i]) {
                case ' ', '\n', '\r', '\t', 0: return i;
                case '"', '\'': return -1;
                default:
            }
        }
        return to;
    }

    /** A growable byte array for one quoted word (ByteArrayOutputStream is synchronized). */
    private static final class Word {
        private byte[] bytes;
        private int len;

        Word(int capacity) { bytes = new byte[Math.max(capacity, 1)]; }

        void write(int b) {
            if (len == bytes.length) bytes = Arrays.copyOf(bytes, len * 2);
            bytes[len++] = (byte) b;
        }

        byte[] toByteArray() { return Arrays.copyOf(bytes, len); }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f' || b == 0;
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        return b - 'A' + 10;
    }
}
