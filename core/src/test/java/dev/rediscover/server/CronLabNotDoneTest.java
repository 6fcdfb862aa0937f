/*
 * In a learner's labs/, a periodic job can run into a lab method that is still a stub. The cron
 * (Server.runJob) must log that once per method, not hz times a second, and keep running the
 * other jobs.
 */
package dev.rediscover.server;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.lab.LabNotDone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class CronLabNotDoneTest {
    @Test
    void aStubbedCronJobIsLoggedOnceAndTheOthersStillRun(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        CountDownLatch laterJobRuns = new CountDownLatch(5);
        try (RediscoverServer redis = RediscoverServer.start("--hz", "100")) {
            redis.onLoop(s -> {
                try {
                    s.log.setFile(log.toString());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                s.onCron(() -> { throw new LabNotDone(4, "ActiveExpire.runCycle"); });
                s.onCron(laterJobRuns::countDown);
                return null;
            });
            assertThat(laterJobRuns.await(10, TimeUnit.SECONDS)).as("the job after the stubbed one still runs").isTrue();
        }
        assertThat(Files.readAllLines(log))
                .filteredOn(l -> l.contains("ActiveExpire.runCycle"))
                .hasSize(1)
                .allMatch(l -> l.contains("lab 04 is not done yet"));
    }
}
