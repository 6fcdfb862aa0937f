/*
 * Runs a seeded random command sequence on a real redis-server and on the engine and collects the
 * replies that differ. Each family's test supplies a generator (random commands over a few keys
 * and a small alphabet, so commands collide and interact); this class supplies the loop, the
 * FLUSHALL before it, and the failure message that names the seed and the step, so a failing
 * sequence can be replayed by running that seed again.
 */
package dev.rediscover.differential;

import dev.rediscover.testing.RawClient;

import java.io.IOException;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

final class RandomSequence {
    private RandomSequence() {}

    /** One generated line (with an optional ScenarioRunner directive) per call. */
    interface Generator extends Function<SplittableRandom, String> {}

    static void run(int redisPort, int enginePort, long seed, int steps, Generator gen) throws IOException {
        try (RawClient r = new RawClient(redisPort); RawClient e = new RawClient(enginePort)) {
            r.call("FLUSHALL");
            e.call("FLUSHALL");
            ScenarioRunner runner = new ScenarioRunner(r, e);
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = 0; i < steps; i++) {
                runner.runLine("seed " + seed + " step " + i, gen.apply(rnd));
            }
            assertThat(runner.mismatches()).as("seed %d, %d commands compared", seed, runner.compared()).isEmpty();
        }
    }
}
