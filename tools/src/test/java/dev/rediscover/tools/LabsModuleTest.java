/*
 * The labs module as a whole: `labs` carves src/main and derives labs/pom.xml from core's, and
 * `check-labs` notices a pom or a tree that is not what the tool would make.
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabsModuleTest {
    static final String CORE_POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!--
              The reference engine.
            -->
            <project>
              <parent>
                <groupId>dev.rediscover</groupId>
                <artifactId>rediscover-parent</artifactId>
              </parent>
              <artifactId>rediscover-core</artifactId>
              <name>Rediscover engine</name>
              <build>
                <finalName>rediscover</finalName>
              </build>
            </project>
            """;

    @TempDir
    Path dir;
    Path core;
    Path labs;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void modules() throws Exception {
        core = dir.resolve("core");
        labs = dir.resolve("labs");
        LabSwapTest.write(core.resolve("src/main"), "java/p/Strings.java", LabSwapTest.STRINGS);
        Files.writeString(core.resolve("pom.xml"), CORE_POM);
    }

    private int run(String... args) {
        out.reset();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new Carve(o, o).run(args);
    }

    @Test
    void derivesThePomFromCores() throws Exception {
        String pom = LabsPom.derive(CORE_POM);
        assertThat(pom)
                .contains("<artifactId>rediscover-parent</artifactId>", "<artifactId>rediscover-labs</artifactId>",
                        "<finalName>rediscover-labs</finalName>", "GENERATED from core/pom.xml")
                .doesNotContain("rediscover-core", "The reference engine.", "<finalName>rediscover</finalName>");
    }

    @Test
    void labsWritesTreeAndPomAndCheckLabsAgrees() throws Exception {
        assertThat(run("labs", core.toString(), labs.toString())).isZero();
        assertThat(labs.resolve("src/main/java/p/Strings.java")).content().contains("throw new LabNotDone(3, \"Strings.get\")");
        assertThat(labs.resolve("pom.xml")).content().isEqualTo(LabsPom.derive(CORE_POM));
        assertThat(run("check-labs", core.toString(), labs.toString())).isZero();
    }

    @Test
    void checkLabsFailsOnAHandEditedPom() throws Exception {
        run("labs", core.toString(), labs.toString());
        Files.writeString(labs.resolve("pom.xml"), Files.readString(labs.resolve("pom.xml")) + "<!-- edited -->\n");
        assertThat(run("check-labs", core.toString(), labs.toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("differs  " + labs.resolve("pom.xml"));
    }

    @Test
    void refusesACorePomOfAnotherShape() {
        assertThatThrownBy(() -> LabsPom.derive(CORE_POM.replace("<finalName>rediscover</finalName>", "")))
                .isInstanceOf(CarveException.class)
                .hasMessageContaining("finalName");
    }

    /** The book includes code from core/ by AsciiDoc tags; carving must keep them outside bodies. */
    @Test
    void asciidocTagsOutsideABodyStayAndInsideVanish() throws Exception {
        String core = """
                package p;

                import dev.rediscover.lab.Lab;

                class Reader {
                    // tag::header[]
                    @Lab(1)
                    boolean header() {
                        // tag::inside[]
                        return true;
                        // end::inside[]
                    }
                    // end::header[]
                }
                """;
        String carved = Carver.carveFile("p/Reader.java", core, 1);
        assertThat(carved).contains("    // tag::header[]\n    @Lab(1)", "    }\n    // end::header[]\n")
                .doesNotContain("tag::inside[]", "end::inside[]")
                .contains("throw new LabNotDone(1, \"Reader.header\");");
    }
}
