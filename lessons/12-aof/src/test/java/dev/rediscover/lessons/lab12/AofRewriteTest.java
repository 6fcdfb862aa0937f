/*
 * Lab 12, task 3: the rewrite. BGREWRITEAOF writes the dataset as a new base file, one key at a
 * time as the fewest commands that rebuild it (RewriteSinks.rewriteKey), starts a new empty incr
 * file, and the old files go. After a restart the data is the same.
 */
package dev.rediscover.lessons.lab12;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Order(3)
class AofRewriteTest extends AofLab {
    static final String STARTED = "+Background append only file rewriting started\r\n";

    void rewrite() {
        x("BGREWRITEAOF answers at once; the rewrite then runs in the background").send("BGREWRITEAOF").expect(STARTED);
        awaitRewriteDone();
    }

    /** Poll INFO persistence, with a deadline, until aof_rewrite_in_progress:0. */
    void awaitRewriteDone() {
        long deadline = System.nanoTime() + 20_000_000_000L;
        try {
            while (new String(client.call("INFO", "persistence"), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("aof_rewrite_in_progress:1")) {
                assertThat(System.nanoTime()).as("the background rewrite did not finish within 20 s").isLessThan(deadline);
                Thread.sleep(2);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The commands of the base file after a rewrite, minus the leading SELECT. */
    List<String> base() throws IOException {
        return commands(read(currentBase()));
    }

    @Test
    @DisplayName("a string becomes one SET; the new base and incr files replace the old ones")
    void string() throws IOException {
        start();
        String k = randomKey();
        x("SET, then overwrite it twice").send("SET", k, "a").expect(OK).send("SET", k, "b").expect(OK).send("APPEND", k, "c").expect(":2\r\n");
        rewrite();
        assertThat(currentBase()).as("the manifest names the new base").isEqualTo("appendonly.aof.2.base.aof");
        assertFile(currentBase(), select(0) + command("SET", k, "bc"), "a string is SET key value (StringValues.bytes gives the value)");
        assertThat(read(currentIncr())).as("the new incr file starts empty").isEmpty();
        assertThat(Files.exists(aofDir().resolve(INCR))).as("the old incr file is deleted").isFalse();
    }

    @Test
    @DisplayName("a number stored as an integer is written as its digits")
    void integer() throws IOException {
        start();
        String k = randomKey();
        x("SET 41, INCR").send("SET", k, "41").expect(OK).send("INCR", k).expect(":42\r\n");
        rewrite();
        assertThat(base()).containsExactly("SELECT 0", "SET " + k + " 42");
    }

    @Test
    @DisplayName("a list is RPUSH in batches of at most 64 elements, in order")
    void listBatches() throws IOException {
        start();
        String k = randomKey();
        List<String> words = new ArrayList<>(List.of("RPUSH", k));
        for (int i = 0; i < 130; i++) words.add("e" + i);
        x("RPUSH 130 elements").send(words.toArray(new String[0])).expect(":130\r\n");
        rewrite();
        List<String> cmds = base();
        assertThat(cmds).as("SELECT, then 64 + 64 + 2 elements (RewriteSinks.ITEMS_PER_CMD)").hasSize(4);
        assertThat(cmds.get(1)).startsWith("RPUSH " + k + " e0 e1 ").endsWith(" e63");
        assertThat(cmds.get(2)).startsWith("RPUSH " + k + " e64 ").endsWith(" e127");
        assertThat(cmds.get(3)).isEqualTo("RPUSH " + k + " e128 e129");
    }

    @Test
    @DisplayName("a set is SADD, a hash HMSET field value..., a sorted set ZADD score member...")
    void collections() throws IOException {
        start();
        String k = randomKey();
        x("SADD").send("SADD", k + "s", "x", "y", "z").expect(":3\r\n");
        x("HSET").send("HSET", k + "h", "f1", "v1", "f2", "v2").expect(":2\r\n");
        x("ZADD").send("ZADD", k + "z", "1.5", "a", "-2", "b").expect(":2\r\n");
        rewrite();
        List<String> cmds = base();
        assertThat(cmds).filteredOn(c -> c.startsWith("SADD ")).singleElement().satisfies(c ->
                assertThat(List.of(c.split(" "))).containsExactlyInAnyOrder("SADD", k + "s", "x", "y", "z"));
        assertThat(cmds).filteredOn(c -> c.startsWith("HMSET ")).singleElement().satisfies(c ->
                assertThat(c).as("HMSET key f1 v1 f2 v2 (pairs stay together)").isIn(
                        "HMSET " + k + "h f1 v1 f2 v2", "HMSET " + k + "h f2 v2 f1 v1"));
        assertThat(cmds).as("ZADD key score member ..., lowest score first, scores as Redis prints them")
                .contains("ZADD " + k + "z -2 b 1.5 a");
    }

    @Test
    @DisplayName("a TTL follows its key as PEXPIREAT with the absolute time")
    void ttl() throws IOException {
        start();
        String k = randomKey();
        x("SET PX 5000").send("SET", k, "v", "PX", "5000").expect(OK);
        x("RPUSH, EXPIRE 60").send("RPUSH", k + "l", "a").expect(":1\r\n").send("EXPIRE", k + "l", "60").expect(":1\r\n");
        rewrite();
        assertThat(base()).contains("SET " + k + " v", "PEXPIREAT " + k + " " + (START + 5000),
                "PEXPIREAT " + k + "l " + (START + 60_000));
        assertThat(base()).as("PEXPIREAT comes right after the key's own commands")
                .containsSubsequence("SET " + k + " v", "PEXPIREAT " + k + " " + (START + 5000));
    }

    @Test
    @DisplayName("keys of several databases each come after their SELECT")
    void databases() throws IOException {
        start();
        String k = randomKey();
        x("SET in db 0, 4").send("SET", k, "0").expect(OK).send("SELECT", "4").expect(OK).send("SET", k, "4").expect(OK);
        rewrite();
        assertThat(base()).containsExactly("SELECT 0", "SET " + k + " 0", "SELECT 4", "SET " + k + " 4");
    }

    @Test
    @DisplayName("a hundred INCRs shrink to one SET")
    void shrinks() throws IOException {
        start();
        String k = randomKey();
        for (int i = 1; i <= 100; i++) x("INCR").send("INCR", k).expect(":" + i + "\r\n");
        long before = Files.size(aofDir().resolve(currentIncr()));
        rewrite();
        assertThat(base()).containsExactly("SELECT 0", "SET " + k + " 100");
        assertThat(Files.size(aofDir().resolve(currentBase()))).as("the rewritten base is smaller than the log it replaces").isLessThan(before);
    }

    @Test
    @DisplayName("after a rewrite and more writes, a restart finds every type as it was")
    void restartAfterRewrite() throws IOException {
        start();
        String k = randomKey();
        x("one of each").send("SET", k, "s").expect(OK).send("RPUSH", k + "l", "a", "b").expect(":2\r\n")
                .send("SADD", k + "s", "1", "2").expect(":2\r\n").send("HSET", k + "h", "f", "v").expect(":1\r\n")
                .send("ZADD", k + "z", "3", "m").expect(":1\r\n").send("XADD", k + "x", "1-1", "f", "v").expect(bulk("1-1"))
                .send("SET", k + "t", "v", "EX", "100").expect(OK);
        rewrite();
        x("a write after the rewrite goes to the new incr file").send("LPUSH", k + "l", "first").expect(":3\r\n");
        start();
        x("string").send("GET", k).expect(bulk("s"));
        x("list: base plus incr").send("LRANGE", k + "l", "0", "-1").expect("*3\r\n" + bulk("first") + bulk("a") + bulk("b"));
        x("set").send("SCARD", k + "s").expect(":2\r\n");
        x("hash").send("HGET", k + "h", "f").expect(bulk("v"));
        x("sorted set").send("ZSCORE", k + "z", "m").expect(bulk("3"));
        x("stream").send("XLEN", k + "x").expect(":1\r\n");
        x("TTL kept").send("TTL", k + "t").expect(":100\r\n");
    }
}
