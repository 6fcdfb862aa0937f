/*
 * Lab 10, task 1: errors found while queueing (unknown command, wrong arity, a command not
 * allowed in a transaction) doom the transaction: EXEC answers EXECABORT and runs nothing.
 */
package dev.rediscover.lessons.lab10;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@Order(2)   // LabRunner runs the classes in task order
class ExecAbortTest extends TxLab {

    @Test
    @DisplayName("an unknown command while queueing: its error, then EXECABORT and nothing runs")
    void unknownCommand() {
        String key = randomKey();
        x("MULTI").send("MULTI").expect(OK).send("SET", key, "1").expect(QUEUED);
        x("an unknown command is refused by the dispatcher before the queueing gate")
                .send("NOSUCHCMD", "arg").expect(err("ERR unknown command 'NOSUCHCMD', with args beginning with: 'arg' "));
        x("later commands are still answered QUEUED (the client stays in step)")
                .send("SET", key, "2").expect(QUEUED);
        x("EXEC after a queueing error answers EXECABORT word for word (exec checks dirtyExec first)")
                .send("EXEC").expect(EXECABORT);
        x("nothing ran, not even the commands queued before the error, and MULTI is over")
                .send("GET", key).expect(NIL);
    }

    @Test
    @DisplayName("wrong arity while queueing dooms the transaction too")
    void wrongArity() {
        String key = randomKey();
        x("MULTI").send("MULTI").expect(OK);
        x("GET with no key: the arity check answers before queueing")
                .send("GET").expect(err("ERR wrong number of arguments for 'get' command"));
        x("still QUEUED after the error").send("SET", key, "1").expect(QUEUED);
        x("EXECABORT, and the SET never ran").send("EXEC").expect(EXECABORT).send("EXISTS", key).expect(num(0));
    }

    @Test
    @DisplayName("a command flagged no_multi (SHUTDOWN) is refused inside MULTI and dooms it")
    void notAllowedInMulti() {
        String key = randomKey();
        x("MULTI").send("MULTI").expect(OK);
        x("queue must refuse a no_multi command with dispatcher.reject(c, cmd, NO_MULTI), not queue it")
                .send("SHUTDOWN").expect(err("ERR Command not allowed inside a transaction"));
        x("still QUEUED").send("SET", key, "1").expect(QUEUED);
        x("the rejection flagged the transaction: EXECABORT").send("EXEC").expect(EXECABORT);
        x("the server is still up and nothing ran").send("GET", key).expect(NIL);
    }

    @Test
    @DisplayName("a runtime error is not a queueing error: WRONGTYPE does not abort")
    void runtimeErrorDoesNotAbort() {
        String key = randomKey();
        x("LPUSH on a string fails only when it runs; while queueing it is fine")
                .send("SET", key, "s").expect(OK)
                .send("MULTI").expect(OK)
                .send("LPUSH", key, "x").expect(QUEUED)
                .send("SET", key, "t").expect(QUEUED);
        x("EXEC runs both; the error is an element").send("EXEC").expect(replies(WRONGTYPE, OK));
    }

    @Test
    @DisplayName("after EXECABORT the next transaction starts clean")
    void cleanAfterAbort() {
        String key = randomKey();
        x("a doomed transaction").send("MULTI").expect(OK).send("NOSUCHCMD").expect(
                err("ERR unknown command 'NOSUCHCMD', with args beginning with: ")).send("EXEC").expect(EXECABORT);
        x("EXECABORT must clear dirtyExec and the queue (discardTransaction): this one runs")
                .send("MULTI").expect(OK).send("SET", key, "1").expect(QUEUED).send("EXEC").expect(replies(OK));
    }

    @Test
    @DisplayName("DISCARD after a queueing error: OK, and the next transaction runs")
    void discardDoomed() {
        x("doom, then DISCARD").send("MULTI").expect(OK).send("GET").expect(
                err("ERR wrong number of arguments for 'get' command")).send("DISCARD").expect(OK);
        multiPingExec("DISCARD clears the dirty flags as well as the queue", RAN);
    }

    @Test
    @DisplayName("one client's queueing error does not doom another client's transaction")
    void perClient() throws Exception {
        RawClient other = connect();
        on(other, "client 2 queues fine").send("MULTI").expect(OK).send("PING").expect(QUEUED);
        x("client 1 dooms its own").send("MULTI").expect(OK).send("GET").expect(
                err("ERR wrong number of arguments for 'get' command"));
        on(other, "dirtyExec is per client (TransactionState)").send("EXEC").expect(RAN);
        x("client 1 aborts").send("EXEC").expect(EXECABORT);
    }
}
