/*
 * Task 9: HashValue.scan and SetValue.scan, the value side of HSCAN and SSCAN. A packed value
 * answers everything at once with cursor 0; a table is walked with Dict.scan's reverse-binary
 * cursor, about COUNT at a time, and must keep SCAN's promise: every member present for the
 * whole scan is returned at least once, however the table grows or shrinks between calls.
 */
package dev.rediscover.lessons.lab06;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ScanTest extends HashSetLab {

    ScanResult<String> sscan(String k, String cursor, int count) {
        return call("SSCAN " + k + " " + cursor + " COUNT " + count, "[next cursor, [members...]]",
                "SetValue.scan: loop over Dict.scan until COUNT members, 10*COUNT buckets, or cursor 0",
                () -> jedis.sscan(k, cursor, new ScanParams().count(count)));
    }

    ScanResult<Map.Entry<String, String>> hscan(String k, String cursor, int count) {
        return call("HSCAN " + k + " " + cursor + " COUNT " + count, "[next cursor, [field, value, ...]]",
                "HashValue.scan: loop over Dict.scan until COUNT pairs, 10*COUNT buckets, or cursor 0",
                () -> jedis.hscan(k, cursor, new ScanParams().count(count)));
    }

    @Test
    @DisplayName("a packed hash or intset answers every element in one call, with cursor 0")
    void compactScansAtOnce() {
        String h = key(), s = key();
        x("setup").send("HSET", h, "a", "1", "b", "2", "c", "3").expect(num(3))
                .send("SADD", s, "30", "10", "20").expect(num(3));
        x("a listpack has no buckets: return every pair (forEach) and cursor 0, whatever COUNT says")
                .send("HSCAN", h, "0", "COUNT", "1")
                .expect("*2\r\n$1\r\n0\r\n*6\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n$1\r\nc\r\n$1\r\n3\r\n");
        x("an intset too, in its ascending order")
                .send("SSCAN", s, "0", "COUNT", "1")
                .expect("*2\r\n$1\r\n0\r\n*3\r\n$2\r\n10\r\n$2\r\n20\r\n$2\r\n30\r\n");
        x("a missing key is an empty scan").send("SSCAN", key(), "0").expect("*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    @DisplayName("HSCAN of a big hash returns every field with its value, about COUNT at a time")
    void hscanBigHash() {
        config("hash-max-listpack-entries", 64);
        String k = key();
        Map<String, String> model = new HashMap<>();
        List<String> args = new ArrayList<>(List.of("HSET", k));
        while (model.size() < 500) {
            String f = field(), v = word(6);
            if (model.put(f, v) == null) { args.add(f); args.add(v); }
        }
        x("HSET of 500 new fields").send(args.toArray(String[]::new)).expect(num(500));
        expectEncoding(k, "hashtable", "500 fields are more than hash-max-listpack-entries (64)");
        Map<String, String> seen = new HashMap<>();
        String cursor = "0";
        int calls = 0;
        do {
            ScanResult<Map.Entry<String, String>> r = hscan(k, cursor, 10);
            calls++;
            assertThat(r.getResult().size()).as("one HSCAN ... COUNT 10 call on a hashtable returned %d pairs: "
                    + "stop the loop once COUNT pairs were found, do not walk the whole table", r.getResult().size())
                    .isLessThan(100);
            for (Map.Entry<String, String> e : r.getResult()) seen.put(e.getKey(), e.getValue());
            cursor = r.getCursor();
            assertThat(calls).as("the scan did not end after %d calls: is the cursor Dict.scan returned passed back?", calls)
                    .isLessThan(10_000);
        } while (!cursor.equals("0"));
        assertThat(seen).as("every field of the hash, each with its own value").isEqualTo(model);
        assertThat(calls).as("HSCAN COUNT 10 over 500 fields answered in %d call(s): a table is walked a few buckets at a time", calls)
                .isGreaterThan(5);
    }

    @Test
    @DisplayName("SSCAN keeps its promise while members are added and removed between calls")
    void sscanGuarantee() {
        String k = key();
        Set<String> stable = new HashSet<>();      // present for the whole scan: must all be returned
        Set<String> ever = new HashSet<>();        // anything that was ever a member
        List<String> args = new ArrayList<>(List.of("SADD", k));
        while (stable.size() < 300) stable.add("s" + rnd().nextInt(1_000_000));
        args.addAll(stable);
        ever.addAll(stable);
        x("SADD of 300 new members").send(args.toArray(String[]::new)).expect(num(300));
        List<String> volatileMembers = new ArrayList<>();
        Set<String> returned = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            ScanResult<String> r = sscan(k, cursor, 1 + rnd().nextInt(20));
            returned.addAll(r.getResult());
            cursor = r.getCursor();
            // Between calls: grow the set (the table doubles, more than once) and remove some of
            // what was added, so it also shrinks at times.
            for (int i = 0; i < 40; i++) {
                String m = "v" + rnd().nextInt(1_000_000);
                if (!stable.contains(m) && ever.add(m)) {
                    volatileMembers.add(m);
                    x("SADD during the scan").send("SADD", k, m).expect(num(1));
                }
            }
            for (int i = 0; i < 15 && !volatileMembers.isEmpty(); i++) {
                String m = volatileMembers.remove(rnd().nextInt(volatileMembers.size()));
                x("SREM during the scan").send("SREM", k, m).expect(num(1));
            }
            assertThat(++calls).as("the scan did not end after %d calls", calls).isLessThan(20_000);
        } while (!cursor.equals("0"));
        assertThat(returned).as("SSCAN must return every member that was there for the whole scan "
                + "(pass the cursor Dict.scan gives back, unchanged, to the next call)").containsAll(stable);
        assertThat(ever).as("SSCAN must return only members that really were in the set").containsAll(returned);
    }

    @Test
    @DisplayName("HSCAN keeps its promise while most fields are deleted mid-scan (the table shrinks)")
    void hscanWhileShrinking() {
        String k = key();
        List<String> doomed = new ArrayList<>();
        Set<String> stable = new HashSet<>();
        List<String> args = new ArrayList<>(List.of("HSET", k));
        for (int i = 0; i < 1000; i++) {
            String f = "f" + i;
            args.add(f);
            args.add("v");
            if (i % 20 == 0) stable.add(f); else doomed.add(f);
        }
        x("HSET of 1000 fields").send(args.toArray(String[]::new)).expect(num(1000));
        Set<String> returned = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            ScanResult<Map.Entry<String, String>> r = hscan(k, cursor, 25);
            for (Map.Entry<String, String> e : r.getResult()) returned.add(e.getKey());
            cursor = r.getCursor();
            for (int i = 0; i < 100 && !doomed.isEmpty(); i++) {
                x("HDEL during the scan").send("HDEL", k, doomed.remove(doomed.size() - 1)).expect(num(1));
            }
            assertThat(++calls).as("the scan did not end after %d calls", calls).isLessThan(20_000);
        } while (!cursor.equals("0"));
        assertThat(returned).as("every field present for the whole scan, although the table shrank under the cursor")
                .containsAll(stable);
    }

    @Test
    @DisplayName("SSCAN with MATCH returns only the matching members of a big set")
    void sscanMatch() {
        String k = key();
        Set<String> cats = new HashSet<>();
        List<String> args = new ArrayList<>(List.of("SADD", k));
        for (int i = 0; i < 400; i++) {
            String m = (i % 4 == 0 ? "cat:" : "dog:") + i;
            args.add(m);
            if (i % 4 == 0) cats.add(m);
        }
        x("SADD of 400 members").send(args.toArray(String[]::new)).expect(num(400));
        Set<String> returned = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            String c = cursor;
            ScanResult<String> r = call("SSCAN " + k + " " + c + " MATCH cat:* COUNT 50", "only cat:* members",
                    "SetValue.scan hands every member of the walked buckets to the visitor; SSCAN (given) filters",
                    () -> jedis.sscan(k, c, new ScanParams().match("cat:*").count(50)));
            returned.addAll(r.getResult());
            cursor = r.getCursor();
            assertThat(++calls).as("the scan did not end after %d calls", calls).isLessThan(10_000);
        } while (!cursor.equals("0"));
        assertThat(returned).as("the members matching cat:*").isEqualTo(cats);
    }
}
