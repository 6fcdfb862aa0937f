/*
 * Lab 14, task 1: the LFU counter (Lfu.touch, Lfu.logIncr, Lfu.decayed), seen through OBJECT
 * FREQ under allkeys-lfu. No maxmemory is set: nothing is evicted, only counted.
 *
 * With lfu-log-factor 0 every access adds one, so those tests are exact. With a factor above 0
 * the increment is random (the server's generator is not seeded); those tests use bounds
 * computed from the counter's exact distribution: a correct counter falls outside them with a
 * probability below 1e-12, so they cannot flake, and a counter that ignores the factor or
 * climbs linearly lands far outside.
 */
package dev.rediscover.lessons.lab14;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Order(1)   // LabRunner runs the classes in task order
class LfuCounterTest extends EvictLab {
    String key;

    @BeforeEach
    void lfu() {
        config("maxmemory-policy", "allkeys-lfu");
        key = prefix() + "counted";
    }

    /** A key hit `hits` times with factor 0: its counter is exactly 5 + hits. */
    void counted(int hits) {
        config("lfu-log-factor", "0");
        expect("SET under allkeys-lfu: a new object gets its counter from Lfu.touch", OK, "SET", key, "v");
        hit(key, hits, "every read goes through Lfu.touch under an LFU policy");
    }

    @Test
    @DisplayName("a new key starts at 5 (LFU_INIT_VAL), so it is not the first to go")
    void newKeyStartsAtFive() {
        expect("SET", OK, "SET", key, "v");
        assertThat(freq(key, "touch: a new object (never charged: accountedBytes() == 0) starts at Lfu.INIT_VAL"))
                .as("OBJECT FREQ of a key just written").isEqualTo(5);
    }

    @Test
    @DisplayName("lfu-log-factor 0: every access adds one")
    void factorZeroCountsEveryHit() {
        counted(20);
        assertThat(freq(key, "logIncr: p = 1 / ((counter - 5) * factor + 1) is 1 when factor is 0"))
                .as("OBJECT FREQ after SET and 20 reads with lfu-log-factor 0").isEqualTo(25);
    }

    @Test
    @DisplayName("the counter is 8 bits: it stops at 255")
    void saturatesAt255() {
        counted(300);
        assertThat(freq(key, "logIncr: a counter at 255 stays 255")).as("OBJECT FREQ after 300 hits, factor 0").isEqualTo(255);
    }

    @Test
    @DisplayName("lfu-log-factor 10 (the default): 1000 hits make a counter of about 19, not 1005")
    void defaultFactorIsLogarithmic() {
        expect("SET", OK, "SET", key, "v");
        hit(key, 1000, "every read goes through Lfu.touch");
        assertThat(freq(key, "logIncr: increment with probability 1 / ((counter - 5) * lfu-log-factor + 1); "
                + "the counter is not a count"))
                .as("OBJECT FREQ after 1000 hits with factor 10 (mean 19.4; outside 9..38 with p < 1e-12)")
                .isBetween(9L, 38L);
    }

    @Test
    @DisplayName("lfu-log-factor 1 climbs faster: 1000 hits make about 49")
    void smallerFactorClimbsFaster() {
        config("lfu-log-factor", "1");
        expect("SET", OK, "SET", key, "v");
        hit(key, 1000, "every read goes through Lfu.touch");
        assertThat(freq(key, "logIncr must use the configured factor (Lfu.logFactor is passed in as `factor`)"))
                .as("OBJECT FREQ after 1000 hits with factor 1 (mean 49; outside 27..79 with p < 1e-12)")
                .isBetween(27L, 79L);
    }

    @Test
    @DisplayName("lfu-decay-time 1: the counter loses one per minute left alone")
    void decaysOnePerMinute() {
        counted(20);
        clock.advanceMillis(7 * 60_000);
        assertThat(freq(key, "decayed: periods = minutes elapsed since the stamp / decayMinutes; counter - periods"))
                .as("OBJECT FREQ of a counter of 25 after 7 idle minutes").isEqualTo(18);
    }

    @Test
    @DisplayName("lfu-decay-time 3 decays one per 3 minutes; 0 switches decay off")
    void decayTimeIsConfigurable() {
        counted(20);
        config("lfu-decay-time", "3");
        clock.advanceMillis(7 * 60_000);
        assertThat(freq(key, "decayed: 7 minutes are 2 whole periods of 3")).as("after 7 minutes, decay time 3").isEqualTo(23);
        config("lfu-decay-time", "0");
        clock.advanceMillis(60 * 60_000);
        assertThat(freq(key, "decayed: a decay time of 0 means no decay at all (and no division by zero)"))
                .as("after an hour more, decay time 0").isEqualTo(25);
    }

    @Test
    @DisplayName("decay stops at 0, it never goes negative")
    void decayStopsAtZero() {
        counted(20);
        clock.advanceMillis(100 * 60_000);
        assertThat(freq(key, "decayed: more periods than the counter holds give 0")).as("after 100 idle minutes").isZero();
    }

    @Test
    @DisplayName("an access decays first, then counts, then restamps the time")
    void accessDecaysThenCountsThenRestamps() {
        counted(20);                                       // 25
        clock.advanceMillis(10 * 60_000);
        hit(key, 1, "a read after 10 idle minutes");      // 25 - 10 + 1
        assertThat(freq(key, "touch: counter = logIncr(decayed), then lru = (now in minutes << 8) | counter"))
                .as("OBJECT FREQ right after the read").isEqualTo(16);
        clock.advanceMillis(30_000);                       // same minute as the read
        assertThat(freq(key, "touch must restamp the minutes: else the 10 minutes already paid for are charged again"))
                .as("OBJECT FREQ 30 s after the read").isEqualTo(16);
    }

    @Test
    @DisplayName("OBJECT FREQ only looks: reading the counter does not restamp it")
    void objectFreqDoesNotRestamp() {
        counted(20);
        clock.advanceMillis(3 * 60_000);
        assertThat(freq(key, "decayed after 3 minutes")).isEqualTo(22);
        clock.advanceMillis(2 * 60_000);
        assertThat(freq(key, "decrAndReturn (OBJECT FREQ, scoring) computes the decay without storing it"))
                .as("after 5 minutes in all").isEqualTo(20);
    }
}
