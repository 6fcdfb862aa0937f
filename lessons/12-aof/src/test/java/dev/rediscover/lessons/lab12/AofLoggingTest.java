/*
 * Lab 12, task 1: logging. Every change reaches the incr file as the command that makes it, in
 * RESP, after a SELECT when the database changes (CommandBuffer.command, Aof.propagate), written
 * before the reply leaves and fsynced as appendfsync says (Aof.flush).
 */
package dev.rediscover.lessons.lab12;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

@Order(1)
class AofLoggingTest extends AofLab {

    @Test
    @DisplayName("a SET is appended as a RESP array, after SELECT 0")
    void oneSet() throws IOException {
        start();
        String key = randomKey(), value = randomValue();
        x("SET").send("SET", key, value).expect(OK);
        assertFile(currentIncr(), select(0) + command("SET", key, value),
                "the first command of a file is preceded by SELECT 0 (Aof.propagate), then *3\\r\\n$3\\r\\nSET\\r\\n... (CommandBuffer.command)");
    }

    @Test
    @DisplayName("arguments are binary-safe: CR LF, NUL and empty values are written as they are")
    void binarySafe() throws IOException {
        start();
        String key = randomKey();
        String tricky = "a\r\nb\0c";
        x("SET with CR LF and NUL in the value").send("SET", key, tricky).expect(OK);
        x("SET with an empty value").send("SET", key + "e", "").expect(OK);
        assertFile(currentIncr(), select(0) + command("SET", key, tricky) + command("SET", key + "e", ""),
                "write $<length>\\r\\n then the bytes, never scan them for \\r\\n; an empty value is $0\\r\\n\\r\\n");
    }

    @Test
    @DisplayName("counts of more than one digit: 13 arguments and a 1000-byte value")
    void longCommands() throws IOException {
        start();
        String k = randomKey(), big = "x".repeat(1000);
        x("MSET with six pairs").send("MSET", k + 1, "a", k + 2, "b", k + 3, "c", k + 4, "d", k + 5, "e", k + 6, big).expect(OK);
        assertFile(currentIncr(), select(0) + command("MSET", k + 1, "a", k + 2, "b", k + 3, "c", k + 4, "d", k + 5, "e", k + 6, big),
                "*13 and $1000: write the whole decimal number, not one digit");
    }

    @Test
    @DisplayName("SELECT is written only when the database changes")
    void selectWhenDbChanges() throws IOException {
        start();
        String k = randomKey();
        x("SET in db 0").send("SET", k, "0").expect(OK);
        x("SELECT 3").send("SELECT", "3").expect(OK);
        x("two SETs in db 3").send("SET", k, "3").expect(OK).send("SET", k, "33").expect(OK);
        x("back to db 0").send("SELECT", "0").expect(OK).send("SET", k, "00").expect(OK);
        assertFile(currentIncr(), select(0) + command("SET", k, "0") + select(3) + command("SET", k, "3")
                        + command("SET", k, "33") + select(0) + command("SET", k, "00"),
                "remember the database of the last SELECT you wrote (selectedDb); the client's own SELECT is not logged");
    }

    @Test
    @DisplayName("reads, failed commands and writes that change nothing are not logged")
    void onlyChanges() throws IOException {
        start();
        String k = randomKey();
        x("SET").send("SET", k, "1").expect(OK);
        x("GET").send("GET", k).expect(bulk("1"));
        x("DEL of a missing key").send("DEL", randomKey()).expect(":0\r\n");
        x("SET NX of an existing key").send("SET", k, "2", "NX").expect(NIL);
        x("INCR of a non-number").send("SET", k + "s", "abc").expect(OK).send("INCR", k + "s")
                .expect(err("ERR value is not an integer or out of range"));
        assertFile(currentIncr(), select(0) + command("SET", k, "1") + command("SET", k + "s", "abc"),
                "the engine only hands you commands that changed the dataset: log exactly those");
    }

    @Test
    @DisplayName("a transaction is logged between MULTI and EXEC, without its reads")
    void transaction() throws IOException {
        start();
        String k = randomKey();
        x("MULTI SET INCR GET EXEC").send("MULTI").expect(OK).send("SET", k, "1").expect("+QUEUED\r\n")
                .send("INCR", k).expect("+QUEUED\r\n").send("GET", k).expect("+QUEUED\r\n")
                .send("EXEC").expect("*3\r\n+OK\r\n:2\r\n" + bulk("2"));
        assertFile(currentIncr(), select(0) + command("MULTI") + command("SET", k, "1") + command("INCR", k) + command("EXEC"),
                "MULTI and EXEC reach propagate() like any command: write them the same way");
    }

