/*
 * Lab 14, task 2: the gate before every command (Eviction.makeRoom) and the eviction loop
 * (Eviction.freeMemory), in the cases where nothing can be evicted: the policy is noeviction, or
 * a volatile policy finds no key with a TTL. Then a command that would add memory (flag
 * denyoom) is refused with the OOM error, byte for byte as Redis 7.0 sends it, and everything
 * else still runs: reads, DEL, INFO.
 */
package dev.rediscover.lessons.lab14;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Order(2)
class OomTest extends EvictLab {

    @Test
    @DisplayName("noeviction over maxmemory: SET is refused with Redis's OOM error, word for word")
    void noevictionRefusesWrites() {
        String p = prefix();
        setAll(names(p, 5), BIG, "SET before any maxmemory is set");
        squeeze(BIG);
        expect("makeRoom: freeMemory answers FAIL for noeviction, and a denyoom command is refused with "
                + "Eviction.OOM through server.dispatcher.reject", OOM, "SET", p + "new", "v");
        expect("a refused SET must not have written anything", num(0), "EXISTS", p + "new");
        assertThat(evictedKeys()).as("evicted_keys under noeviction").isZero();
    }

    @Test
    @DisplayName("over maxmemory, reads and DEL still run; once under again, SET works")
    void readsAndDeletesStillRun() {
        String p = prefix();
        List<String> keys = names(p, 10);
        setAll(keys, BIG, "SET before any maxmemory is set");
        squeeze(2 * BIG);
        expect("makeRoom: only a command that may add memory is refused (rejectOnOom: flag denyoom)",
                num(1), "EXISTS", p + "0");
        expect("STRLEN, a read, is not denyoom: it runs even over the limit", num(BIG), "STRLEN", p + "0");
        expect("DEL is not denyoom: it frees memory, so it must run", num(5),
                "DEL", p + "0", p + "1", p + "2", p + "3", p + "4");
        expect("five keys deleted: under maxmemory again, so SET runs", OK, "SET", p + "new", "v");
    }

    @Test
    @DisplayName("inside MULTI even a read is refused over the limit (queueing costs memory), and EXEC aborts")
    void multiRefusesQueueing() {
        String p = prefix();
        setAll(names(p, 5), BIG, "SET before any maxmemory is set");
        squeeze(BIG);
        expect("MULTI itself is let through", OK, "MULTI");
        expect("makeRoom: in MULTI anything but EXEC/DISCARD/QUIT/RESET is refused (rejectOnOom)", OOM, "GET", p + "0");
        expect("a refused command flags the transaction: EXEC aborts",
                "-EXECABORT Transaction discarded because of previous errors.\r\n", "EXEC");
    }

    @Test
    @DisplayName("volatile-lru with no key that has a TTL: nothing may be evicted, so OOM")
    void volatilePolicyWithoutTtlKeys() {
        String p = prefix();
        setAll(names(p, 5), BIG, "SET before any maxmemory is set");
        config("maxmemory-policy", "volatile-lru");
        squeeze(BIG);
        expect("freeMemory: when evictOne finds nothing (-1) and memory is still over, the answer is FAIL",
                OOM, "SET", p + "new", "v");
        assertThat(keys()).as("volatile-lru never evicts a key without a TTL").hasSize(5);
    }

    @Test
    @DisplayName("a second client is refused too: the gate runs for every command of every client")
    void everyClientIsRefused() throws IOException {
        String p = prefix();
        setAll(names(p, 3), BIG, "SET before any maxmemory is set");
        squeeze(BIG);
        var other = connect();
        var reply = other.call("LPUSH", p + "list", "a");
        assertThat(new String(reply)).as("LPUSH from another client over maxmemory, noeviction").isEqualTo(OOM);
        expect("the gate runs for every command of every client", OOM, "APPEND", p + "0", "more");
    }
}
