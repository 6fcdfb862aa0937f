/*
 * Lab 12, task 2: replay. At start-up the engine reads the AOF back (AofLoader.readCommand) and
 * runs each command as a client with no connection would (AofLoader.replay). A file cut short by
 * a crash loads up to its last whole command; anything else malformed stops the server with the
 * file and the offset named.
 */
package dev.rediscover.lessons.lab12;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

@Order(2)
class AofReplayTest extends AofLab {

    @Test
    @DisplayName("a hand-written AOF loads: strings, lists and hashes, in two databases")
    void handWritten() throws IOException {
        String k = randomKey();
        writeAof(resp(cmd("SELECT", "0"), cmd("SET", k, "hello"), cmd("RPUSH", k + "l", "a", "b", "c"),
                cmd("SELECT", "2"), cmd("HSET", k + "h", "f", "v")));
        start();
        x("the SET was replayed").send("GET", k).expect(bulk("hello"));
        x("the RPUSH too").send("LRANGE", k + "l", "0", "-1").expect("*3\r\n" + bulk("a") + bulk("b") + bulk("c"));
        x("the HSET went to db 2 (replay runs SELECT like any command)").send("SELECT", "2").expect(OK)
                .send("HGET", k + "h", "f").expect(bulk("v"));
    }

    @Test
    @DisplayName("arguments are read by length: empty, CR LF and NUL inside come back as they were")
    void binarySafe() throws IOException {
        String k = randomKey();
        writeAof(resp(cmd("SELECT", "0"), cmd("SET", k, ""), cmd("SET", k + "b", "x\r\ny\0z")));
        start();
        x("$0\\r\\n\\r\\n is an empty argument").send("GET", k).expect(bulk(""));
        x("read exactly <len> bytes, then expect \\r\\n").send("GET", k + "b").expect(bulk("x\r\ny\0z"));
    }

    @Test
    @DisplayName("annotation lines starting with # are skipped")
    void annotations() throws IOException {
        String k = randomKey();
        writeAof(bytes("#TS:1800000000\r\n" + select(0) + command("SET", k, "1") + "#TS:1800000001\r\n" + command("INCR", k)));
        start();
        x("both commands around the annotations ran").send("GET", k).expect(bulk("2"));
    }

    @Test
    @DisplayName("what the engine logged, it replays: every type survives a restart, and replay logs nothing again")
    void roundTrip() throws IOException {
        start();
        String k = randomKey();
        x("writes").send("SET", k, "s").expect(OK).send("RPUSH", k + "l", "a", "b").expect(":2\r\n")
                .send("SADD", k + "s", "m").expect(":1\r\n").send("ZADD", k + "z", "1.5", "m").expect(":1\r\n")
                .send("HSET", k + "h", "f", "v").expect(":1\r\n").send("INCRBYFLOAT", k + "f", "0.5").expect(bulk("0.5"))
                .send("SET", k + "t", "v", "EX", "100").expect(OK);
        String incr = currentIncr();
        long size = Files.size(aofDir().resolve(incr));
        clock.advanceMillis(10_000);
        start();
        x("string").send("GET", k).expect(bulk("s"));
        x("list").send("LRANGE", k + "l", "0", "-1").expect("*2\r\n" + bulk("a") + bulk("b"));
        x("set").send("SISMEMBER", k + "s", "m").expect(":1\r\n");
        x("sorted set").send("ZSCORE", k + "z", "m").expect(bulk("1.5"));
        x("hash").send("HGET", k + "h", "f").expect(bulk("v"));
        x("float").send("GET", k + "f").expect(bulk("0.5"));
        x("the TTL was logged as an absolute time: 10 s later, 90 s remain").send("TTL", k + "t").expect(":90\r\n");
        assertThat(Files.size(aofDir().resolve(incr))).as("replaying must not append the commands again").isEqualTo(size);
    }

    @Test
    @DisplayName("a key whose absolute expiry has passed stays expired after replay")
    void expiredStaysExpired() throws IOException {
        String k = randomKey();
        writeAof(resp(cmd("SELECT", "0"), cmd("SET", k, "v", "PXAT", Long.toString(START - 1)),
                cmd("SET", k + "2", "v", "PXAT", Long.toString(START + 5000))));
        start();
        x("expired before start-up").send("GET", k).expect(NIL);
        x("still has 5 s").send("PTTL", k + "2").expect(":5000\r\n");
    }

