/*
 * Where the engine gets the time. Everything time-dependent (expiry, idle times, INFO uptime)
 * asks this clock, never System.currentTimeMillis() directly, so tests can drive time instead of
 * sleeping: set a key with a 10 second TTL, advance the clock by 10 seconds, and it is gone.
 */
package dev.rediscover.server;

public interface Clock {
    /** Wall-clock milliseconds since the Unix epoch (Redis: mstime()). */
    long millis();

    /** Microseconds since the epoch, for TIME and SLOWLOG (Redis: ustime()). */
    default long micros() { return millis() * 1000; }

    /** The real clock. */
    Clock SYSTEM = new Clock() {
        @Override public long millis() { return System.currentTimeMillis(); }

        @Override public long micros() {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        }
    };
}
