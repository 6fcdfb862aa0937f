/*
 * Carving: core's source tree in, the learner's tree out. Every file is copied; in a .java file
 * the body of each lab method from lab `firstStubbed` on becomes a LabNotDone stub (Stub), and
 * the file gains the LabNotDone import if it needs one (Imports). Files without such methods are
 * copied byte for byte without being rewritten at all.
 *
 * firstStubbed = 1 gives labs/ (every lab carved); firstStubbed = N gives the snapshot for lab N,
 * in which labs 1..N-1 are solved and N onwards are not.
 */
package dev.rediscover.tools;

import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.stmt.BlockStmt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

final class Carver {
    private Carver() {}

    /** A lab method and the file (relative path) it was found in. */
    record Located(String file, LabMethod method) {}

    /** The carved tree, by relative path. */
    static SortedMap<String, byte[]> carve(Path core, int firstStubbed) throws CarveException {
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (Map.Entry<String, Path> e : SourceTree.files(core).entrySet()) {
            String rel = e.getKey();
            if (!rel.endsWith(".java")) {
                out.put(rel, SourceTree.read(e.getValue()));
                continue;
            }
            String text = SourceTree.readText(e.getValue());
            String carved = carveFile(rel, text, firstStubbed);
            out.put(rel, carved.equals(text) ? SourceTree.read(e.getValue()) : carved.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /** One file's text with the bodies of labs >= firstStubbed stubbed. */
    static String carveFile(String path, String text, int firstStubbed) throws CarveException {
        JavaFile file = JavaFile.parse(path, text);
        Map<MethodDeclaration, String> stubs = new LinkedHashMap<>();
        for (LabMethod m : LabFinder.labMethods(file)) {
            if (m.lab() >= firstStubbed) stubs.put(m.declaration(), stub(file, m));
        }
        if (stubs.isEmpty()) return text;
        JavaFile carved = JavaFile.parse(path, file.withBodies(stubs));
        return Imports.canSeeLabNotDone(carved) ? carved.text : Imports.add(carved);
    }

    /** The stub for a lab method, laid out after its body in the given (core) file. */
    static String stub(JavaFile file, LabMethod m) {
        BlockStmt body = m.declaration().getBody().orElseThrow();
        return Stub.block(file.text, file.start(body), file.end(body), m.lab(), m.signature().qualifiedName());
    }

    /** Every lab method of the tree, by lab, then file, then line. */
    static List<Located> list(Path core) throws CarveException {
        List<Located> all = new ArrayList<>();
        for (Map.Entry<String, Path> e : SourceTree.files(core).entrySet()) {
            if (!e.getKey().endsWith(".java")) continue;
            JavaFile file = JavaFile.parse(e.getKey(), SourceTree.readText(e.getValue()));
            for (LabMethod m : LabFinder.labMethods(file)) all.add(new Located(e.getKey(), m));
        }
        all.sort((a, b) -> a.method().lab() != b.method().lab()
                ? Integer.compare(a.method().lab(), b.method().lab())
                : !a.file().equals(b.file()) ? a.file().compareTo(b.file())
                : Integer.compare(a.method().line(), b.method().line()));
        return all;
    }
}
