/*
 * COMMAND and its subcommands: counts agree with the table, every entry has Redis's ten fields,
 * GETKEYS finds keys from the key positions, DOCS gives the documented fields, and the bare
 * COMMAND runs although COMMAND is also a container of subcommands.
 */
package dev.rediscover.ops;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CommandCommandsTest {
    @Test
    void countAndFullListAgree() {
        try (RediscoverServer redis = RediscoverServer.start(); Jedis jedis = new Jedis(redis.host(), redis.port())) {
            long count = jedis.commandCount();
            int tableSize = redis.onLoop(s -> s.commands.size());
            assertThat(count).isEqualTo(tableSize);
            List<?> all = (List<?>) jedis.sendCommand(Protocol.Command.COMMAND);
            assertThat(all).hasSize((int) count);
            for (Object entry : all) {
                List<?> fields = (List<?>) entry;
                assertThat(fields).hasSize(10);
                assertThat(fields.get(1)).isInstanceOf(Long.class);   // arity
                assertThat((List<?>) fields.get(6)).isNotEmpty();        // at least @slow or @fast
            }
        }
    }

    @Test
    void infoOfOneCommandAndOfSubcommands() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("COMMAND", "INFO", "config|get")).isEqualTo("*1\\r\\n*10\\r\\n$10\\r\\nconfig|get\\r\\n:-3\\r\\n"
                    + "*4\\r\\n+admin\\r\\n+noscript\\r\\n+loading\\r\\n+stale\\r\\n:0\\r\\n:0\\r\\n:0\\r\\n"
                    + "*3\\r\\n+@admin\\r\\n+@slow\\r\\n+@dangerous\\r\\n*0\\r\\n*0\\r\\n*0\\r\\n");
            assertThat(c.callText("COMMAND", "INFO", "nosuch")).isEqualTo("*1\\r\\n$-1\\r\\n");
            String config = c.callText("COMMAND", "INFO", "config");
            assertThat(config).contains("config|set", "config|rewrite", "config|help");
            c.call("HELLO", "3");
            assertThat(c.callText("COMMAND", "INFO", "time")).isEqualTo("*1\\r\\n*10\\r\\n$4\\r\\ntime\\r\\n:1\\r\\n"
                    + "~3\\r\\n+loading\\r\\n+stale\\r\\n+fast\\r\\n:0\\r\\n:0\\r\\n:0\\r\\n~1\\r\\n+@fast\\r\\n"
                    + "~1\\r\\n$23\\r\\nnondeterministic_output\\r\\n~0\\r\\n~0\\r\\n");
        }
    }

    @Test
    void getKeysUsesKeyPositions() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("COMMAND", "GETKEYS", "GET", "somekey")).isEqualTo("*1\\r\\n$7\\r\\nsomekey\\r\\n");
            assertThat(c.callText("COMMAND", "GETKEYS", "MEMORY", "USAGE", "k1")).isEqualTo("*1\\r\\n$2\\r\\nk1\\r\\n");
            assertThat(c.callText("COMMAND", "GETKEYSANDFLAGS", "GET", "k")).isEqualTo("*1\\r\\n*2\\r\\n$1\\r\\nk\\r\\n*2\\r\\n+RO\\r\\n+access\\r\\n");
            assertThat(c.callText("COMMAND", "GETKEYS", "PING", "x")).isEqualTo("-ERR The command has no key arguments\\r\\n");
            assertThat(c.callText("COMMAND", "GETKEYS", "GET", "a", "b")).isEqualTo("-ERR Invalid number of arguments specified for command\\r\\n");
        }
    }

    @Test
    void docsAndList() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            String docs = c.callText("COMMAND", "DOCS", "config");
            assertThat(docs).startsWith("*2\\r\\n$6\\r\\nconfig\\r\\n*10\\r\\n$7\\r\\nsummary\\r\\n")
                    .contains("$5\\r\\nsince\\r\\n$5\\r\\n2.0.0\\r\\n$5\\r\\ngroup\\r\\n$6\\r\\nserver\\r\\n", "subcommands", "config|get");
            assertThat(c.callText("COMMAND", "DOCS", "nosuch")).isEqualTo("*0\\r\\n");
            assertThat(c.callText("COMMAND", "LIST", "FILTERBY", "PATTERN", "config|[gs]et"))
                    .isEqualTo("*2\\r\\n$10\\r\\nconfig|get\\r\\n$10\\r\\nconfig|set\\r\\n");
            assertThat(c.callText("COMMAND", "LIST", "FILTERBY", "ACLCAT", "connection")).contains("$4\\r\\nping\\r\\n").doesNotContain("config");
        }
    }

    @Test
    void infoShowsEveryKeySpecWithItsOwnFlags() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            String copy = c.callText("COMMAND", "INFO", "copy");
            assertThat(copy).contains(":1\\r\\n:2\\r\\n:1\\r\\n")                        // legacy first, last, step
                    .contains("*2\\r\\n+RO\\r\\n+access\\r\\n", "*2\\r\\n+OW\\r\\n+update\\r\\n");
            assertThat(c.callText("COMMAND", "INFO", "set")).contains("$5\\r\\nnotes\\r\\n", "+variable_flags\\r\\n");
            assertThat(c.callText("COMMAND", "GETKEYSANDFLAGS", "RENAME", "a", "b")).isEqualTo("*2\\r\\n"
                    + "*2\\r\\n$1\\r\\na\\r\\n*3\\r\\n+RW\\r\\n+access\\r\\n+delete\\r\\n"
                    + "*2\\r\\n$1\\r\\nb\\r\\n*2\\r\\n+OW\\r\\n+update\\r\\n");
            assertThat(c.callText("COMMAND", "GETKEYS", "BITOP", "AND", "d", "x", "y")).isEqualTo("*3\\r\\n$1\\r\\nd\\r\\n$1\\r\\nx\\r\\n$1\\r\\ny\\r\\n");
            assertThat(c.callText("COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v", "GET")).endsWith("*3\\r\\n+RW\\r\\n+access\\r\\n+update\\r\\n");
            assertThat(c.callText("COMMAND", "GETKEYSANDFLAGS", "SET", "k", "v")).endsWith("*2\\r\\n+OW\\r\\n+update\\r\\n");
        }
    }

    @Test
    void docsShowDeprecationAndDocFlags() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            String getset = c.callText("COMMAND", "DOCS", "getset");
            // 8 fields: the 4 always sent, doc_flags, deprecated_since, replaced_by, arguments
            assertThat(getset).startsWith("*2\\r\\n$6\\r\\ngetset\\r\\n*16\\r\\n$7\\r\\nsummary\\r\\n")
                    .contains("$10\\r\\ncomplexity\\r\\n$4\\r\\nO(1)\\r\\n$9\\r\\ndoc_flags\\r\\n*1\\r\\n+deprecated\\r\\n"
                            + "$16\\r\\ndeprecated_since\\r\\n$5\\r\\n6.2.0\\r\\n$11\\r\\nreplaced_by\\r\\n$30\\r\\n`SET` with the `!GET` argument\\r\\n$9\\r\\narguments\\r\\n");
            assertThat(c.callText("COMMAND", "DOCS", "debug")).contains("$9\\r\\ndoc_flags\\r\\n*1\\r\\n+syscmd\\r\\n");
            assertThat(c.callText("COMMAND", "DOCS", "get")).doesNotContain("doc_flags").contains("*10\\r\\n$7\\r\\nsummary");
        }
    }
}
