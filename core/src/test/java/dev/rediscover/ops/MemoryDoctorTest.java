/*
 * MEMORY DOCTOR's three shapes (too little data, all clear, findings), each finding driven by
 * figures given to MemoryDoctor.findings (no dependence on the test JVM's real heap), and
 * MEMORY MALLOC-STATS' JVM report.
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryDoctorTest {
    private static final long MB = 1024 * 1024;

    @Test
    void anEmptyInstanceIsTooSmallToJudge() {
        try (RediscoverServer redis = RediscoverServer.start(); Jedis jedis = new Jedis(redis.host(), redis.port())) {
            String doctor = new String((byte[]) jedis.sendCommand(() -> "MEMORY".getBytes(), "DOCTOR"));
            assertThat(doctor).startsWith("This instance holds very little data");
            String malloc = new String((byte[]) jedis.sendCommand(() -> "MEMORY".getBytes(), "MALLOC-STATS"));
            assertThat(malloc).contains("heap.used: ").contains("heap.max: ").contains("Garbage collectors:")
                    .contains("used_memory: ");
        }
    }

    @Test
    void healthyFiguresGiveTheAllClear() {
        String r = MemoryDoctor.findings(100 * MB, 120 * MB, 50_000, 2, 300 * MB, 1024 * MB, 0);
        assertThat(r).startsWith("No memory problem found");
    }

    @Test
    void eachFindingHasItsOwnTrigger() {
        String peak = MemoryDoctor.findings(100 * MB, 151 * MB, 0, 0, 300 * MB, 1024 * MB, 0);
        assertThat(peak).startsWith("A few things").contains("Peak use").doesNotContain("Client buffers");
        String clients = MemoryDoctor.findings(100 * MB, 100 * MB, 3 * 300 * 1024, 3, 300 * MB, 1024 * MB, 0);
        assertThat(clients).contains("Client buffers are large: 300.00K per client").doesNotContain("Peak use");
        String heap = MemoryDoctor.findings(100 * MB, 100 * MB, 0, 0, 950 * MB, 1000 * MB, 0);
        assertThat(heap).contains("heap is nearly full");
        String maxmemory = MemoryDoctor.findings(100 * MB, 100 * MB, 0, 0, 300 * MB, 1024 * MB, 2048 * MB);
        assertThat(maxmemory).contains("maxmemory (2.00G) is more than the JVM heap");
    }
}
