/*
 * solve and reset over small trees in a temp directory: the round trips that the course relies
 * on (carve then solve gives core back; reset after solve gives the carve back), learner edits
 * that must survive, and the refusals that must leave every file as it was.
 */
package dev.rediscover.tools;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabSwapTest {
    static final String STRINGS = """
            /* Strings: a commands file. */
            package p;

            import dev.rediscover.lab.Lab;
            import java.util.Map;

            final class Strings {
                private final Map<String, String> data = new java.util.HashMap<>();

                @Lab(3)
                String get(String key) {
                    String v = data.get(key);
                    return v == null ? "{nil}" : v;
                }

                @Lab(3)
                void set(String key, String value) {
                    data.put(key, value);
                }

                @Lab(4)
                void set(String key, String value, long ttl) {
                    set(key, value);
                    expire(key, ttl);
                }

                void expire(String key, long ttl) {
                    // not a lab: a helper the lesson gives
                }
            }
            """;
    static final String TTL = """
            package p;

            import dev.rediscover.lab.Lab;

            @Lab(4)
            final class Ttl {
                long now() {
                    return System.currentTimeMillis();
                }

                static final class Clock {
                    long tick() {
                        return 1;
                    }
                }
            }
            """;
    static final String USES_LAB_NOT_DONE = """
            package p;

            import dev.rediscover.lab.Lab;
            import dev.rediscover.lab.LabNotDone;

            final class Dispatch {
                @Lab(3)
                String run() {
                    return "ok";
                }

                String safely() {
                    try {
                        return run();
                    } catch (LabNotDone e) {
                        return e.getMessage();
                    }
                }
            }
            """;

    @TempDir
    Path dir;
    Path core;
    Path labs;

    @BeforeEach
    void tree() throws IOException {
        core = dir.resolve("core/src/main");
        labs = dir.resolve("labs/src/main");
        write(core, "java/p/Strings.java", STRINGS);
        write(core, "java/p/Ttl.java", TTL);
        write(core, "java/p/Dispatch.java", USES_LAB_NOT_DONE);
        write(core, "java/p/Plain.java", "package p;\nclass Plain {}\n");
        write(core, "resources/banner.txt", "hello {\n");
    }

    @Test
    void carveThenSolvingEveryLabInOrderGivesCoreBack() throws Exception {
        SourceTree.mirror(labs, Carver.carve(core, 1));
        assertThat(read(labs, "java/p/Strings.java")).contains("throw new LabNotDone(3, \"Strings.get\");");
        LabSwap.apply(core, labs, 3, LabSwap.Mode.SOLVE);
        assertThat(read(labs, "java/p/Strings.java")).isNotEqualTo(STRINGS).contains("LabNotDone(4");
        LabSwap.apply(core, labs, 4, LabSwap.Mode.SOLVE);
        assertThat(contents(labs)).isEqualTo(contents(core));
    }

    @Test
    void theAwkwardFileRoundTripsToo() throws Exception {
        try (var in = LabSwapTest.class.getClassLoader().getResourceAsStream("carving/Stress.java.txt")) {
            write(core, "java/p/Stress.java", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        SourceTree.mirror(labs, Carver.carve(core, 1));
        Map<String, String> carved = contents(labs);
        for (int lab = 1; lab <= 4; lab++) LabSwap.apply(core, labs, lab, LabSwap.Mode.SOLVE);
        assertThat(contents(labs)).isEqualTo(contents(core));
        for (int lab = 4; lab >= 1; lab--) LabSwap.apply(core, labs, lab, LabSwap.Mode.RESET);
        assertThat(contents(labs)).isEqualTo(carved);
    }

    @Test
    void solvingLabsBeforeNGivesTheSnapshotForN() throws Exception {
        SourceTree.mirror(labs, Carver.carve(core, 1));
        LabSwap.apply(core, labs, 3, LabSwap.Mode.SOLVE);
        assertThat(contents(labs)).isEqualTo(strings(Carver.carve(core, 4)));
    }

    @Test
    void resetAfterSolveGivesTheCarveBack() throws Exception {
        SourceTree.mirror(labs, Carver.carve(core, 1));
        Map<String, String> carved = contents(labs);
        LabSwap.apply(core, labs, 3, LabSwap.Mode.SOLVE);
        LabSwap.apply(core, labs, 4, LabSwap.Mode.SOLVE);
        LabSwap.apply(core, labs, 4, LabSwap.Mode.RESET);
        LabSwap.apply(core, labs, 3, LabSwap.Mode.RESET);
        assertThat(contents(labs)).isEqualTo(carved);
    }

    @Test
    void solveLeavesTheLearnersOtherEditsAlone() throws Exception {
        SourceTree.mirror(labs, Carver.carve(core, 1));
        String learner = read(labs, "java/p/Strings.java")
                .replace("    void expire(String key, long ttl) {",
                        "    // my notes: { braces } in a comment\n    private int calls;\n\n    void expire(String key, long ttl) {")
                .replace("throw new LabNotDone(4, \"Strings.set\");", "calls++; set(key, value); // my lab 4 attempt");
        write(labs, "java/p/Strings.java", learner);
        var report = LabSwap.apply(core, labs, 3, LabSwap.Mode.SOLVE);
        String after = read(labs, "java/p/Strings.java");
        assertThat(after).contains("// my notes: { braces } in a comment\n    private int calls;")
                .contains("calls++; set(key, value); // my lab 4 attempt")
                .contains("return v == null ? \"{nil}\" : v;")
                // the learner's lab 4 attempt replaced the last stub, so the import goes with it
                .doesNotContain("import dev.rediscover.lab.LabNotDone;");
        assertThat(report.get(0)).isEqualTo("lab 03: filled in 3 methods in 2 files");
    }

    @Test
    void solveReportsWhenItReplacesTheLearnersOwnBody() throws Exception {
        SourceTree.mirror(labs, Carver.carve(core, 1));
        write(labs, "java/p/Strings.java", read(labs, "java/p/Strings.java")
                .replace("throw new LabNotDone(3, \"Strings.get\");", "return \"mine\";"));
        var report = LabSwap.apply(core, labs, 3, LabSwap.Mode.SOLVE);
        assertThat(report).contains("  Strings.get: your body was replaced by the reference one");
        assertThat(read(labs, "java/p/Strings.java")).doesNotContain("mine");
    }

    @Test
    void solveKeepsTheImportWhileAStubOrCoreStillNeedsIt() throws Exception {
        SourceTree.mirror(labs, Carver.carve(core, 1));
        LabSwap.apply(core, labs, 3, LabSwap.Mode.SOLVE);
        assertThat(read(labs, "java/p/Strings.java")).contains("import dev.rediscover.lab.LabNotDone;");
        assertThat(read(labs, "java/p/Dispatch.java")).isEqualTo(USES_LAB_NOT_DONE);
        LabSwap.apply(core, labs, 4, LabSwap.Mode.SOLVE);
        assertThat(read(labs, "java/p/Strings.java")).isEqualTo(STRINGS);
        assertThat(read(labs, "java/p/Ttl.java")).isEqualTo(TTL);
    }

    @Test
    void refusesWhenTheLearnersMethodIsRenamedAndChangesNothing() throws Exception {
        SourceTree.mirror(labs, Carver.carve(core, 1));
        write(labs, "java/p/Strings.java", read(labs, "java/p/Strings.java").replace("String get(String key)", "String fetch(String key)"));
        Map<String, String> before = contents(labs);
        assertThatThrownBy(() -> LabSwap.apply(core, labs, 3, LabSwap.Mode.SOLVE))
                .isInstanceOf(CarveException.class)
                .hasMessageContaining("labs/src/main/java/p/Strings.java: method Strings.get(String) (lab 3) not found")
                .hasMessageEndingWith("Nothing was changed.");
        assertThat(contents(labs)).isEqualTo(before);
    }

    @Test
    void refusesWhenTheParameterTypesChanged() throws Exception {
        SourceTree.mirror(labs, Carver.carve(core, 1));
        write(labs, "java/p/Strings.java", read(labs, "java/p/Strings.java")
                .replace("void set(String key, String value, long ttl)", "void set(String key, String value, int ttl)"));
        assertThatThrownBy(() -> LabSwap.apply(core, labs, 4, LabSwap.Mode.RESET))
                .hasMessageContaining("Strings.set(String, String, long) (lab 4) not found");
    }

    @Test
    void refusesWhenTheLearnersFileIsGoneOrDoesNotParse() throws Exception {
        SourceTree.mirror(labs, Carver.carve(core, 1));
        Files.delete(labs.resolve("java/p/Ttl.java"));
        write(labs, "java/p/Strings.java", read(labs, "java/p/Strings.java").replace("void expire(", "void expire(("));
        Map<String, String> before = contents(labs);
        assertThatThrownBy(() -> LabSwap.apply(core, labs, 4, LabSwap.Mode.SOLVE))
                .hasMessageContaining("java/p/Ttl.java: file not found; it should hold Ttl.now(), Ttl.Clock.tick()")
                .hasMessageContaining("java/p/Strings.java: does not parse");
        assertThat(contents(labs)).isEqualTo(before);
    }

    @Test
    void refusesALabWithNoMethods() throws Exception {
        SourceTree.mirror(labs, Carver.carve(core, 1));
        assertThatThrownBy(() -> LabSwap.apply(core, labs, 12, LabSwap.Mode.SOLVE))
                .hasMessageContaining("is marked @Lab(12)");
    }

    static void write(Path root, String rel, String text) throws IOException {
        Path file = root.resolve(rel);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static String read(Path root, String rel) throws IOException {
        return Files.readString(root.resolve(rel));
    }

    static Map<String, String> contents(Path root) throws Exception {
        SortedMap<String, String> all = new TreeMap<>();
        for (Map.Entry<String, Path> e : SourceTree.files(root).entrySet()) all.put(e.getKey(), Files.readString(e.getValue()));
        return all;
    }

    static Map<String, String> strings(Map<String, byte[]> tree) {
        SortedMap<String, String> all = new TreeMap<>();
        tree.forEach((k, v) -> all.put(k, new String(v, StandardCharsets.UTF_8)));
        return all;
    }
}
