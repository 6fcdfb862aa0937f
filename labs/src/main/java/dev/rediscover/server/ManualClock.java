/*
 * A clock that moves only when told to. Tests (and anyone embedding the engine in a test) use it
 * to make keys expire without waiting: clock.advance(Duration.ofSeconds(10)).
 * It is read from the event-loop thread and advanced from a test thread, hence volatile.
 */
package dev.rediscover.server;

import java.time.Duration;

public final class ManualClock implements Clock {
    private volatile long millis;

    public ManualClock(long startMillis) { this.millis = startMillis; }

    public ManualClock() { this(System.currentTimeMillis()); }

    @Override public long millis() { return millis; }

    public void advance(Duration d) { millis += d.toMillis(); }

    public void advanceMillis(long ms) { millis += ms; }

    public void set(long epochMillis) { millis = epochMillis; }
}
