/*
 * Lab 10, task 3: whole-database changes. FLUSHALL, FLUSHDB and SWAPDB touch every watched key
 * that exists in the emptied database or in the one swapped in, and no other
 * (Watches.touchAll, reached through Keyspace.Listener.databaseReplacing).
 */
package dev.rediscover.lessons.lab10;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@Order(6)   // LabRunner runs the classes in task order
class FlushSwapTest extends TxLab {

    @Test
    @DisplayName("FLUSHALL deletes a watched key: the watcher fails")
    void flushallExisting() throws Exception {
        String key = randomKey();
        set(key, "v");
        x("WATCH").send("WATCH", key).expect(OK);
        on(connect(), "FLUSHALL").send("FLUSHALL").expect(OK);
        multiPingExec("the watched key existed and is gone: touchAll must dirty its watchers", NIL_ARRAY);
    }

    @Test
    @DisplayName("FLUSHALL does not touch a watched key that did not exist")
    void flushallMissing() throws Exception {
        String key = randomKey();
        set(randomKey(), "other data");
        x("WATCH a missing key").send("WATCH", key).expect(OK);
        on(connect(), "FLUSHALL").send("FLUSHALL").expect(OK);
        multiPingExec("absent before, absent after: touchAll skips keys found in neither database", RAN);
    }

    @Test
    @DisplayName("FLUSHDB of another database leaves our watched key alone")
    void flushdbOtherDb() throws Exception {
        String key = randomKey();
        set(key, "v");
        x("WATCH in db 0").send("WATCH", key).expect(OK);
        on(connect(), "FLUSHDB in db 1, where the same name exists too")
                .send("SELECT", "1").expect(OK).send("SET", key, "x").expect(OK).send("FLUSHDB").expect(OK);
        multiPingExec("only db 1 was emptied: the watch is on db 0's key", RAN);
    }

    @Test
    @DisplayName("FLUSHDB of the watched database fails the watcher")
    void flushdbSameDb() throws Exception {
        String key = randomKey();
        set(key, "v");
        x("WATCH").send("WATCH", key).expect(OK);
        on(connect(), "FLUSHDB in db 0").send("FLUSHDB").expect(OK);
        multiPingExec("db 0 was emptied with the watched key in it", NIL_ARRAY);
    }

    @Test
    @DisplayName("SWAPDB brings in a database where the watched (missing) key exists: the watcher fails")
    void swapdbBringsKey() throws Exception {
        String key = randomKey();
        x("WATCH a key missing from db 0").send("WATCH", key).expect(OK);
        on(connect(), "the key exists in db 1; swap 0 and 1")
                .send("SELECT", "1").expect(OK).send("SET", key, "x").expect(OK)
                .send("SWAPDB", "0", "1").expect(OK);
        multiPingExec("after SWAPDB the key exists in db 0: touchAll looks at the replacement too", NIL_ARRAY);
        x("the swap happened").send("GET", key).expect(bulk("x"));
    }

    @Test
    @DisplayName("SWAPDB where the watched key exists on neither side changes nothing for it")
    void swapdbNeither() throws Exception {
        String key = randomKey();
        x("WATCH a missing key").send("WATCH", key).expect(OK);
        RawClient other = connect();
        on(other, "db 1 has other keys; swap").send("SELECT", "1").expect(OK)
                .send("SET", randomKey(), "x").expect(OK).send("SWAPDB", "0", "1").expect(OK);
        multiPingExec("the watched key is in neither database: no touch", RAN);
    }

    @Test
    @DisplayName("SWAPDB takes an existing watched key away: the watcher fails")
    void swapdbTakesKeyAway() throws Exception {
        String key = randomKey();
        set(key, "v");
        x("WATCH").send("WATCH", key).expect(OK);
        on(connect(), "swap db 0 with the empty db 2").send("SWAPDB", "0", "2").expect(OK);
        multiPingExec("the key was in the database that got replaced", NIL_ARRAY);
    }
}
