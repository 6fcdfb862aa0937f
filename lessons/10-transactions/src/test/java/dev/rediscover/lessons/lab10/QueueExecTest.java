/*
 * Lab 10, task 1: MULTI queues, EXEC runs the queue and answers one array of the replies.
 * Replies are checked byte for byte, including the runtime errors EXEC does not roll back.
 */
package dev.rediscover.lessons.lab10;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@Order(1)   // LabRunner runs the classes in task order
class QueueExecTest extends TxLab {

    @Test
    @DisplayName("MULTI answers OK, each command QUEUED, EXEC an array of their replies in order")
    void queueThenExec() {
        String key = randomKey(), value = randomValue();
        x("MULTI starts queueing and answers +OK (multi)").send("MULTI").expect(OK);
        x("inside MULTI a command is stored and answered +QUEUED, not run (queue)")
                .send("SET", key, value).expect(QUEUED)
                .send("GET", key).expect(QUEUED)
                .send("INCR", key + ":n").expect(QUEUED);
        x("EXEC runs the queue and answers one array, one element per command, in order (exec)")
                .send("EXEC").expect(replies(OK, bulk(value), num(1)));
        x("after EXEC the client is out of MULTI: commands run at once again")
                .send("GET", key).expect(bulk(value));
    }

    @Test
    @DisplayName("queued commands do not run before EXEC: another client still sees the old value")
    void notRunBeforeExec() throws Exception {
        String key = randomKey();
        set(key, "old");
        RawClient other = connect();
        x("queue a write").send("MULTI").expect(OK).send("SET", key, "new").expect(QUEUED);
        on(other, "a queued command must not run until EXEC (queue stores it and answers QUEUED)")
                .send("GET", key).expect(bulk("old"));
        x("EXEC runs it").send("EXEC").expect(replies(OK));
        on(other, "after EXEC the write is visible").send("GET", key).expect(bulk("new"));
    }

    @Test
    @DisplayName("an empty transaction: EXEC answers an empty array *0")
    void emptyTransaction() {
        x("MULTI then EXEC with nothing queued answers an empty array, not a null one")
                .send("MULTI").expect(OK).send("EXEC").expect("*0\r\n");
    }

    @Test
    @DisplayName("a runtime error inside EXEC is one element of the array; nothing is rolled back")
    void runtimeErrorNoRollback() {
        String key = randomKey(), value = randomValue();
        x("queue SET, a WRONGTYPE LPUSH, GET and INCR on a string that is not a number")
                .send("MULTI").expect(OK)
                .send("SET", key, value).expect(QUEUED)
                .send("LPUSH", key, "x").expect(QUEUED)
                .send("GET", key).expect(QUEUED)
                .send("INCR", key).expect(QUEUED);
        x("each queued command runs through the dispatcher; an error reply is just an element, and the "
                + "commands after it still run (exec: call every queued command, do not stop at an error)")
                .send("EXEC").expect(replies(OK, WRONGTYPE, bulk(value),
                        err("ERR value is not an integer or out of range")));
        x("the SET before the error stays done: Redis transactions do not roll back")
                .send("GET", key).expect(bulk(value));
    }

    @Test
    @DisplayName("each queued command keeps its own arguments (the reader reuses its argv array)")
    void argumentsAreCopied() {
        String key = randomKey();
        x("MULTI").send("MULTI").expect(OK);
        StringBuilder expected = new StringBuilder("*20\r\n");
        for (int i = 0; i < 20; i++) {
            x("RPUSH is queued").send("RPUSH", key, "e" + i).expect(QUEUED);
            expected.append(num(i + 1));
        }
        x("EXEC must run RPUSH e0, e1, ... e19: store a copy of c.argv (Arrays.copyOf) in queue, "
                + "not the array the connection reuses")
                .send("EXEC").expect(expected.toString())
                .send("LINDEX", key, "0").expect(bulk("e0"))
                .send("LINDEX", key, "-1").expect(bulk("e19"));
    }

