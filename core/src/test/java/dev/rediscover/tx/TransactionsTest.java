/*
 * MULTI/EXEC/DISCARD/WATCH/UNWATCH end to end: through Jedis's Transaction, and byte for byte
 * with RawClient where the exact reply matters (QUEUED, EXECABORT, the null array of a failed
 * EXEC in RESP2 and RESP3, a whole transaction pipelined in one write). Also: blocking commands
 * inside a transaction, waiters served only after the whole EXEC, RESET and disconnection
 * ending the transaction and the watches, and CLIENT LIST's multi= field and x/d flags.
 */
package dev.rediscover.tx;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionsTest {
    private RediscoverServer server;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() { server = RediscoverServer.start(); }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) c.close();
        server.close();
    }

    private RawClient raw() throws IOException {
        RawClient c = new RawClient(server.port());
        open.add(c);
        return c;
    }

    private Jedis jedis() {
        Jedis j = new Jedis(server.host(), server.port());
        open.add(j);
        return j;
    }

    private static String key() { return "tx:" + UUID.randomUUID(); }

    private int watchedOnServer() {
        Integer n = server.onLoop(s -> s.watches.size());
        return n;
    }

    // ---------------------------------------------------------------- Jedis

    @Test
    void jedisTransactionRunsQueuedCommandsInOrder() {
        Jedis j = jedis();
        String k = key(), l = key();
        Transaction t = j.multi();
        t.set(k, "41");
        t.incr(k);
        t.rpush(l, "a", "b");
        t.lrange(l, 0, -1);
        List<Object> replies = t.exec();
        assertThat(replies).hasSize(4);
        assertThat(replies.get(1)).isEqualTo(42L);
        assertThat(replies.get(2)).isEqualTo(2L);
        assertThat(j.get(k)).isEqualTo("42");
    }

    @Test
    void runtimeErrorsArePerCommandAndNothingIsRolledBack() {
        Jedis j = jedis();
        String k = key(), s = key();
        j.set(s, "not a number");
        Transaction t = j.multi();
        t.set(k, "v");
        t.incr(s);
        t.lpush(s, "x");
        t.append(k, "w");
        List<Object> replies = t.exec();
        assertThat(replies.get(1)).isInstanceOf(JedisDataException.class);
        assertThat(((JedisDataException) replies.get(1)).getMessage()).isEqualTo("ERR value is not an integer or out of range");
        assertThat(((JedisDataException) replies.get(2)).getMessage()).startsWith("WRONGTYPE");
        assertThat(replies.get(3)).isEqualTo(2L);
        assertThat(j.get(k)).isEqualTo("vw");
    }

    @Test
    void watchedKeyWrittenByAnotherClientAbortsExec() {
        Jedis a = jedis(), b = jedis();
        String k = key();
        a.set(k, "1");
        a.watch(k);
        b.set(k, "2");
        Transaction t = a.multi();
        t.set(k, "3");
        assertThat(t.exec()).isNull();
        assertThat(a.get(k)).isEqualTo("2");
        assertThat(watchedOnServer()).isZero();
    }

    @Test
    void discardDropsTheQueue() {
        Jedis j = jedis();
        String k = key();
        Transaction t = j.multi();
        t.set(k, "v");
        t.discard();
        assertThat(j.exists(k)).isFalse();
    }

    // ---------------------------------------------------------------- raw replies

    @Test
    void queuedCommandsAnswerQueuedAndExecAnswersTheArray() throws Exception {
        RawClient c = raw();
        String k = key();
        assertThat(c.callText("MULTI")).isEqualTo("+OK\\r\\n");
        assertThat(c.callText("SET", k, "v")).isEqualTo("+QUEUED\\r\\n");
        assertThat(c.callText("GET", k)).isEqualTo("+QUEUED\\r\\n");
        assertThat(c.callText("EXEC")).isEqualTo("*2\\r\\n+OK\\r\\n$1\\r\\nv\\r\\n");
        assertThat(c.callText("EXEC")).isEqualTo("-ERR EXEC without MULTI\\r\\n");
        assertThat(c.callText("DISCARD")).isEqualTo("-ERR DISCARD without MULTI\\r\\n");
    }

    @Test
    void binaryArgumentsSurviveTheQueue() throws Exception {
        RawClient c = raw();
        byte[] k = {'t', 0, (byte) 0xff, '\r', '\n'};
        byte[] v = {0, 1, 2, (byte) 0x80, '\n'};
        c.call("MULTI");
        c.call("SET".getBytes(StandardCharsets.US_ASCII), k, v);
        c.call("GET".getBytes(StandardCharsets.US_ASCII), k);
        byte[] reply = c.call("EXEC");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("*2\r\n+OK\r\n$5\r\n".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(v);
        expected.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(reply).isEqualTo(expected.toByteArray());
    }

    @Test
    void aWholeTransactionPipelinedInOneWrite() throws Exception {
        RawClient c = raw();
        String k = key();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String[] cmd : new String[][]{{"MULTI"}, {"INCR", k}, {"INCR", k}, {"EXEC"}}) {
            all.writeBytes(RawClient.encode(cmd));
        }
        c.send(all.toByteArray());
        assertThat(c.readText()).isEqualTo("+OK\\r\\n");
        assertThat(c.readText()).isEqualTo("+QUEUED\\r\\n");
        assertThat(c.readText()).isEqualTo("+QUEUED\\r\\n");
        assertThat(c.readText()).isEqualTo("*2\\r\\n:1\\r\\n:2\\r\\n");
    }

    @Test
    void errorsWhileQueueingAbortTheWholeTransaction() throws Exception {
        RawClient c = raw();
        String k = key();
        c.call("MULTI");
        c.call("SET", k, "v");
        assertThat(c.callText("NOSUCH", "x")).startsWith("-ERR unknown command 'NOSUCH'");
        assertThat(c.callText("GET")).isEqualTo("-ERR wrong number of arguments for 'get' command\\r\\n");
        assertThat(c.callText("SET", k, "w")).isEqualTo("+QUEUED\\r\\n");
        assertThat(c.callText("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\\r\\n");
        assertThat(c.callText("EXISTS", k)).isEqualTo(":0\\r\\n");
        // no_multi commands are refused while queueing, and doom it too
        c.call("MULTI");
        assertThat(c.callText("SHUTDOWN")).isEqualTo("-ERR Command not allowed inside a transaction\\r\\n");
        assertThat(c.callText("EXEC")).isEqualTo("-EXECABORT Transaction discarded because of previous errors.\\r\\n");
        // a refused EXEC ends the transaction with the reason
        c.call("MULTI");
        assertThat(c.callText("EXEC", "x")).isEqualTo(
                "-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\\r\\n");
        assertThat(c.callText("EXEC")).isEqualTo("-ERR EXEC without MULTI\\r\\n");
    }

    @Test
    void nestedMultiAndWatchInsideMultiAreErrorsThatDoNotAbort() throws Exception {
        RawClient c = raw();
        String k = key();
        c.call("MULTI");
        assertThat(c.callText("MULTI")).isEqualTo("-ERR MULTI calls can not be nested\\r\\n");
        assertThat(c.callText("WATCH", k)).isEqualTo("-ERR WATCH inside MULTI is not allowed\\r\\n");
        c.call("SET", k, "v");
        assertThat(c.callText("EXEC")).isEqualTo("*1\\r\\n+OK\\r\\n");
        assertThat(watchedOnServer()).isZero();
    }

    @Test
    void ownWriteAfterWatchAbortsAndFailedExecAnswersNullArray() throws Exception {
        RawClient c = raw();
        String k = key();
        c.call("WATCH", k);
        c.call("SET", k, "mine");
        c.call("MULTI");
        c.call("SET", k, "tx");
        assertThat(c.callText("EXEC")).isEqualTo("*-1\\r\\n");
        assertThat(c.callText("GET", k)).isEqualTo("$4\\r\\nmine\\r\\n");
        c.call("HELLO", "3");
        c.call("WATCH", k);
        c.call("DEL", k);
        c.call("MULTI");
        assertThat(c.callText("EXEC")).isEqualTo("_\\r\\n");
    }

    @Test
    void unwatchForgetsATouchedWatch() throws Exception {
        RawClient a = raw(), b = raw();
        String k = key();
        a.call("WATCH", k);
        b.call("SET", k, "x");
        a.call("UNWATCH");
        a.call("MULTI");
        assertThat(a.callText("GET", k)).isEqualTo("+QUEUED\\r\\n");
        assertThat(a.callText("EXEC")).isEqualTo("*1\\r\\n$1\\r\\nx\\r\\n");
    }

    // ---------------------------------------------------------------- blocking

    @Test
    void blockingCommandsInsideMultiDoNotBlock() throws Exception {
        RawClient c = raw();
        String l = key(), z = key();
        c.call("MULTI");
        c.call("BLPOP", l, "0");
        c.call("BZPOPMIN", z, "0");
        c.call("BLMOVE", l, key(), "LEFT", "RIGHT", "0");
        c.call("RPUSH", l, "a");
        c.call("BLPOP", l, "0");
        assertThat(c.callText("EXEC")).isEqualTo("*5\\r\\n*-1\\r\\n*-1\\r\\n$-1\\r\\n:1\\r\\n*2\\r\\n$"
                + l.length() + "\\r\\n" + l + "\\r\\n$1\\r\\na\\r\\n");
        Integer blocked = server.onLoop(s -> s.blocking.blockedClients());
        assertThat(blocked).isZero();
    }

    @Test
    void waitersAreServedAfterTheWholeTransaction() throws Exception {
        RawClient waiter = raw(), c = raw();
        String l = key();
        waiter.sendCommand("BLPOP", l, "0");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.onLoop(s -> s.blocking.blockedClients()) != 1) {
            assertThat(System.nanoTime()).as("waiter blocked in time").isLessThan(deadline);
            Thread.sleep(1);
        }
        c.call("MULTI");
        c.call("RPUSH", l, "first");
        c.call("RPUSH", l, "second");
        c.call("LPOP", l);
        // Served mid-transaction, the waiter would take "first" and LPOP "second".
        assertThat(c.callText("EXEC")).isEqualTo("*3\\r\\n:1\\r\\n:2\\r\\n$5\\r\\nfirst\\r\\n");
        assertThat(waiter.readText()).endsWith("$6\\r\\nsecond\\r\\n");
    }

    // ---------------------------------------------------------------- connection state

    @Test
    void resetEndsTheTransactionAndTheWatches() throws Exception {
        RawClient a = raw(), b = raw();
        String k = key();
        a.call("WATCH", k);
        b.call("SET", k, "x");
        a.call("MULTI");
        a.call("SET", k, "y");
        assertThat(a.callText("RESET")).isEqualTo("+RESET\\r\\n");
        assertThat(a.callText("EXEC")).isEqualTo("-ERR EXEC without MULTI\\r\\n");
        a.call("MULTI");
        assertThat(a.callText("GET", k)).isEqualTo("+QUEUED\\r\\n");
        assertThat(a.callText("EXEC")).isEqualTo("*1\\r\\n$1\\r\\nx\\r\\n");
    }

    @Test
    void disconnectingUnwatches() throws Exception {
        RawClient a = raw();
        a.call("WATCH", key(), key(), key());
        assertThat(watchedOnServer()).isEqualTo(3);
        a.call("MULTI");
        a.sendCommand("QUIT");
        assertThat(a.readText()).isEqualTo("+OK\\r\\n");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (watchedOnServer() != 0) {
            assertThat(System.nanoTime()).as("watches dropped in time").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void clientListShowsTheQueueAndTheFlags() throws Exception {
        RawClient a = raw(), b = raw();
        String k = key();
        a.call("CLIENT", "SETNAME", "txclient");
        assertThat(line(b, "txclient")).contains(" flags=N ").contains(" multi=-1 ");
        a.call("MULTI");
        assertThat(line(b, "txclient")).contains(" flags=x ").contains(" multi=0 ");
        a.call("SET", k, "1");
        a.call("INCR", k);
        assertThat(line(b, "txclient")).contains(" multi=2 ")
                // Redis 7.0 counts each queued argument's bytes plus a pointer (8) per argument
                .contains(" multi-mem=" + (("SET" + k + "1").length() + 3 * 8 + ("INCR" + k).length() + 2 * 8) + " ").contains(" cmd=incr ");
        a.call("DISCARD");
        a.call("WATCH", k);
        b.call("SET", k, "x");
        assertThat(line(b, "txclient")).contains(" flags=d ").contains(" multi=-1 ");
        a.call("MULTI");
        a.call("PING");
        assertThat(line(b, "txclient")).contains(" flags=xd ").contains(" multi=0 ");
    }

    private static String line(RawClient c, String name) throws IOException {
        String list = new String(c.call("CLIENT", "LIST"), StandardCharsets.UTF_8);
        for (String l : list.split("\n")) if (l.contains(" name=" + name + " ")) return l;
        throw new AssertionError("no client named " + name + " in " + list);
    }

    @Test
    void clientReplyOffSilencesTheWholeTransaction() throws Exception {
        RawClient c = raw();
        String k = key();
        for (String[] cmd : new String[][]{{"CLIENT", "REPLY", "OFF"}, {"MULTI"}, {"SET", k, "v"}, {"EXEC"},
                {"CLIENT", "REPLY", "ON"}, {"GET", k}}) {
            c.send(RawClient.encode(cmd));     // one write each: the loop may flush in between
        }
        assertThat(c.readText()).isEqualTo("+OK\\r\\n");
        assertThat(c.readText()).isEqualTo("$1\\r\\nv\\r\\n");
    }

    @Test
    void execWithoutMultiThrowsInJedis() {
        Jedis j = jedis();
        assertThatThrownBy(() -> j.sendCommand(redis.clients.jedis.Protocol.Command.EXEC))
                .isInstanceOf(JedisDataException.class).hasMessage("ERR EXEC without MULTI");
    }
}
