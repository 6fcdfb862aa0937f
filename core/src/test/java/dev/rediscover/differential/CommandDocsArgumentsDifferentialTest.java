/*
 * COMMAND DOCS "arguments" of every command the engine registers, against redis-server's. The
 * summaries are ours (our own words), so only the argument trees are compared: names, types,
 * tokens, flags, key_spec_index and nesting. Redis's per-argument "since" (and 7.2's
 * display_text, summary, deprecated_since) are left out: syntax.txt does not keep them, and
 * redis-cli's hints do not use them.
 */
package dev.rediscover.differential;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class CommandDocsArgumentsDifferentialTest {
    private static final Set<String> IGNORED = Set.of("since", "summary", "deprecated_since", "display_text");
    /** DIFFERENCE: subcommands the engine takes from later Redis versions (7.0.15 has no docs for them). */
    private static final Set<String> LATER_THAN_70 = Set.of("client|no-touch");

    @Test
    void argumentTreesMatchRedis() throws Exception {
        try (RealRedis real = RealRedis.start(); RediscoverServer engine = RediscoverServer.start();
             Jedis r = new Jedis("127.0.0.1", real.port()); Jedis e = new Jedis(engine.host(), engine.port())) {
            List<String> names = new ArrayList<>();
            for (Object n : (List<?>) e.sendCommand(Protocol.Command.COMMAND, "LIST")) names.add(text(n));
            assertThat(names).hasSizeGreaterThan(100);
            List<String> differences = new ArrayList<>();
            for (String name : names) {
                if (LATER_THAN_70.contains(name)) continue;
                String ours = arguments(e, name), theirs = arguments(r, name);
                if (!ours.equals(theirs)) differences.add(name + "\n  engine: " + ours + "\n  redis:  " + theirs);
            }
            assertThat(differences).as("argument trees that differ from redis-server's").isEmpty();
        }
    }

    /** The "arguments" of one command's docs, canonical text; "-" when there are none. */
    private static String arguments(Jedis j, String name) {
        List<?> reply = (List<?>) j.sendCommand(Protocol.Command.COMMAND, "DOCS", name);
        if (reply.size() != 2) return "unknown command";
        List<?> docs = (List<?>) reply.get(1);
        for (int i = 0; i + 1 < docs.size(); i += 2) {
            if (text(docs.get(i)).equals("arguments")) return argList((List<?>) docs.get(i + 1));
        }
        return "-";
    }

    private static String argList(List<?> args) {
        StringBuilder sb = new StringBuilder("[");
        for (Object a : args) {
            List<?> fields = (List<?>) a;
            sb.append('{');
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String key = text(fields.get(i));
                if (IGNORED.contains(key)) continue;
                Object v = fields.get(i + 1);
                sb.append(key).append('=');
                if (key.equals("arguments")) sb.append(argList((List<?>) v));
                else if (v instanceof List<?> l) sb.append(l.stream().map(CommandDocsArgumentsDifferentialTest::text).toList());
                else sb.append(text(v));
                sb.append(' ');
            }
            sb.append("} ");
        }
        return sb.append(']').toString();
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
