/*
 * Turns one synopsis line, in the notation of the Redis command docs, into the argument tree
 * COMMAND DOCS sends (CommandArg). Redis has no such parser: its trees are written out as JSON
 * in src/commands/*.json and compiled into commands.c by utils/generate-command-code.py. We keep
 * the readable synopsis instead (commands/syntax.txt) and derive the tree from it.
 *
 * The notation, and what each piece becomes:
 *
 *   key value          plain words are arguments, type string ("key" is a key, "pattern" a
 *                      pattern); annotate when that guess is wrong: seconds:integer,
 *                      destination:key, min:double. Types: see CommandArg.TYPES.
 *   name:key@1         a key (or pattern) belonging to key spec 1; keys without @ are numbered
 *                      0, 1, 2, ... in the order they appear ("ip:port" stays a name: port is
 *                      not a type)
 *   NX                 an upper-case word is a token; alone it is a pure-token named "nx"
 *   [ ... ]            optional
 *   ( ... )            grouping
 *   a | b              inside brackets or parentheses: a oneof
 *   {name}             right after "[" or "(": the name of that oneof, block or pure-token;
 *                      a single plain argument so named is wrapped in a block of that name
 *   x [x ...]          x may repeat (flag multiple); if x starts with a token, the token is
 *                      repeated too (multiple_token). "x ..." says the same more briefly.
 *
 * Inside one group, a token followed by more words introduces them: "[COUNT count:integer]"
 * is one argument "count" with token COUNT, "[LIMIT offset:integer count:integer]" is a block
 * named "limit" with token LIMIT, "[AGGREGATE (SUM | MIN | MAX)]" a oneof with token AGGREGATE.
 * A group of several words without a leading token is a block and needs a {name}.
 *
 * Example:  key value [{condition} NX | XX] [GET] [{expiration} EX seconds:integer | KEEPTTL]
 */
package dev.rediscover.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

