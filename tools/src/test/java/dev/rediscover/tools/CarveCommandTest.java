/*
 * The command line as run-lab.sh and CI use it: output formats, exit statuses, and the checks
 * that keep a mistyped directory from being overwritten.
 */
package dev.rediscover.tools;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CarveCommandTest {
    @TempDir
    Path dir;
    Path core;
    Path labs;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void tree() throws Exception {
        core = dir.resolve("core/src/main");
        labs = dir.resolve("labs/src/main");
        LabSwapTest.write(core, "java/p/Strings.java", LabSwapTest.STRINGS);
        LabSwapTest.write(core, "java/p/Ttl.java", LabSwapTest.TTL);
        LabSwapTest.write(core, "resources/banner.txt", "hello\n");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Carve(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listPrintsLabMethodAndPlace() {
        assertThat(run("list", core.toString())).isZero();
        String c = core.toString();
        assertThat(out()).isEqualTo(
                "03 Strings.get " + c + "/java/p/Strings.java:11\n"
                + "03 Strings.set " + c + "/java/p/Strings.java:17\n"
                + "04 Strings.set " + c + "/java/p/Strings.java:22\n"
                + "04 Ttl.now " + c + "/java/p/Ttl.java:7\n"
                + "04 Ttl.Clock.tick " + c + "/java/p/Ttl.java:12\n");
        assertThat(run("list", c, "3")).isZero();
        assertThat(out().lines()).hasSize(2).allMatch(l -> l.startsWith("03 "));
    }

    @Test
    void checkPassesOnAFreshCarveAndListsEveryDifference() throws Exception {
        assertThat(run("carve", core.toString(), labs.toString())).isZero();
        assertThat(labs.resolve("resources/banner.txt")).hasContent("hello");
        assertThat(run("check", core.toString(), labs.toString())).isZero();
        assertThat(out()).isEmpty();

        Files.writeString(labs.resolve("java/p/Ttl.java"), "// edited\n", java.nio.file.StandardOpenOption.APPEND);
        Files.delete(labs.resolve("resources/banner.txt"));
        LabSwapTest.write(labs, "java/p/Stale.java", "class Stale {}\n");
        assertThat(run("check", core.toString(), labs.toString())).isEqualTo(1);
        assertThat(out()).isEqualTo("differs  " + labs.resolve("java/p/Ttl.java") + "\n"
                + "missing  " + labs.resolve("resources/banner.txt") + "\n"
                + "extra    " + labs.resolve("java/p/Stale.java") + "\n");
        assertThat(err()).contains("3 file(s)").contains("regenerate with: carve");

        assertThat(run("carve", core.toString(), labs.toString())).isZero();
        assertThat(out()).isEqualTo("deleted " + labs.resolve("java/p/Stale.java") + "\n");
        assertThat(run("check", core.toString(), labs.toString())).isZero();
    }

    @Test
    void snapshotSolveAndResetWorkFromTheCommandLine() throws Exception {
        Path snap = dir.resolve("target/snapshot-04");
        assertThat(run("snapshot", core.toString(), snap.toString(), "4")).isZero();
        assertThat(run("carve", core.toString(), labs.toString())).isZero();
        assertThat(run("solve", core.toString(), labs.toString(), "3")).isZero();
        assertThat(out()).startsWith("lab 03: filled in 2 methods in 1 file\n");
        assertThat(LabSwapTest.contents(labs)).isEqualTo(LabSwapTest.contents(snap));
        assertThat(run("reset", core.toString(), labs.toString(), "3")).isZero();
        assertThat(run("check", core.toString(), labs.toString())).isZero();
    }

    @Test
    void refusalsExitOneWithTheReason() throws Exception {
        assertThat(run("carve", core.toString(), labs.toString())).isZero();
        Files.delete(labs.resolve("java/p/Ttl.java"));
        assertThat(run("solve", core.toString(), labs.toString(), "4")).isEqualTo(1);
        assertThat(err()).startsWith("carve: " + labs.resolve("java/p/Ttl.java") + ": file not found");
        assertThat(run("carve", core.toString(), core.resolve("java/out").toString())).isEqualTo(1);
        assertThat(err()).contains("must be outside");
        assertThat(run("carve", dir.resolve("nowhere").toString(), labs.toString())).isEqualTo(1);
        assertThat(err()).contains("not a directory");
    }

    @Test
    void badUsageExitsTwoWithTheUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(run("carve", "only-one")).isEqualTo(2);
        assertThat(err()).contains("expected 2 arguments, got 1").contains("usage:");
        assertThat(run("solve", "a", "b", "x")).isEqualTo(2);
        assertThat(err()).contains("a lab number is 1 or more, not 'x'");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run("help")).isZero();
        assertThat(out()).contains("snapshot <core-src-dir> <out-dir> <N>");
    }
}
