/*
 * Keyspace events of the stream commands, in the order redis-server 7.0 sends them for the same
 * script (checked by hand with redis-cli PSUBSCRIBE): xadd, xtrim, xdel, xsetid, the xgroup-*
 * events (XREADGROUP, XCLAIM and XAUTOCLAIM announce the consumers they create), no event for
 * XCLAIM itself, and no xadd for XGROUP CREATE MKSTREAM.
 */
package dev.rediscover.stream;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamNotificationsTest {

    @Test
    void eventsMatchRedis() throws Exception {
        try (RediscoverServer server = RediscoverServer.start();
             RawClient sub = new RawClient(server.port());
             RawClient c = new RawClient(server.port())) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "KEA");
            sub.call("PSUBSCRIBE", "__keyevent@0__:*");
            String[][] script = {
                {"XADD", "s", "MAXLEN", "1", "1-0", "a", "b"}, {"XADD", "s", "MAXLEN", "1", "2-0", "a", "b"},
                {"XDEL", "s", "2-0"}, {"XADD", "s", "3-0", "a", "b"}, {"XTRIM", "s", "MAXLEN", "0"},
                {"XSETID", "s", "10-0"}, {"XGROUP", "CREATE", "s", "g", "$"}, {"XGROUP", "CREATECONSUMER", "s", "g", "c"},
                {"XADD", "s", "11-0", "a", "b"}, {"XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"},
                {"XCLAIM", "s", "g", "c3", "0", "11-0"}, {"XAUTOCLAIM", "s", "g", "c4", "0", "0"},
                {"XGROUP", "SETID", "s", "g", "0"}, {"XGROUP", "DELCONSUMER", "s", "g", "c"},
                {"XGROUP", "DESTROY", "s", "g"}, {"XGROUP", "CREATE", "s2", "g", "$", "MKSTREAM"}, {"DEL", "s"}};
            for (String[] cmd : script) c.call(cmd);
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 18; i++) {
                String msg = sub.readText();
                int at = msg.indexOf("__:", msg.indexOf("__:*") + 4) + 3;   // the channel, after the pattern
                events.add(msg.substring(at, msg.indexOf("\\r\\n", at)));
            }
            assertThat(events).containsExactly("xadd", "xadd", "xtrim", "xdel", "xadd", "xtrim", "xsetid",
                    "xgroup-create", "xgroup-createconsumer", "xadd", "xgroup-createconsumer", "xgroup-createconsumer",
                    "xgroup-createconsumer", "xgroup-setid", "xgroup-delconsumer", "xgroup-destroy", "xgroup-create", "del");
        }
    }
}
