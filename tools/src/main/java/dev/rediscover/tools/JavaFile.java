/*
 * One parsed Java source file, and the single place where its text is rewritten.
 *
 * Rewriting goes through JavaParser's LexicalPreservingPrinter: the printer keeps, for every node,
 * the tokens it was parsed from (whitespace and comments included) and re-emits the untouched ones
 * exactly as they were. A body is swapped by giving the old body node the lexical text of a new
 * block parsed on its own; the node itself stays where it is. (Replacing the node with setBody
 * lets the printer re-lay out its surroundings: in 3.27.0 it drops a comment written between
 * ')' and '{'.) The syntax tree then no longer matches the text, so a JavaFile is used for one
 * rewrite only and the result is parsed afresh.
 *
 * Because "exactly as they were" is the promise labs/ rests on, the printed result is checked
 * against a plain splice of the original text (same bodies replaced at the same token offsets):
 * if the printer ever changed a byte outside a replaced body, the tool refuses rather than write
 * a subtly different file.
 *
 * Offsets come from the token list itself: the concatenated token texts are the file, so a
 * token's offset is the length of everything before it. No regular expression ever reads Java.
 */
package dev.rediscover.tools;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.printer.lexicalpreservation.LexicalPreservingPrinter;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

public final class JavaFile {
    private static final JavaParser PARSER = new JavaParser(new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));

    /** The file's name as shown in messages (relative to the tree it came from). */
    public final String path;
    public final String text;
    public final CompilationUnit unit;
    private final Map<JavaToken, Integer> offsets;

    private JavaFile(String path, String text, CompilationUnit unit, Map<JavaToken, Integer> offsets) {
        this.path = path;
        this.text = text;
        this.unit = unit;
        this.offsets = offsets;
    }

    public static JavaFile parse(String path, String text) throws CarveException {
        ParseResult<CompilationUnit> result = PARSER.parse(text);
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            throw new CarveException(path + ": does not parse: " + result.getProblems().get(0).getVerboseMessage());
        }
        CompilationUnit unit = result.getResult().get();
        return new JavaFile(path, text, unit, tokenOffsets(path, text, unit));
    }

    /** Offset of every token, checking on the way that the tokens spell the file exactly. */
    private static Map<JavaToken, Integer> tokenOffsets(String path, String text, CompilationUnit unit)
            throws CarveException {
        Map<JavaToken, Integer> offsets = new IdentityHashMap<>();
        if (unit.getTokenRange().isEmpty()) return offsets;
        JavaToken token = unit.getTokenRange().get().getBegin();
        while (token.getPreviousToken().isPresent()) token = token.getPreviousToken().get();
        int at = 0;
        for (JavaToken t = token; t != null; t = t.getNextToken().orElse(null)) {
            String s = t.getText();
            if (!text.startsWith(s, at)) break;
            offsets.put(t, at);
            at += s.length();
        }
        if (at != text.length()) {
            throw new CarveException(path + ": JavaParser's tokens do not spell the file (offset " + at
                    + "); refusing to rewrite it");
        }
        return offsets;
    }

    /** Offset of the node's first character. */
    public int start(Node node) {
        return offsets.get(node.getTokenRange().orElseThrow().getBegin());
    }

    /** Offset just past the node's last character. */
    public int end(Node node) {
        JavaToken last = node.getTokenRange().orElseThrow().getEnd();
        return offsets.get(last) + last.getText().length();
    }

    /** The node's source text, exactly as written. */
    public String textOf(Node node) {
        return text.substring(start(node), end(node));
    }

    /** The 1-based line the node starts on. */
    public int line(Node node) {
        return node.getBegin().orElseThrow().line;
    }

    /**
     * The file with the given methods' bodies replaced by the given block texts ("{ ... }"),
     * everything else byte for byte as it was. Use a JavaFile for one rewrite only (parse the
     * result again to edit it further).
     */
    public String withBodies(Map<MethodDeclaration, String> bodies) throws CarveException {
        if (bodies.isEmpty()) return text;
        LexicalPreservingPrinter.setup(unit); // only now: it is the costly part of reading a file
        List<int[]> spans = new ArrayList<>();
        List<String> replacements = new ArrayList<>();
        for (Map.Entry<MethodDeclaration, String> e : bodies.entrySet()) {
            BlockStmt oldBody = e.getKey().getBody().orElseThrow();
            spans.add(new int[] {start(oldBody), end(oldBody)});
            replacements.add(e.getValue());
            swapText(oldBody, block(e.getValue()));
        }
        String printed = LexicalPreservingPrinter.print(unit);
        String spliced = splice(spans, replacements);
        if (!printed.equals(spliced)) {
            throw new CarveException(path + ": LexicalPreservingPrinter changed bytes outside the replaced"
                    + " bodies (first difference at offset " + firstDifference(printed, spliced)
                    + "); refusing to write it. Please report this with the file.");
        }
        return printed;
    }

    /** Makes the printer emit source's text where target was. (NodeText is not public: raw key.) */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void swapText(BlockStmt target, BlockStmt source) {
        DataKey key = LexicalPreservingPrinter.NODE_TEXT_DATA;
        target.setData(key, source.getData(key));
    }

    /** A block parsed on its own, set up so the printer emits its text exactly as given. */
    private static BlockStmt block(String blockText) throws CarveException {
        ParseResult<BlockStmt> result = PARSER.parseBlock(blockText);
        if (!result.isSuccessful() || result.getResult().isEmpty()) {
            throw new CarveException("cannot parse method body: " + result.getProblems().get(0).getVerboseMessage()
                    + "\n" + blockText);
        }
        BlockStmt block = result.getResult().get();
        LexicalPreservingPrinter.setup(block);
        return block;
    }

    private String splice(List<int[]> spans, List<String> replacements) {
        Integer[] order = new Integer[spans.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(spans.get(a)[0], spans.get(b)[0]));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int i : order) {
            out.append(text, at, spans.get(i)[0]).append(replacements.get(i));
            at = spans.get(i)[1];
        }
        return out.append(text, at, text.length()).toString();
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) if (a.charAt(i) != b.charAt(i)) return i;
        return n;
    }
}
