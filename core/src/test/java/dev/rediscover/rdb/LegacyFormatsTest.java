/*
 * Files from older Redis versions: redis-server 7.0 can no longer write ziplists, zipmaps,
 * quicklists of ziplists, text-encoded sorted-set scores or the first stream format, so these
 * tests build such files byte by byte (each blob's layout is spelled out where it is built) and
 * check that they load. Layouts: see CompactEncodings (ziplist, zipmap, intset) and rdb.h.
 */
package dev.rediscover.rdb;

import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.server.ManualClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LegacyFormatsTest {
    static final long NOW = 1_700_000_000_000L;

    /** Builds the bytes of a file or blob. */
    static final class Bytes {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes u8(int... bs) { for (int b : bs) out.write(b); return this; }

        Bytes le(long v, int n) { for (int i = 0; i < n; i++) out.write((int) (v >>> (8 * i))); return this; }

        Bytes ascii(String s) { out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1)); return this; }

        /** An RDB length below 64: one byte 00LLLLLL. */
        Bytes len(int n) { return u8(n); }

        /** An RDB string: its length, then its bytes. */
        Bytes str(String s) { return len(s.length()).ascii(s); }

        Bytes blob(byte[] b) { len(b.length); out.writeBytes(b); return this; }

        Bytes blobRaw(byte[] b) { out.writeBytes(b); return this; }

        byte[] bytes() { return out.toByteArray(); }
    }

    /**
     * A ziplist of short strings and small integers:
     *   zlbytes u32 | zltail u32 (offset of the last entry) | zllen u16 | entries | 0xFF
     * each entry: prevlen (1 byte, the previous entry's size) | encoding | data, where
     *   00LLLLLL + bytes   a string shorter than 64 bytes
     *   1111xxxx           an integer 0..12 stored as xxxx - 1
     *   0xC0 + int16 LE    a 16-bit integer
     */
    static byte[] ziplist(Object... items) {
        Bytes entries = new Bytes();
        int prev = 0, last = 0;
        for (Object item : items) {
            Bytes e = new Bytes().u8(prev);
            if (item instanceof String s) {
                e.u8(s.length()).ascii(s);
            } else {
                int v = (Integer) item;
                if (v >= 0 && v <= 12) e.u8(0xF1 + v);
                else e.u8(0xC0).le(v, 2);
            }
            byte[] eb = e.bytes();
            last = 10 + entries.out.size();
            entries.out.writeBytes(eb);
            prev = eb.length;
        }
        byte[] body = entries.bytes();
        return new Bytes().le(10 + body.length + 1, 4).le(last, 4).le(items.length, 2)
                .blobRaw(body).u8(0xFF).bytes();
    }

    /**
     * A zipmap: count (1 byte) | per pair: keylen key vallen free value | 0xFF; lengths are
     * one byte below 254; `free` counts unused bytes after the value (here one, a 0).
     */
    static byte[] zipmap(String... kv) {
        Bytes b = new Bytes().u8(kv.length / 2);
        for (int i = 0; i < kv.length; i += 2) {
            b.u8(kv[i].length()).ascii(kv[i]).u8(kv[i + 1].length()).u8(1).ascii(kv[i + 1]).u8(0);
        }
        return b.u8(0xFF).bytes();
    }

    @Test
    void loadsAnRdb9FileWithZiplistsZipmapsAndTextScores() throws IOException {
        Bytes f = new Bytes().ascii("REDIS0009");
        f.u8(0xFA).str("redis-ver").str("6.2.6");
        f.u8(0xFE).len(0);                                                   // SELECTDB 0
        f.u8(14).str("ql").len(2).blob(ziplist("a", 12, 1000)).blob(ziplist("hello", 3));   // QUICKLIST
        f.u8(10).str("zl").blob(ziplist("x", "y"));                          // LIST_ZIPLIST
        f.u8(13).str("hz").blob(ziplist("f", "v", "n", 5));                  // HASH_ZIPLIST
        f.u8(12).str("zz").blob(ziplist("m", "1.5", "n", 2));                // ZSET_ZIPLIST
        f.u8(9).str("zm").blob(zipmap("k", "v", "key2", "value2"));          // HASH_ZIPMAP
        f.u8(3).str("z1").len(2).str("a").u8(3).ascii("1.5").str("b").u8(254);   // ZSET, text doubles, +inf
        f.u8(4).str("h4").len(1).str("field").u8(0xC0, 0x7B);                // HASH, value int8-encoded 123
        f.u8(1).str("l1").len(2).str("p").str("q");                          // LIST
        f.u8(0xFD).le(2_000_000_000L, 4).u8(0).str("old").str("v");          // EXPIRETIME in seconds
        f.u8(0xFE).len(2).u8(0xFB).len(1).len(0).u8(0).str("db2").str("x");
        f.u8(0xFF);
        byte[] body = f.bytes();
        byte[] file = new Bytes().blobRaw(body).le(Crc64.of(body, 0, body.length), 8).bytes();

        Keyspace ks = new Keyspace(16, new ManualClock(NOW));
        RdbLoader.Result r = RdbLoader.load(new ByteArrayInputStream(file), ks, NOW, true, true);
        assertThat(r.keysLoaded()).isEqualTo(10);
        assertThat(r.aux()).containsEntry("redis-ver", "6.2.6");
        var c = Contents.of(ks);
        assertThat(c).containsEntry("0:ql", "list [a, 12, 1000, hello, 3]")
                .containsEntry("0:zl", "list [x, y]")
                .containsEntry("0:hz", "hash [f=v, n=5]")
                .containsEntry("0:zz", "zset [m=1.5, n=2.0]")
                .containsEntry("0:zm", "hash [k=v, key2=value2]")
                .containsEntry("0:z1", "zset [a=1.5, b=Infinity]")
                .containsEntry("0:h4", "hash [field=123]")
                .containsEntry("0:l1", "list [p, q]")
                .containsEntry("0:old", "string v expireAt=2000000000000")
                .containsEntry("2:db2", "string x");
        assertThat(ks.db(0).peek("hz".getBytes()).encoding()).isEqualTo("listpack");
        assertThat(ks.db(0).peek("zz".getBytes()).encoding()).isEqualTo("listpack");
    }

    @Test
    void loadsAVeryOldFileWithoutAChecksum() throws IOException {
        // RDB 4 (Redis 2.6): no aux fields, no checksum after EOF.
        byte[] file = new Bytes().ascii("REDIS0004").u8(0xFE).len(0).u8(0).str("k").str("v").u8(0xFF).bytes();
        Keyspace ks = new Keyspace(16, new ManualClock(NOW));
        assertThat(RdbLoader.load(new ByteArrayInputStream(file), ks, NOW, true, true).keysLoaded()).isEqualTo(1);
        assertThat(Contents.of(ks)).containsEntry("0:k", "string v");
    }

    @Test
    void loadsTheFirstStreamFormat() throws IOException {
        // STREAM_LISTPACKS (15, Redis 5 to 6.2): like Redis 7.0's form without the first and
        // max-deleted IDs, the entries-added counter and the groups' entries-read.
        byte[] lp = new ListpackWriter()
                .addInt(2).addInt(0).addInt(1).add("f".getBytes()).addInt(0)            // master entry
                .addInt(2).addInt(0).addInt(0).add("a".getBytes()).addInt(4)           // 50-1 f=a (same fields)
                .addInt(0).addInt(0).addInt(1).addInt(1).add("g".getBytes()).add("b".getBytes()).addInt(6) // 50-2 g=b
                .toBytes();
        byte[] key = RdbEncoder.rawId(new dev.rediscover.stream.StreamId(50, 1));
        Bytes f = new Bytes().ascii("REDIS0009").u8(0xFE).len(0);
        f.u8(15).str("s").len(1).blob(key).blob(lp);
        f.len(2).len(50).len(2);                                    // length, last ID
        f.len(1).str("grp").len(50).len(1);                         // one group, last delivered 50-1
        f.len(1).blobRaw(key).le(NOW, 8).len(1);                    // group PEL: 50-1
        f.len(1).str("alice").le(NOW, 8).len(1).blobRaw(key);       // consumer alice owns it
        f.u8(0xFF);
        byte[] body = f.bytes();
        byte[] file = new Bytes().blobRaw(body).le(0, 8).bytes();   // a zero checksum: not checked
        Keyspace ks = new Keyspace(16, new ManualClock(NOW));
        RdbLoader.load(new ByteArrayInputStream(file), ks, NOW, true, true);
        assertThat(Contents.of(ks).get("0:s")).isEqualTo("stream len=2 last=50-2 first=50-1 maxdel=0-0 added=2 "
                + "entries=[50-1{f,a,}50-2{g,b,}] groups=[grp last=50-1 read=1 pel=50-1/" + NOW + "/1/alice "
                + " consumers=alice/" + NOW + "/[50-1] ;]");
    }
}
