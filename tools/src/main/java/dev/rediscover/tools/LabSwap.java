/*
 * solve N and reset N: swap one lab's bodies in the learner's tree, method by method.
 *
 * For each method of core that belongs to lab N, the learner's copy (same file, same Signature)
 * gets core's body (solve) or the stub carve would write (reset). Nothing else in the learner's
 * files changes: their other methods, helpers they added, comments, formatting. The LabNotDone
 * import follows the stubs: reset adds it when needed, solve drops it once no stub is left and
 * core's file does not import it, so carve then solve gives core back exactly.
 *
 * It is all or nothing: every file and method is checked first, and if any is missing (the
 * learner renamed a method, changed its parameters, deleted a file, or left it unparseable) the
 * tool names each one and changes nothing, rather than guess.
 */
package dev.rediscover.tools;

import com.github.javaparser.ast.body.MethodDeclaration;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class LabSwap {
    enum Mode { SOLVE, RESET }

    private LabSwap() {}

    /** Applies the swap and returns a report, one line per method changed. */
    static List<String> apply(Path core, Path labs, int lab, Mode mode) throws CarveException {
        List<String> problems = new ArrayList<>();
        List<String> report = new ArrayList<>();
        Map<Path, String> writes = new LinkedHashMap<>();
        int methods = 0;
        for (Map.Entry<String, Path> e : SourceTree.files(core).entrySet()) {
            if (!e.getKey().endsWith(".java")) continue;
            JavaFile coreFile = JavaFile.parse(e.getKey(), SourceTree.readText(e.getValue()));
            List<LabMethod> labMethods = LabFinder.labMethods(coreFile).stream().filter(m -> m.lab() == lab).toList();
            if (labMethods.isEmpty()) continue;
            methods += labMethods.size();
            Path learnerPath = labs.resolve(e.getKey());
            swapFile(coreFile, labMethods, learnerPath, mode, problems, report)
                    .ifPresent(text -> writes.put(learnerPath, text));
        }
        if (methods == 0) throw new CarveException("no method in " + core + " is marked @Lab(" + lab + ")");
        if (!problems.isEmpty()) {
            throw new CarveException(String.join("\n", problems) + "\nNothing was changed.");
        }
        for (Map.Entry<Path, String> w : writes.entrySet()) {
            SourceTree.write(w.getKey(), w.getValue().getBytes(StandardCharsets.UTF_8));
        }
        report.add(0, String.format("lab %02d: %s %d method%s in %d file%s", lab,
                mode == Mode.SOLVE ? "filled in" : "stubbed", methods, methods == 1 ? "" : "s",
                writes.size(), writes.size() == 1 ? "" : "s"));
        return report;
    }

    /** The learner file's new text, or empty with the reasons added to problems (never both). */
    private static Optional<String> swapFile(JavaFile coreFile, List<LabMethod> labMethods, Path learnerPath,
                                             Mode mode, List<String> problems, List<String> report) {
        String where = learnerPath.toString().replace(java.io.File.separatorChar, '/');
        if (!Files.isRegularFile(learnerPath)) {
            problems.add(where + ": file not found; it should hold " + names(labMethods));
            return Optional.empty();
        }
        try {
            JavaFile learner = JavaFile.parse(where, SourceTree.readText(learnerPath));
            Map<Signature, MethodDeclaration> learnerMethods = new HashMap<>();
            for (MethodDeclaration m : learner.unit.findAll(MethodDeclaration.class)) {
                LabFinder.signature(m).ifPresent(s -> learnerMethods.putIfAbsent(s, m));
            }
            Map<MethodDeclaration, String> bodies = new LinkedHashMap<>();
            for (LabMethod m : labMethods) {
                MethodDeclaration mine = learnerMethods.get(m.signature());
                if (mine == null || mine.getBody().isEmpty()) {
                    problems.add(where + ": method " + m.signature() + " (lab " + m.lab() + ") "
                            + (mine == null ? "not found: was it renamed, moved, or were its parameter types changed?"
                                            : "has no body")
                            + " Restore its declaration as the lab gave it, then run again.");
                    continue;
                }
                String body = mode == Mode.SOLVE
                        ? coreFile.textOf(m.declaration().getBody().get()) : Carver.stub(coreFile, m);
                String current = learner.textOf(mine.getBody().get());
                if (mode == Mode.SOLVE && !current.equals(body) && !isStub(current, m)) {
                    report.add("  " + m.signature().qualifiedName() + ": your body was replaced by the reference one");
                } else {
                    report.add("  " + m.signature().qualifiedName() + "  " + where + ":" + learner.line(mine.getName()));
                }
                bodies.put(mine, body);
            }
            if (bodies.size() != labMethods.size()) return Optional.empty();
            JavaFile swapped = JavaFile.parse(where, learner.withBodies(bodies));
            if (mode == Mode.RESET) {
                return Optional.of(Imports.canSeeLabNotDone(swapped) ? swapped.text : Imports.add(swapped));
            }
            boolean coreImports = Imports.canSeeLabNotDone(coreFile);
            return Optional.of(coreImports || Imports.usesLabNotDone(swapped) ? swapped.text : Imports.remove(swapped));
        } catch (CarveException ex) {
            problems.add(ex.getMessage());
            return Optional.empty();
        }
    }

    /** True when a body is a LabNotDone stub for this method, whatever its layout. */
    private static boolean isStub(String body, LabMethod m) {
        String inner = body.substring(1, body.length() - 1).strip();
        return inner.equals(Stub.statement(m.lab(), m.signature().qualifiedName()));
    }

    private static String names(List<LabMethod> methods) {
        return String.join(", ", methods.stream().map(m -> m.signature().toString()).toList());
    }
}