    @Test
    @DisplayName("a relative expiry is logged as an absolute time")
    void absoluteExpiry() throws IOException {
        start();
        String k = randomKey();
        x("SET EX 100").send("SET", k, "v", "EX", "100").expect(OK);
        x("EXPIRE 50").send("EXPIRE", k, "50").expect(":1\r\n");
        assertFile(currentIncr(), select(0) + command("SET", k, "v", "PXAT", Long.toString(START + 100_000))
                        + command("PEXPIREAT", k, Long.toString(START + 50_000)),
                "propagate() receives the rewritten command (SET ... PXAT): write the argv you are given");
    }

    @Test
    @DisplayName("with every appendfsync policy the command is in the file before the reply arrives")
    void writtenBeforeReply() throws IOException {
        for (String policy : new String[] {"no", "everysec", "always"}) {
            start("--appendfsync", policy);
            String k = randomKey();
            for (int i = 0; i < 5; i++) {
                x("SET with appendfsync " + policy).send("SET", k, Integer.toString(i)).expect(OK);
                assertThat(text(read(currentIncr()))).as("appendfsync %s: right after OK #%d the file must hold it"
                        + " (flush writes the buffer in beforeSleep, before replies go out)", policy, i)
                        .endsWith(command("SET", k, Integer.toString(i)));
            }
        }
    }

    @Test
    @DisplayName("appendfsync always: one fsync per loop iteration that wrote something")
    void alwaysFsyncs() throws IOException {
        start("--appendfsync", "always");
        long before = onLoop(s -> s.aof.fsyncs());
        for (int i = 0; i < 5; i++) x("SET").send("SET", randomKey(), "v").expect(OK);
        assertThat(onLoop(s -> s.aof.fsyncs()) - before)
                .as("five writes, each answered before the next was sent: five fsyncs (Aof.flush calls fsyncNow for always)")
                .isEqualTo(5);
        x("GET").send("GET", randomKey()).expect(NIL);
        assertThat(onLoop(s -> s.aof.fsyncs()) - before).as("a read writes nothing, so nothing to fsync").isEqualTo(5);
    }

    @Test
    @DisplayName("appendfsync everysec: at most one fsync a second, from the background thread")
    void everysecFsyncs() throws IOException {
        start("--appendfsync", "everysec");
        long before = onLoop(s -> s.aof.fsyncs());
        x("SET").send("SET", randomKey(), "v").expect(OK);
        assertThat(onLoop(s -> s.aof.fsyncs()) - before).as("no second has passed since the last fsync: none yet").isZero();
        clock.advanceMillis(1000);
        x("SET").send("SET", randomKey(), "v").expect(OK).send("SET", randomKey(), "w").expect(OK);
        assertThat(onLoop(s -> s.aof.fsyncs()) - before)
                .as("a second later, one fsync asked of the background thread (fsyncEverySecond), not two").isEqualTo(1);
    }

    @Test
    @DisplayName("appendfsync no: the engine never fsyncs, the kernel decides")
    void noFsyncs() throws IOException {
        start("--appendfsync", "no");
        long before = onLoop(s -> s.aof.fsyncs());
        clock.advanceMillis(5000);
        for (int i = 0; i < 3; i++) x("SET").send("SET", randomKey(), "v").expect(OK);
        assertThat(text(read(currentIncr()))).as("still written").contains("SET");
        assertThat(onLoop(s -> s.aof.fsyncs()) - before).as("appendfsync no: flush writes and stops there").isZero();
    }

    @Test
    @DisplayName("INFO aof_current_size grows by exactly the bytes written, aof_buffer_length is 0 after the reply")
    void infoSizes() throws IOException {
        start();
        long before = infoField("aof_current_size");
        String k = randomKey();
        x("SET").send("SET", k, "value").expect(OK);
        long written = bytes(select(0) + command("SET", k, "value")).length;
        assertThat(infoField("aof_current_size") - before).as("aof_current_size after one SET (SELECT + SET = %d bytes)", written)
                .isEqualTo(written);
        assertThat(infoField("aof_buffer_length")).as("the buffer is empty once flush wrote it").isZero();
    }

    long infoField(String name) {
        String info = text(x("INFO persistence").send("INFO", "persistence").reply());
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) return Long.parseLong(line.substring(name.length() + 1));
        }
        throw new AssertionError("INFO persistence has no " + name + ":\n" + info);
    }
}