public final class SyntaxParser {
    /** Thrown for a line the notation cannot read; the message says where. */
    public static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) { super(message); }
    }

    // ------------------------------------------------------------ the parse tree of one line

    /** A word (token or argument), a "..." marker, or a bracketed group of alternatives. */
    private sealed interface Node permits Word, Ellipsis, Group {}

    private record Word(String text) implements Node {
        /** Upper-case words, and the one-character tokens of the stream commands (= ~ * $). */
        boolean isToken() { return text.matches("[A-Z][A-Z0-9_-]*|[=~*$]"); }
    }

    private record Ellipsis() implements Node {}

    /** [ ... ] or ( ... ); `repeat` marks a group made by folding "x [x ...]". */
    private record Group(String name, boolean optional, boolean repeat, List<List<Node>> alts) implements Node {}

    private final List<String> lexemes;
    private int pos;
    private int nextKeySpec;

    private SyntaxParser(String line) { this.lexemes = lex(line); }

    /** The argument tree of a synopsis (everything after the command's name). */
    public static List<CommandArg> parse(String synopsis) {
        SyntaxParser p = new SyntaxParser(synopsis);
        List<Node> top = p.sequence();
        if (p.pos < p.lexemes.size()) throw new SyntaxError("unexpected '" + p.lexemes.get(p.pos) + "'");
        List<CommandArg> args = p.convertSequence(top);
        return p.numberKeys(args);
    }

    // ------------------------------------------------------------ lexing and parsing

    /** Brackets, parentheses, braces and "|" are lexemes of their own; other runs are words. */
    private static List<String> lex(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
            } else if ("[]()|".indexOf(ch) >= 0) {
                out.add(String.valueOf(ch));
                i++;
            } else if (ch == '{') {
                int end = s.indexOf('}', i);
                if (end < 0) throw new SyntaxError("unclosed '{'");
                out.add(s.substring(i, end + 1));
                i = end + 1;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "[]()|{".indexOf(s.charAt(i)) < 0) i++;
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    /** Items up to a closing bracket, "|" or the end. */
    private List<Node> sequence() {
        List<Node> items = new ArrayList<>();
        while (pos < lexemes.size()) {
            String lx = lexemes.get(pos);
            if (lx.equals("]") || lx.equals(")") || lx.equals("|")) break;
            pos++;
            if (lx.equals("[")) items.add(group("]", true));
            else if (lx.equals("(")) items.add(group(")", false));
            else if (lx.equals("...")) items.add(new Ellipsis());
            else if (lx.startsWith("{")) throw new SyntaxError("{name} must follow '[' or '('");
            else items.add(new Word(lx));
        }
        return items;
    }

    private Group group(String close, boolean optional) {
        String name = null;
        if (pos < lexemes.size() && lexemes.get(pos).startsWith("{")) {
            String lx = lexemes.get(pos++);
            name = lx.substring(1, lx.length() - 1).trim();
        }
        List<List<Node>> alts = new ArrayList<>();
        alts.add(sequence());
        while (pos < lexemes.size() && lexemes.get(pos).equals("|")) {
            pos++;
            alts.add(sequence());
        }
        if (pos >= lexemes.size() || !lexemes.get(pos).equals(close)) throw new SyntaxError("expected '" + close + "'");
        pos++;
        return new Group(name, optional, false, alts);
    }

    // ------------------------------------------------------------ repetition

    /**
     * Folds "x [x ...]" (and "x ...") into one repeat group holding x. The repeated part is
     * found by comparing the words with annotations left out: "key:key [key ...]".
     */
    private static List<Node> foldRepeats(List<Node> items) {
        List<Node> out = new ArrayList<>();
        for (Node n : items) {
            if (n instanceof Ellipsis) {
                if (out.isEmpty()) throw new SyntaxError("'...' with nothing before it");
                Node last = out.remove(out.size() - 1);
                out.add(new Group(null, false, true, List.of(List.of(last))));
            } else if (n instanceof Group g && isRepeatTail(g) && repeatedLength(out, g) > 0) {
                int k = repeatedLength(out, g);
                List<Node> repeated = new ArrayList<>(out.subList(out.size() - k, out.size()));
                out.subList(out.size() - k, out.size()).clear();
                out.add(new Group(null, false, true, List.of(repeated)));
            } else {
                out.add(n);
            }
        }
        return out;
    }

    /** How many of the last items "[x ...]" repeats; 0 when they are not x. */
    private static int repeatedLength(List<Node> before, Group tail) {
        String want = plain(tail.alts().get(0).subList(0, tail.alts().get(0).size() - 1));
        for (int k = 1; k <= before.size(); k++) {
            if (plain(before.subList(before.size() - k, before.size())).equals(want)) return k;
        }
        return 0;
    }

    /** "[x ...]": an optional group of one alternative ending in "...". */
    private static boolean isRepeatTail(Group g) {
        if (!g.optional() || g.name() != null || g.alts().size() != 1) return false;
        List<Node> alt = g.alts().get(0);
        return alt.size() >= 2 && alt.get(alt.size() - 1) instanceof Ellipsis;
    }

    /** The words as a reader sees them: no annotations, no names, no parentheses around blocks. */
    private static String plain(List<Node> items) {
        StringBuilder sb = new StringBuilder();
        for (Node n : items) {
            if (!sb.isEmpty()) sb.append(' ');
            if (n instanceof Word w) {
                sb.append(w.isToken() ? w.text() : argName(w.text()));
            } else if (n instanceof Group g) {
                List<String> alts = g.alts().stream().map(SyntaxParser::plain).toList();
                String inner = String.join(" | ", alts);
                if (g.repeat()) sb.append(inner).append(" [").append(inner).append(" ...]");
                else if (g.optional()) sb.append('[').append(inner).append(']');
                else if (alts.size() > 1) sb.append('(').append(inner).append(')');
                else sb.append(inner);
            } else {
                sb.append("...");
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------ conversion to CommandArg

    /**
     * The arguments of one sequence. When it opens with a token followed by more, the token
     * introduces the rest: one argument if the rest is one, else a block named after the token.
     */
    private List<CommandArg> convertSequence(List<Node> raw) {
        List<Node> items = foldRepeats(raw);
        if (items.size() >= 2 && items.get(0) instanceof Word w && w.isToken()) {
            List<Node> after = items.subList(1, items.size());
            // "[AGGREGATE (SUM | MIN | MAX)]": an unnamed group after a token is named after it
            List<CommandArg> rest = after.size() == 1 && after.get(0) instanceof Group g && g.name() == null
                    ? List.of(convertGroup(g, w.text().toLowerCase(Locale.ROOT)))
                    : convertEach(after);
            CommandArg one = rest.size() == 1 && rest.get(0).token() == null ? rest.get(0)
                    : new CommandArg(w.text().toLowerCase(Locale.ROOT), "block", null, List.of(), -1, rest);
            return List.of(one.withToken(w.text()));
        }
        return convertEach(items);
    }

    private List<CommandArg> convertEach(List<Node> items) {
        List<CommandArg> out = new ArrayList<>();
        for (Node n : items) out.add(convert(n));
        return out;
    }

    private CommandArg convert(Node n) {
        if (n instanceof Group g) return convertGroup(g, null);
        if (!(n instanceof Word w)) throw new SyntaxError("misplaced '...'");
        if (!w.isToken()) return argument(w.text());
        return new CommandArg(w.text().toLowerCase(Locale.ROOT), "pure-token", w.text(), List.of(), -1, List.of());
    }

    /**
     * A oneof when there are alternatives, else the one argument or a block of several.
     * `fallbackName` names it when the group has no {name} (the token in front of it).
     */
    private CommandArg convertGroup(Group g, String fallbackName) {
        String name = g.name() != null ? g.name() : fallbackName;
        CommandArg arg;
        if (g.alts().size() > 1) {
            List<CommandArg> choices = new ArrayList<>();
            for (List<Node> alt : g.alts()) choices.add(single(convertSequence(alt), null));
            if (name == null) throw new SyntaxError("a oneof needs a {name}: " + plain(List.of(g)));
            arg = new CommandArg(name, "oneof", null, List.of(), -1, choices);
        } else {
            arg = single(convertSequence(g.alts().get(0)), name);
            if (g.name() != null) arg = named(arg, g.name());
        }
        if (g.optional()) arg = arg.withFlag("optional");
        if (g.repeat()) {
            // the token (if any) is inside what repeats: "GET pattern [GET pattern ...]"
            arg = arg.withFlag("multiple");
            if (arg.token() != null) arg = arg.withFlag("multiple_token");
        }
        return arg;
    }

    /**
     * A {name} on a group of one argument: a oneof, block or pure-token is renamed ("[{change}
     * CH]"); a plain argument is wrapped in a block of that name, which takes over its token
     * ("[{id} ID client-id [client-id ...]]" is block "id", token ID, holding client-id).
     */
    private static CommandArg named(CommandArg arg, String name) {
        if (arg.type().equals("oneof") || arg.type().equals("block") || arg.type().equals("pure-token")) return arg.withName(name);
        CommandArg inner = arg.withToken(null);
        return new CommandArg(name, "block", arg.token(), List.of(), -1, List.of(inner));
    }

    /** One argument from a sequence: itself, or a block (which must be named) of several. */
    private static CommandArg single(List<CommandArg> args, String name) {
        if (args.size() == 1) return args.get(0);
        if (args.isEmpty()) throw new SyntaxError("empty group");
        if (name == null) throw new SyntaxError("a block of several arguments needs a {name}");
        return new CommandArg(name, "block", null, List.of(), -1, args);
    }

    /** "name", "name:type", "name@1" or "name:type@1". */
    private static CommandArg argument(String word) {
        String name = argName(word);
        String rest = word.substring(name.length());
        String type = name.equals("key") ? "key" : name.equals("pattern") ? "pattern" : "string";
        int spec = -1;
        int at = rest.indexOf('@');
        if (at >= 0) {
            spec = Integer.parseInt(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        if (rest.startsWith(":")) type = rest.substring(1);
        if (spec >= 0 && !type.equals("key") && !type.equals("pattern")) throw new SyntaxError("@index on a " + type + ": " + word);
        return new CommandArg(name, type, null, List.of(), spec, List.of());
    }

    /** The name part of an argument word: before ":type" (a known type) and "@index". */
    private static String argName(String word) {
        String w = word;
        int at = w.lastIndexOf('@');
        if (at > 0 && w.substring(at + 1).matches("\\d+")) w = w.substring(0, at);
        int colon = w.lastIndexOf(':');
        if (colon > 0 && CommandArg.TYPES.contains(w.substring(colon + 1))) w = w.substring(0, colon);
        return w;
    }

    // ------------------------------------------------------------ key spec indexes

    /** Numbers the keys 0, 1, ... depth first; an explicit @n sets the count from there. */
    private List<CommandArg> numberKeys(List<CommandArg> args) {
        List<CommandArg> out = new ArrayList<>();
        for (CommandArg a : args) {
            if (a.isKey()) {
                int idx = a.keySpecIndex() >= 0 ? a.keySpecIndex() : nextKeySpec;
                nextKeySpec = idx + 1;
                a = a.withKeySpecIndex(idx);
            }
            if (!a.args().isEmpty()) a = new CommandArg(a.name(), a.type(), a.token(), a.flags(), a.keySpecIndex(), numberKeys(a.args()));
            out.add(a);
        }
        return out;
    }
}
