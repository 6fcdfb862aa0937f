/*
 * Lab 08, task 4: keyspace notifications. With CONFIG SET notify-keyspace-events, every command's
 * events become messages on __keyspace@<db>__:<key> (payload: the event) and
 * __keyevent@<db>__:<event> (payload: the key). KeyspaceNotifications.publishEvent and channel.
 *
 * Nothing-arrived checks use a marker: the subscriber also listens on a marker channel, and the
 * test publishes to it last. If an event had been published, it would arrive before the marker.
 */
package dev.rediscover.lessons.lab08;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;

@Order(4)   // LabRunner runs the classes in task order
class KeyspaceEventsTest extends PubSubLab {
    static final String ALL = "__key*__:*";

    /** A subscriber on every keyspace/keyevent channel plus a marker channel. */
    RawClient watcher(String marker) throws IOException {
        RawClient w = connect();
        psubscribe(w, ALL, 1);
        subscribe(w, marker, 2);
        return w;
    }

    void config(String flags) {
        x("CONFIG SET notify-keyspace-events takes the event letters").send("CONFIG", "SET", "notify-keyspace-events", flags).expect(OK);
    }

    /** Publish the marker and expect it next: no event came before it. */
    void expectNothingMore(RawClient w, String marker, String hint) {
        publish(client, marker, "end", 1, "");
        on(w, hint).expect(message(marker, "end"));
    }

    @Test
    @DisplayName("with notify-keyspace-events empty (the default) no event is published")
    void offByDefault() throws IOException {
        String marker = randomChannel(), key = randomChannel();
        var w = watcher(marker);
        x("").send("SET", key, "v").expect(OK).send("DEL", key).expect(num(1));
        expectNothingMore(w, marker, "with no flags set, no keyspace message may be published");
    }

    @Test
    @DisplayName("KEA: SET publishes on __keyspace@0__:<key> and on __keyevent@0__:set")
    void setBothChannels() throws IOException {
        String marker = randomChannel(), key = "k:" + randomPayload();
        var w = watcher(marker);
        config("KEA");
        x("").send("SET", key, "v").expect(OK);
        on(w, "K: channel __keyspace@<db>__:<key>, message = the event name, published first")
                .expect(pmessage(ALL, "__keyspace@0__:" + key, "set"));
        on(w, "E: channel __keyevent@<db>__:<event>, message = the key")
                .expect(pmessage(ALL, "__keyevent@0__:set", key));
        expectNothingMore(w, marker, "one SET is one event: exactly two messages");
    }

    @Test
    @DisplayName("only the classes switched on are published: Kg sends DEL but not SET")
    void classesFilter() throws IOException {
        String marker = randomChannel(), key = "k:" + randomPayload();
        var w = watcher(marker);
        config("Kg");
        x("").send("SET", key, "v").expect(OK).send("DEL", key).expect(num(1));
        on(w, "g (generic) covers DEL; $ (strings) is off, so SET publishes nothing; E is off, so no keyevent channel")
                .expect(pmessage(ALL, "__keyspace@0__:" + key, "del"));
        expectNothingMore(w, marker, "only K was on: no __keyevent@ message");
    }

    @Test
    @DisplayName("El: LPUSH is announced on __keyevent@0__:lpush")
    void listEvent() throws IOException {
        String marker = randomChannel(), key = "l:" + randomPayload();
        var w = watcher(marker);
        config("El");
        x("").send("LPUSH", key, "a", "b").expect(num(2));
        on(w, "one LPUSH with two elements is one lpush event").expect(pmessage(ALL, "__keyevent@0__:lpush", key));
        expectNothingMore(w, marker, "");
    }

    @Test
    @DisplayName("the channel carries the database number: SELECT 3 gives __keyspace@3__")
    void databaseNumber() throws IOException {
        String marker = randomChannel(), key = "k:" + randomPayload();
        var w = watcher(marker);
        config("K$");
        x("").send("SELECT", "3").expect(OK).send("SET", key, "v").expect(OK);
        on(w, "the db in the channel name is the database the command ran in").expect(pmessage(ALL, "__keyspace@3__:" + key, "set"));
    }

    @Test
    @DisplayName("Ex: a key that expires publishes __keyevent@0__:expired (ManualClock)")
    void expiredEvent() throws IOException {
        String marker = randomChannel(), key = "e:" + randomPayload();
        var w = watcher(marker);
        config("Ex");
        x("").send("SET", key, "v", "PX", "100").expect(OK);
        clock.advance(java.time.Duration.ofMillis(101));
        x("reading an expired key deletes it (lab 04) and that deletion is announced").send("GET", key).expect("$-1\r\n");
        on(w, "x (expired) events come from the expiry code, not from a command").expect(pmessage(ALL, "__keyevent@0__:expired", key));
    }

    @Test
    @DisplayName("a binary key arrives intact in both channel and message")
    void binaryKey() throws IOException {
        String marker = randomChannel();
        var w = watcher(marker);
        config("KE$");
        byte[] key = {'b', 0, (byte) 0xfe, '\n'};
        on(client, "").send("SET".getBytes(), key, "v".getBytes()).expect(OK);
        String k = new String(key, java.nio.charset.StandardCharsets.ISO_8859_1);
        String pre = "*4\r\n" + bulk("pmessage") + bulk(ALL);
        on(w, "the key is bytes: build channel names with arrays, never through a String")
                .expect((pre + "$19\r\n__keyspace@0__:" + k + "\r\n" + bulk("set")).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
                .expect((pre + bulk("__keyevent@0__:set") + "$4\r\n" + k + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