    @Test
    @DisplayName("a command cut off at the end is dropped, the rest loads, the file is cut back")
    void truncated() throws IOException {
        String k = randomKey();
        byte[] whole = resp(cmd("SELECT", "0"), cmd("SET", k, "1"));
        writeAof(bytes(text(whole) + "*3\r\n$3\r\nSET\r\n$" + (k.length() + 1) + "\r\n" + k + "2\r\n$5\r\nab"));
        start();
        x("the whole command loaded").send("GET", k).expect(bulk("1"));
        x("the cut one did not").send("EXISTS", k + "2").expect(":0\r\n");
        assertThat(Files.size(aofDir().resolve(INCR))).as("aof-load-truncated yes cuts the file after the last whole command"
                + " (readCommand throws EOFException when the file ends inside a command)").isEqualTo(whole.length);
    }

    @Test
    @DisplayName("the end of the file inside a count (*3 or $5 with no CRLF yet) is a truncation too")
    void truncatedInACount() throws IOException {
        for (String tail : new String[] {"*3", "*3\r\n$3\r", "*3\r\n$"}) {
            String k = randomKey();
            writeAof(bytes(select(0) + command("SET", k, "1") + tail));
            start();
            x("whole command before \"" + tail.replace("\r", "\\r").replace("\n", "\\n") + "\"").send("GET", k).expect(bulk("1"));
            stopServer();
        }
    }

    @Test
    @DisplayName("aof-load-truncated no: a cut-off file stops start-up, naming the file and offset")
    void truncatedRefused() throws IOException {
        byte[] whole = resp(cmd("SELECT", "0"), cmd("SET", randomKey(), "1"));
        writeAof(bytes(text(whole) + "*2\r\n$3\r\nDEL\r\n$4\r\nab"));
        String why = startFailure("--aof-load-truncated", "no");
        assertThat(why).as("the refusal names the file and where its whole part ends")
                .contains(INCR).contains("offset " + whole.length).contains("Unexpected end of file");
    }

    @Test
    @DisplayName("garbage in the middle stops start-up, naming the file and the offset of the bad command")
    void garbage() throws IOException {
        byte[] good = resp(cmd("SELECT", "0"), cmd("SET", randomKey(), "1"));
        writeAof(bytes(text(good) + "*3\r\n$3\r\nSET\r\n$x\r\nk\r\n" + command("SET", "a", "b")));
        String why = startFailure();
        assertThat(why).as("bad(name, start): the offset is where the bad command begins")
                .contains("Bad file format reading the append only file " + INCR).contains("offset " + good.length);
    }

    @Test
    @DisplayName("a line that is not a command (no *) stops start-up")
    void notACommand() throws IOException {
        writeAof(bytes(select(0) + "SET a b\r\n"));
        String why = startFailure();
        assertThat(why).contains("Bad file format").contains("offset " + bytes(select(0)).length);
    }

    @Test
    @DisplayName("an argument not followed by CR LF stops start-up")
    void missingCrlf() throws IOException {
        writeAof(bytes(select(0) + "*3\r\n$3\r\nSET\r\n$1\r\nkXX$1\r\nv\r\n" + command("SET", "c", "d")));
        String why = startFailure();
        assertThat(why).as("after <len> bytes must come \\r\\n").contains("Bad file format").contains("offset " + bytes(select(0)).length);
    }

    @Test
    @DisplayName("an unknown command stops start-up, naming it")
    void unknownCommand() throws IOException {
        writeAof(resp(cmd("SELECT", "0"), cmd("NOSUCHCOMMAND", "x")));
        String why = startFailure();
        assertThat(why).as("replay looks the command up first").contains("Unknown command 'NOSUCHCOMMAND' reading the append only file");
    }

    @Test
    @DisplayName("MULTI whose EXEC never made it to disk: the transaction is dropped")
    void unfinishedTransaction() throws IOException {
        String k = randomKey();
        writeAof(resp(cmd("SELECT", "0"), cmd("SET", k, "before"), cmd("MULTI"), cmd("SET", k, "inside"), cmd("INCR", k + "n")));
        start();
        x("the queued commands never ran: replay must go through the dispatcher's MULTI queueing (process, not call)")
                .send("GET", k).expect(bulk("before")).send("EXISTS", k + "n").expect(":0\r\n");
    }

    @Test
    @DisplayName("a whole MULTI ... EXEC is replayed")
    void wholeTransaction() throws IOException {
        String k = randomKey();
        writeAof(resp(cmd("SELECT", "0"), cmd("MULTI"), cmd("SET", k, "1"), cmd("INCR", k), cmd("EXEC")));
        start();
        x("both ran").send("GET", k).expect(bulk("2"));
    }
}
