/*
 * Lab 10, task 3: a write to a watched key, by anyone, between WATCH and EXEC makes EXEC answer
 * a null array and run nothing (Watches.touch, reached through Keyspace.Listener.keyModified).
 */
package dev.rediscover.lessons.lab10;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@Order(4)   // LabRunner runs the classes in task order
class WatchTest extends TxLab {

    @Test
    @DisplayName("another client's write to a watched key: EXEC answers *-1 and runs nothing")
    void otherClientWrites() throws Exception {
        String key = randomKey(), mine = randomKey();
        set(key, "100");
        x("WATCH").send("WATCH", key).expect(OK);
        on(connect(), "another client writes the watched key").send("SET", key, "50").expect(OK);
        x("the queue is built as usual").send("MULTI").expect(OK)
                .send("SET", key, "90").expect(QUEUED).send("SET", mine, "x").expect(QUEUED);
        x("a touched watch makes EXEC answer a null array (touch sets dirtyCas on every watcher)")
                .send("EXEC").expect(NIL_ARRAY);
        x("nothing of the queue ran").send("GET", key).expect(bulk("50")).send("EXISTS", mine).expect(num(0));
    }

    @Test
    @DisplayName("writing the same value still counts as a write")
    void sameValue() throws Exception {
        String key = randomKey();
        set(key, "v");
        x("WATCH").send("WATCH", key).expect(OK);
        on(connect(), "SET to the value it already has").send("SET", key, "v").expect(OK);
        multiPingExec("a write is a write: Redis does not compare values", NIL_ARRAY);
    }

    @Test
    @DisplayName("the watching client's own write before MULTI also fails the EXEC")
    void ownWrite() {
        String key = randomKey();
        set(key, "1");
        x("WATCH, then our own INCR").send("WATCH", key).expect(OK).send("INCR", key).expect(num(2));
        multiPingExec("touch does not care who wrote: the watcher itself included", NIL_ARRAY);
    }

    @Test
    @DisplayName("creating a watched key that did not exist touches it; deleting a missing one does not")
    void createAndDeleteMissing() throws Exception {
        String key = randomKey();
        RawClient other = connect();
        x("WATCH a missing key").send("WATCH", key).expect(OK);
        on(other, "DEL of a key that is not there changes nothing").send("DEL", key).expect(num(0));
        multiPingExec("no modification happened: EXEC runs", RAN);
        x("WATCH it again").send("WATCH", key).expect(OK);
        on(other, "now create it").send("RPUSH", key, "a").expect(num(1));
        multiPingExec("creating the key is a modification", NIL_ARRAY);
    }

    @Test
    @DisplayName("every kind of write touches: DEL, APPEND, INCRBY, GETDEL, RENAME onto the key")
    void kindsOfWrites() throws Exception {
        RawClient other = connect();
        String[][] writes = {{"DEL", "%k"}, {"APPEND", "%k", "x"}, {"INCRBY", "%k", "0"}, {"GETDEL", "%k"},
                {"RENAME", "%src", "%k"}};
        for (String[] w : writes) {
            String key = randomKey(), src = randomKey();
            set(key, "5");
            set(src, "7");
            String[] cmd = new String[w.length];
            for (int i = 0; i < w.length; i++) cmd[i] = w[i].replace("%src", src).replace("%k", key);
            x("WATCH").send("WATCH", key).expect(OK);
            on(other, w[0] + " by another client writes the watched key").send(cmd).expectThat(r -> r[0] != '-', "not an error");
            multiPingExec(w[0] + " modified the watched key: every write goes through Database and reaches "
                    + "keyModified, so EXEC must fail", NIL_ARRAY);
        }
    }

    @Test
    @DisplayName("only watchers of the written key fail; a key of the same name in another db is another key")
    void onlyThatKey() throws Exception {
        String watched = randomKey(), other = randomKey();
        set(watched, "1");
        RawClient writer = connect();
        x("WATCH in db 0").send("WATCH", watched).expect(OK);
        on(writer, "writes to another key, and to the same name in db 1")
                .send("SET", other, "x").expect(OK)
                .send("SELECT", "1").expect(OK)
                .send("SET", watched, "x").expect(OK);
        multiPingExec("touch looks up (database, key): db 1's key is not db 0's", RAN);
    }

    @Test
    @DisplayName("all watchers of a key fail, and each fails once: the next WATCH/EXEC is clean")
    void severalWatchers() throws Exception {
        String key = randomKey();
        set(key, "1");
        RawClient a = connect(), b = connect();
        on(a, "watcher a").send("WATCH", key).expect(OK);
        on(b, "watcher b").send("WATCH", key).expect(OK);
        x("the main client writes").send("SET", key, "2").expect(OK);
        on(a, "watcher a's EXEC fails").send("MULTI").expect(OK).send("EXEC").expect(NIL_ARRAY);
        on(b, "watcher b's EXEC fails too (touch dirties every watcher in the list)")
                .send("MULTI").expect(OK).send("EXEC").expect(NIL_ARRAY);
        on(a, "EXEC cleared dirtyCas: a fresh WATCH + EXEC runs")
                .send("WATCH", key).expect(OK).send("MULTI").expect(OK).send("PING").expect(QUEUED)
                .send("EXEC").expect(RAN);
    }

    @Test
    @DisplayName("UNWATCH after a touch forgets it: EXEC runs")
    void unwatchClears() throws Exception {
        String key = randomKey();
        set(key, "1");
        x("WATCH").send("WATCH", key).expect(OK);
        on(connect(), "a write").send("SET", key, "2").expect(OK);
        x("UNWATCH").send("UNWATCH").expect(OK);
        multiPingExec("UNWATCH clears dirtyCas as well as the watches", RAN);
    }

    @Test
    @DisplayName("a transaction that writes its own watched key succeeds, and leaves nothing dirty")
    void ownWriteInsideExec() {
        String key = randomKey();
        set(key, "1");
        x("WATCH, then INCR inside the transaction")
                .send("WATCH", key).expect(OK)
                .send("MULTI").expect(OK).send("INCR", key).expect(QUEUED)
                .send("EXEC").expect(replies(num(2)));
        x("the next transaction must not fail because of our own INCR (EXEC ends with discardTransaction: dirtyCas cleared, nothing watched)")
                .send("WATCH", randomKey()).expect(OK);
        multiPingExec("clean", RAN);
    }
}
