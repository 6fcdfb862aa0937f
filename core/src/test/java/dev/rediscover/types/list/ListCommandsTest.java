/*
 * The list commands through Jedis: a seeded random workload checked against a java.util model,
 * binary values, keyspace events for every write (and "del" when a list empties), COPY giving an
 * independent list, TYPE/OBJECT ENCODING, and list-max-listpack-size shaping the nodes of lists
 * created after it is set. Exact reply bytes against redis-server are the differential tests' job
 * (lists.redis); these run without a redis-server.
 */
package dev.rediscover.types.list;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.NotifyFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.ListPosition;
import redis.clients.jedis.params.LPosParams;
import redis.clients.jedis.util.KeyValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListCommandsTest {
    private RediscoverServer server;
    private Jedis jedis;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = RediscoverServer.start();
        jedis = new Jedis(server.host(), server.port());
        server.onLoop(s -> {
            s.keyspace.addListener(new Keyspace.Listener() {
                @Override
                public void event(int type, String event, byte[] key, int dbId) {
                    // "new" and "keymiss" come from the keyspace itself, not from the command under test
                    if ((type & (NotifyFlags.NEW | NotifyFlags.KEY_MISS)) != 0) return;
                    if (type == NotifyFlags.LIST || event.equals("del")) {
                        events.add(event + " " + new String(key, StandardCharsets.UTF_8));
                    }
                }
            });
            return null;
        });
    }

    @AfterEach
    void stop() {
        jedis.close();
        server.close();
    }

    private static String key() { return "l:" + UUID.randomUUID(); }

    @Test
    void randomWorkloadMatchesAModel() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        String k = key();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 1500; step++) {
            String v = "v" + rnd.nextInt(20);
            int n = model.size();
            switch (rnd.nextInt(10)) {
                case 0 -> { jedis.lpush(k, v); model.add(0, v); }
                case 1 -> { jedis.rpush(k, v, v + "x"); model.add(v); model.add(v + "x"); }
                case 2 -> assertThat(jedis.lpop(k)).isEqualTo(n == 0 ? null : model.remove(0));
                case 3 -> {
                    int count = rnd.nextInt(4);
                    List<String> got = jedis.rpop(k, count);
                    if (n == 0) {
                        assertThat(got).isNull();
                    } else {
                        List<String> want = new ArrayList<>();
                        for (int i = 0; i < count && !model.isEmpty(); i++) want.add(model.remove(model.size() - 1));
                        assertThat(got).containsExactlyElementsOf(want);
                    }
                }
                case 4 -> {
                    long idx = rnd.nextInt(2 * n + 3) - n - 1;
                    long norm = idx < 0 ? idx + n : idx;
                    assertThat(jedis.lindex(k, idx)).isEqualTo(norm >= 0 && norm < n ? model.get((int) norm) : null);
                }
                case 5 -> {
                    boolean before = rnd.nextBoolean();
                    long r = jedis.linsert(k, before ? ListPosition.BEFORE : ListPosition.AFTER, v, "ins");
                    int at = model.indexOf(v);
                    assertThat(r).isEqualTo(n == 0 ? 0 : at < 0 ? -1 : n + 1);
                    if (at >= 0) model.add(before ? at : at + 1, "ins");
                }
                case 6 -> {
                    int count = rnd.nextInt(5) - 2;
                    long removed = jedis.lrem(k, count, v);
                    assertThat(removed).isEqualTo(removeModel(model, count, v));
                }
                case 7 -> {
                    if (n > 0 && rnd.nextInt(4) == 0) {
                        int a = rnd.nextInt(n), b = a + rnd.nextInt(n);
                        jedis.ltrim(k, a, b);
                        List<String> kept = new ArrayList<>(model.subList(a, Math.min(b + 1, n)));
                        model.clear();
                        model.addAll(kept);
                    }
                }
                case 8 -> {
                    if (n > 0) {
                        int i = rnd.nextInt(n);
                        jedis.lset(k, i, v + "s");
                        model.set(i, v + "s");
                    }
                }
                default -> assertThat(jedis.lpos(k, v)).isEqualTo(model.contains(v) ? Long.valueOf(model.indexOf(v)) : null);
            }
            assertThat(jedis.llen(k)).as("seed %d step %d", seed, step).isEqualTo(model.size());
        }
        assertThat(jedis.lrange(k, 0, -1)).as("seed %d", seed).containsExactlyElementsOf(model);
    }

    /** LREM on the model: count > 0 from the head, < 0 from the tail, 0 every match. */
    private static long removeModel(List<String> model, int count, String v) {
        long removed = 0;
        if (count >= 0) {
            for (int i = 0; i < model.size() && (count == 0 || removed < count); ) {
                if (model.get(i).equals(v)) { model.remove(i); removed++; } else i++;
            }
        } else {
            for (int i = model.size() - 1; i >= 0 && removed < -count; i--) {
                if (model.get(i).equals(v)) { model.remove(i); removed++; }
            }
        }
        return removed;
    }

    @Test
    void binaryValuesRoundTrip() {
        byte[] k = key().getBytes(StandardCharsets.UTF_8);
        byte[] a = {0, (byte) 0xff, '\r', '\n'}, empty = {};
        byte[] big = new byte[100_000];
        new SplittableRandom().nextBytes(big);
        jedis.rpush(k, a, empty, big);
        assertThat(jedis.lrange(k, 0, -1)).containsExactly(a, empty, big);
        assertThat(jedis.lpos(k, big)).isEqualTo(2L);
        assertThat(jedis.lmove(k, k, ListDirection.RIGHT, ListDirection.LEFT)).isEqualTo(big);
        assertThat(jedis.lindex(k, 0)).isEqualTo(big);
    }

    @Test
    void everyWriteAnnouncesItsEvent() {
        String k = key(), d = key();
        jedis.rpush(k, "a", "b", "c");
        jedis.lpush(k, "z");
        jedis.lset(k, 0, "y");
        jedis.linsert(k, ListPosition.AFTER, "y", "x");
        jedis.lrem(k, 1, "x");
        jedis.ltrim(k, 0, 2);
        jedis.lmove(k, d, ListDirection.LEFT, ListDirection.RIGHT);
        jedis.rpop(k);
        jedis.lpop(k, 5);
        jedis.lpop(d);
        assertThat(events).containsExactly("rpush " + k, "lpush " + k, "lset " + k, "linsert " + k, "lrem " + k,
                "ltrim " + k, "rpush " + d, "lpop " + k, "rpop " + k, "lpop " + k, "del " + k, "lpop " + d, "del " + d);
    }

    @Test
    void noEventsWhenNothingChanged() {
        String k = key();
        jedis.rpush(k, "a");
        events.clear();
        jedis.lrem(k, 0, "missing");
        jedis.linsert(k, ListPosition.BEFORE, "missing", "x");
        jedis.lpushx(key(), "x");
        jedis.lpop(key());
        assertThat(events).isEmpty();
    }

    @Test
    void lmpopAndBlockingPopsThatNeedNotWait() {
        String a = key(), b = key();
        jedis.rpush(b, "1", "2", "3");
        KeyValue<String, List<String>> got = jedis.lmpop(ListDirection.LEFT, 2, a, b);
        assertThat(got.getKey()).isEqualTo(b);
        assertThat(got.getValue()).containsExactly("1", "2");
        assertThat(jedis.blpop(1, a, b)).containsExactly(b, "3");
        assertThat(jedis.exists(b)).isFalse();
        assertThat(jedis.brpop(0.01, a)).isNull();
    }

    @Test
    void copyMakesAnIndependentList() {
        String k = key(), c = key();
        for (int i = 0; i < 500; i++) jedis.rpush(k, "e" + i);
        assertThat(jedis.copy(k, c, false)).isTrue();
        jedis.lpop(c, 10);
        jedis.lset(c, 0, "changed");
        assertThat(jedis.llen(k)).isEqualTo(500);
        assertThat(jedis.lindex(k, 10)).isEqualTo("e10");
        assertThat(jedis.lindex(c, 0)).isEqualTo("changed");
        assertThat(jedis.type(c)).isEqualTo("list");
        assertThat(jedis.objectEncoding(c)).isEqualTo("quicklist");
        Long heap = server.onLoop(s -> ((QuickList) s.keyspace.db(0).peek(k.getBytes(StandardCharsets.UTF_8)).value).memory());
        // packed: "e0".."e499" take 4 to 6 bytes each as listpack entries, plus the node arrays
        assertThat(heap).isBetween(500L * 4, 500L * 16);
    }

    @Test
    void wrongTypeIsRefusedWithoutChangingAnything() {
        String s = key();
        jedis.set(s, "v");
        assertThatThrownBy(() -> jedis.lpush(s, "x")).hasMessageStartingWith("WRONGTYPE");
        assertThatThrownBy(() -> jedis.lrange(s, 0, -1)).hasMessageStartingWith("WRONGTYPE");
        String l = key();
        jedis.rpush(l, "x");
        assertThatThrownBy(() -> jedis.lmove(l, s, ListDirection.LEFT, ListDirection.LEFT)).hasMessageStartingWith("WRONGTYPE");
        assertThat(jedis.lrange(l, 0, -1)).containsExactly("x");
        assertThat(jedis.get(s)).isEqualTo("v");
    }

    @Test
    void lposOptions() {
        String k = key();
        jedis.rpush(k, "a", "b", "a", "c", "a");
        assertThat(jedis.lpos(k, "a", LPosParams.lPosParams().rank(-1))).isEqualTo(4L);
        assertThat(jedis.lpos(k, "a", LPosParams.lPosParams().rank(2), 0)).containsExactly(2L, 4L);
        assertThat(jedis.lpos(k, "a", LPosParams.lPosParams().maxlen(2), 0)).containsExactly(0L);
        assertThatThrownBy(() -> jedis.lpos(k, "a", LPosParams.lPosParams().rank(0))).hasMessageContaining("RANK can't be zero");
    }

    @Test
    void listMaxListpackSizeShapesNewLists() {
        try (RediscoverServer small = RediscoverServer.start("--list-max-listpack-size", "4");
             Jedis j = new Jedis(small.host(), small.port())) {
            String k = key();
            for (int i = 0; i < 10; i++) j.rpush(k, "x" + i);
            Integer nodes = small.onLoop(s -> ((QuickList) s.keyspace.db(0).peek(k.getBytes(StandardCharsets.UTF_8)).value).nodeCount());
            assertThat(nodes).isEqualTo(3);           // 4 + 4 + 2
            assertThat(j.lrange(k, 0, -1)).hasSize(10);
        }
    }

    @Test
    void hugeRangesAndIndexesAreClamped() {
        String k = key();
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) all.add("v" + i);
        jedis.rpush(k, all.toArray(new String[0]));
        assertThat(jedis.lrange(k, Long.MIN_VALUE, Long.MAX_VALUE)).containsExactlyElementsOf(all);
        assertThat(jedis.lrange(k, -3, -1)).containsExactlyElementsOf(all.subList(47, 50));
        assertThat(jedis.lrange(k, 30, 10)).isEmpty();
        List<String> reversed = new ArrayList<>(all);
        Collections.reverse(reversed);
        assertThat(jedis.rpop(k, Integer.MAX_VALUE)).containsExactlyElementsOf(reversed);
        assertThat(jedis.exists(k)).isFalse();
    }
}
