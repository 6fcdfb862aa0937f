/*
 * The referee: every scenario script in src/test/resources/differential/*.redis runs against a
 * real redis-server and the engine, and every reply must match byte for byte (or as the line's
 * directive allows). One dynamic test per script; a failure lists each differing command with
 * both replies.
 *
 * Runs only with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.differential;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class DifferentialScenariosTest {
    private static RealRedis redis;
    private static RediscoverServer engine;

    @BeforeAll
    static void start() throws Exception {
        redis = RealRedis.start();
        engine = RediscoverServer.start("--enable-debug-command", "yes");
    }

    @AfterAll
    static void stop() {
        if (redis != null) redis.close();
        if (engine != null) engine.close();
    }

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/differential").toURI());
        List<Path> scripts;
        try (Stream<Path> s = Files.list(dir)) {
            // -Dscenario=sort,zsets runs only those scripts (a focused run while writing one)
            String only = System.getProperty("scenario", "");
            List<String> wanted = only.isBlank() ? List.of() : List.of(only.split(","));
            scripts = s.filter(p -> p.toString().endsWith(".redis"))
                    .filter(p -> wanted.isEmpty() || wanted.contains(p.getFileName().toString().replace(".redis", "")))
                    .sorted().collect(Collectors.toList());
        }
        assertThat(scripts).as("scenario scripts in " + dir).isNotEmpty();
        return scripts.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> runScript(p)));
    }

    private static void runScript(Path script) throws IOException {
        try (RawClient r = new RawClient(redis.port()); RawClient e = new RawClient(engine.port())) {
            r.call("FLUSHALL");
            e.call("FLUSHALL");
            ScenarioRunner runner = new ScenarioRunner(r, e);
            runner.runScript(script.getFileName().toString(), Files.readString(script, StandardCharsets.UTF_8));
            assertThat(runner.mismatches())
                    .as("replies that differ from redis-server (%d commands compared)", runner.compared())
                    .isEmpty();
        }
    }
}
