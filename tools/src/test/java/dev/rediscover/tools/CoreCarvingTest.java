/*
 * The tool run on the real engine (../core/src/main): the carved tree compiles, every lab method
 * is stubbed, and solving the labs in order walks through every snapshot back to core itself,
 * byte for byte; resetting them walks back to the carve. This is what CI's labs/ check and the
 * course's "solvable in order" promise stand on.
 */
package dev.rediscover.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class CoreCarvingTest {
    /** Surefire runs in tools/ and says so in "basedir"; an IDE may run elsewhere. */
    static final Path CORE = Path.of(System.getProperty("basedir", ".")).resolve("../core/src/main").normalize();

    @TempDir
    Path dir;

    @Test
    void theCarvedEngineCompiles() throws Exception {
        Path labs = dir.resolve("labs");
        SourceTree.mirror(labs, Carver.carve(CORE, 1));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<Path> sources = SourceTree.files(labs).values().stream().filter(p -> p.toString().endsWith(".java")).toList();
            boolean ok = javac.getTask(null, files, diagnostics,
                    List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                            "-classpath", System.getProperty("java.class.path")),
                    null, files.getJavaFileObjectsFromPaths(sources)).call();
            List<String> errors = diagnostics.getDiagnostics().stream()
                    .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(Object::toString).toList();
            assertThat(errors).isEmpty();
            assertThat(ok).isTrue();
        }
        assertThat(classes.resolve("dev/rediscover/server/Main.class")).exists();
    }

    @Test
    void everyListedLabMethodIsStubbedInTheCarve() throws Exception {
        List<Carver.Located> all = Carver.list(CORE);
        assertThat(all).isNotEmpty();
        SortedMap<String, byte[]> carved = Carver.carve(CORE, 1);
        for (Carver.Located l : all) {
            String text = new String(carved.get(l.file()), StandardCharsets.UTF_8);
            assertThat(text).as(l.file()).contains(
                    Stub.statement(l.method().lab(), l.method().signature().qualifiedName()));
        }
    }

    @Test
    void solvingTheLabsInOrderWalksThroughEverySnapshotToCore() throws Exception {
        Path labs = dir.resolve("labs");
        SourceTree.mirror(labs, Carver.carve(CORE, 1));
        Map<String, String> carved = LabSwapTest.contents(labs);
        TreeSet<Integer> numbers = new TreeSet<>();
        for (Carver.Located l : Carver.list(CORE)) numbers.add(l.method().lab());
        for (int lab : numbers) {
            LabSwap.apply(CORE, labs, lab, LabSwap.Mode.SOLVE);
            assertThat(LabSwapTest.contents(labs)).as("after solving lab %d", lab)
                    .isEqualTo(LabSwapTest.strings(Carver.carve(CORE, lab + 1)));
        }
        assertThat(LabSwapTest.contents(labs)).isEqualTo(LabSwapTest.contents(CORE));
        for (int lab : numbers.descendingSet()) LabSwap.apply(CORE, labs, lab, LabSwap.Mode.RESET);
        assertThat(LabSwapTest.contents(labs)).isEqualTo(carved);
    }
}
