/*
 * The chunked StreamLog against a TreeMap model: random appends, deletes and trims (exact and
 * approximate), then every range, forward and backward, must list what the model lists, and every
 * entry must read back with its fields. Entries mostly share their field names (the chunk's
 * master fields), sometimes not, with values from empty to larger than a chunk's 4 KB; IDs jump
 * by small and huge time deltas, so both ID encodings and chunk splits by size are exercised.
 */
package dev.rediscover.stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class StreamLogPropertyTest {

    @Provide
    Arbitrary<List<int[]>> ops() {
        Arbitrary<int[]> op = Arbitraries.integers().between(0, 9).flatMap(kind ->
                Arbitraries.integers().between(0, 600).map(arg -> new int[]{kind, arg}));
        return op.list().ofMinSize(1).ofMaxSize(400);
    }

    @Property(tries = 200)
    void behavesLikeASortedMap(@ForAll("ops") List<int[]> ops) {
        StreamLog log = new StreamLog();
        TreeMap<StreamId, byte[]> model = new TreeMap<>();
        long ms = 1;
        for (int[] op : ops) {
            switch (op[0]) {
                case 0, 1, 2, 3, 4, 5 -> {           // append (often)
                    for (int i = 0; i <= op[1] % 40; i++) {
                        StreamId id = new StreamId(ms, i % 3 == 1 ? 1000 + op[1] : i % 3);
                        if (i % 3 == 2) ms += op[1] % 7 == 0 ? 5000 + op[1] : 1;
                        byte[] data = entry(i, op[1]);
                        if (!model.isEmpty() && id.compareTo(model.lastKey()) <= 0) continue;
                        log.append(id, data);
                        model.put(id, data);
                    }
                    ms++;
                }
                case 6 -> {                           // delete the last, an existing or a missing ID
                    StreamId id = op[1] % 4 == 0 && !model.isEmpty() ? model.lastKey()
                            : op[1] % 4 == 1 && !model.isEmpty() ? model.firstKey() : new StreamId(op[1] % (ms + 1), op[1] % 3);
                    assertThat(log.delete(id)).isEqualTo(model.remove(id) != null);
                }
                case 7 -> {                           // exact trim by length
                    long maxLen = op[1] % (model.size() + 1);
                    long removed = log.trim(maxLen, null, false, 0);
                    long before = model.size();
                    while (model.size() > maxLen) model.pollFirstEntry();
                    assertThat(removed).isEqualTo(before - model.size());
                }
                case 8 -> {                           // exact trim by MINID
                    StreamId min = new StreamId(op[1] % (ms + 1), 0);
                    log.trim(0, min, false, 0);
                    model.headMap(min, false).clear();
                }
                default -> {                          // approximate trim: never below maxLen
                    long maxLen = op[1] % (model.size() + 1);
                    long removed = log.trim(maxLen, null, true, 10_000);
                    for (long i = 0; i < removed; i++) model.pollFirstEntry();
                    assertThat(model.size()).isGreaterThanOrEqualTo((int) Math.min(maxLen, model.size()));
                }
            }
            assertThat(log.size()).isEqualTo(model.size());
            assertThat(log.lastId()).isEqualTo(model.isEmpty() ? null : model.lastKey());
            assertThat(log.firstId()).isEqualTo(model.isEmpty() ? null : model.firstKey());
        }
        assertThat(list(log.range(StreamId.MIN, StreamId.MAX, false))).isEqualTo(new ArrayList<>(model.keySet()));
        assertThat(log.firstId()).isEqualTo(model.isEmpty() ? null : model.firstKey());
        assertThat(log.lastId()).isEqualTo(model.isEmpty() ? null : model.lastKey());
        for (long a = 0; a <= ms; a += 3) {
            StreamId start = new StreamId(a, 1);
            StreamId end = new StreamId(a + 7, 0);
            assertThat(list(log.range(start, end, false))).isEqualTo(new ArrayList<>(model.subMap(start, true, end, true).keySet()));
            assertThat(list(log.range(start, end, true))).isEqualTo(new ArrayList<>(model.subMap(start, true, end, true).descendingKeySet()));
        }
        for (Map.Entry<StreamId, byte[]> e : model.entrySet()) assertThat(log.get(e.getKey())).isEqualTo(e.getValue());
        Iterator<StreamLog.Entry> back = log.range(StreamId.MIN, StreamId.MAX, true);
        for (Map.Entry<StreamId, byte[]> e : model.descendingMap().entrySet()) assertThat(back.next().packed()).isEqualTo(e.getValue());
        StreamLog copy = log.copy();
        log.trim(0, null, false, 0);
        assertThat(list(copy.range(StreamId.MIN, StreamId.MAX, false))).isEqualTo(new ArrayList<>(model.keySet()));
    }

    /** Packed fields: usually "f1 v [f2 w]" (the same names), sometimes others, sometimes big. */
    private static byte[] entry(int i, int arg) {
        byte[] v = new byte[arg % 11 == 0 ? arg * 13 : arg % 5];
        Arrays.fill(v, (byte) i);
        byte[][] argv = switch (arg % 4) {
            case 0, 1 -> new byte[][]{"f1".getBytes(), v};
            case 2 -> new byte[][]{"f1".getBytes(), v, "f2".getBytes(), new byte[]{(byte) arg}};
            default -> new byte[][]{("g" + i).getBytes(), v, new byte[0], new byte[0]};
        };
        return Fields.pack(argv, 0, argv.length);
    }

    private static List<StreamId> list(Iterator<StreamLog.Entry> it) {
        List<StreamId> out = new ArrayList<>();
        while (it.hasNext()) out.add(it.next().id());
        return out;
    }
}
