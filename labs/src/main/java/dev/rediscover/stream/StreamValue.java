/*
 * A stream as stored under a key: the entry log plus the bookkeeping Redis keeps in its stream
 * struct (stream.h): the last ID ever generated, how many entries were ever added, the largest
 * deleted ID, and the consumer groups by name. Implements TypedValue so TYPE answers "stream".
 */
package dev.rediscover.stream;

import dev.rediscover.keyspace.TypedValue;

import java.util.Arrays;
import java.util.TreeMap;

public final class StreamValue implements TypedValue {
    final StreamLog log = new StreamLog();
    StreamId lastId = StreamId.MIN;
    StreamId maxDeletedId = StreamId.MIN;
    long entriesAdded;
    /** Consumer groups by name, in byte order as Redis's rax lists them. */
    final TreeMap<byte[], ConsumerGroup> groups = new TreeMap<>(Arrays::compareUnsigned);

    @Override public String typeName() { return "stream"; }

    @Override public String encoding() { return "stream"; }

    @Override public long memory() { return 96 + log.memory() + groups.size() * 128L; }

    public long length() { return log.size(); }

    /** The first entry's ID, 0-0 when empty (Redis: s->first_id). */
    StreamId firstId() {
        StreamId f = log.firstId();
        return f == null ? StreamId.MIN : f;
    }

    @Override
    public TypedValue copy() {
        StreamValue s = new StreamValue();
        var it = log.range(StreamId.MIN, StreamId.MAX, false);
        while (it.hasNext()) {
            var e = it.next();
            s.log.append(e.id(), e.packed());
        }
        s.lastId = lastId;
        s.maxDeletedId = maxDeletedId;
        s.entriesAdded = entriesAdded;
        for (var e : groups.entrySet()) s.groups.put(e.getKey(), e.getValue().copy());
        return s;
    }
}