    @Test
    @DisplayName("binary arguments survive queueing byte for byte")
    void binaryArguments() {
        byte[] key = {'t', 'x', 0, (byte) 0xff, '\r', '\n'};
        byte[] value = {0, 1, 2, (byte) 0x80, '\r', '\n', (byte) 0xfe};
        x("MULTI").send("MULTI").expect(OK);
        x("a binary-safe SET is queued").send("SET".getBytes(), key, value).expect(QUEUED);
        x("GET is queued").send("GET".getBytes(), key).expect(QUEUED);
        byte[] expected = concat("*2\r\n+OK\r\n$7\r\n".getBytes(), value, "\r\n".getBytes());
        x("queued arguments are byte[] copies: never convert them to String")
                .send("EXEC").expect(expected);
    }

    @Test
    @DisplayName("nested MULTI is an error that does not end or doom the transaction")
    void nestedMulti() {
        String key = randomKey();
        x("MULTI").send("MULTI").expect(OK);
        x("MULTI inside MULTI answers this error (multi checks Client.MULTI), and is not queued")
                .send("MULTI").expect(err("ERR MULTI calls can not be nested"));
        x("the transaction goes on").send("SET", key, "1").expect(QUEUED);
        x("a nested MULTI is an error of the command itself, not a queueing error: EXEC still runs")
                .send("EXEC").expect(replies(OK));
    }

    @Test
    @DisplayName("EXEC and DISCARD without MULTI are errors")
    void withoutMulti() {
        x("EXEC outside a transaction (exec checks Client.MULTI first)")
                .send("EXEC").expect(err("ERR EXEC without MULTI"));
        x("DISCARD outside a transaction")
                .send("DISCARD").expect(err("ERR DISCARD without MULTI"));
        x("the connection is fine afterwards").send("PING").expect(PONG);
    }

    @Test
    @DisplayName("DISCARD drops the queue: nothing runs, and the client is out of MULTI")
    void discard() {
        String key = randomKey();
        x("queue a write").send("MULTI").expect(OK).send("SET", key, "1").expect(QUEUED);
        x("DISCARD answers OK").send("DISCARD").expect(OK);
        x("the discarded SET never ran, and GET runs at once (not QUEUED)")
                .send("GET", key).expect(NIL);
        x("a new transaction starts empty (clear the queue on DISCARD and after EXEC)")
                .send("MULTI").expect(OK).send("EXEC").expect("*0\r\n");
    }

    @Test
    @DisplayName("a blocking command inside MULTI answers at once (null array), it never blocks")
    void blockingInsideMulti() {
        String empty = randomKey(), full = randomKey();
        x("queue a BLPOP on an empty list with no timeout, and one on a list with data")
                .send("RPUSH", full, "a").expect(num(1))
                .send("MULTI").expect(OK)
                .send("BLPOP", empty, "0").expect(QUEUED)
                .send("BLPOP", full, "0").expect(QUEUED);
        x("keep Client.MULTI set while EXEC runs the queue: the blocking code then answers a null "
                + "array instead of parking the client (clearing MULTI first makes EXEC hang)")
                .send("EXEC").expect(replies(NIL_ARRAY, "*2\r\n" + bulk(full) + bulk("a")));
        x("the client is usable afterwards").send("PING").expect(PONG);
    }

    @Test
    @DisplayName("two clients' transactions are independent")
    void perClient() throws Exception {
        String k1 = randomKey(), k2 = randomKey();
        RawClient other = connect();
        x("client 1 queues").send("MULTI").expect(OK).send("SET", k1, "1").expect(QUEUED);
        on(other, "client 2 is not in MULTI: its commands run at once (MULTI is a flag per client)")
                .send("SET", k2, "2").expect(OK)
                .send("MULTI").expect(OK).send("GET", k2).expect(QUEUED);
        x("client 1's EXEC runs only client 1's queue").send("EXEC").expect(replies(OK));
        on(other, "client 2's EXEC runs only its own").send("EXEC").expect(replies(bulk("2")));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
