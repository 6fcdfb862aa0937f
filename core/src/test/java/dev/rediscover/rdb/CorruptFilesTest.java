/*
 * A damaged file must be refused with RdbFormatException naming an offset, never half-loaded and
 * never with some other exception: every truncation of a real file, random byte flips, a wrong
 * checksum, a wrong signature, and RESTORE payloads with a bad version, CRC or body.
 */
package dev.rediscover.rdb;

import dev.rediscover.keyspace.Keyspace;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.server.ManualClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class CorruptFilesTest {
    static final long NOW = RdbFixtureTest.NOW;

    static Keyspace fresh() { return new Keyspace(16, new ManualClock(NOW)); }

    /** A small file with one key of each type, written by us. */
    static byte[] smallFile() throws IOException {
        byte[] all = RdbFixtureTest.resource("redis7-all-types.rdb");
        Keyspace src = fresh();
        RdbLoader.load(new ByteArrayInputStream(all), src, NOW, true, true);
        Keyspace small = fresh();
        for (String k : new String[]{"str:embstr", "str:lzf", "list:small", "set:int16", "set:strings",
                "hash:small", "zset:small", "zset:longmember", "stream:groups"}) {
            small.db(0).add(k.getBytes(), src.db(0).peek(k.getBytes()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbFile.write(small, out, true, true, NOW);
        return out.toByteArray();
    }

    @Test
    void everyTruncationIsRefusedWithItsOffset() throws IOException {
        byte[] file = smallFile();
        for (int len = 0; len < file.length; len++) {
            Keyspace ks = fresh();
            byte[] cut = Arrays.copyOf(file, len);
            Throwable t = catchThrowable(() -> RdbLoader.load(new ByteArrayInputStream(cut), ks, NOW, true, true));
            assertThat(t).as("cut at %d", len).isInstanceOf(RdbFormatException.class);
            assertThat(((RdbFormatException) t).offset).as("cut at %d", len).isBetween(0L, (long) len);
            assertThat(ks.totalKeys()).as("nothing loaded from a file cut at %d", len).isZero();
        }
    }

    @Test
    void flippedBytesAreCaughtByTheChecksumOrTheParser() throws IOException {
        byte[] file = smallFile();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 1000; i++) {
            byte[] bad = file.clone();
            int at = rnd.nextInt(9, file.length);
            bad[at] ^= (byte) (1 << rnd.nextInt(8));
            Keyspace ks = fresh();
            Throwable t = catchThrowable(() -> RdbLoader.load(new ByteArrayInputStream(bad), ks, NOW, true, true));
            assertThat(t).as("flip at %d", at).isInstanceOf(RdbFormatException.class);
            assertThat(ks.totalKeys()).isZero();
        }
    }

    @Test
    void aWrongChecksumNamesTheChecksumOffset() throws IOException {
        byte[] file = smallFile();
        file[file.length - 1] ^= 1;
        assertThatThrownBy(() -> RdbLoader.load(new ByteArrayInputStream(file), fresh(), NOW, true, true))
                .isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("offset " + (file.length - 8)).hasMessageContaining("checksum");
        // rdbchecksum no on the loading side: accepted
        assertThat(RdbLoader.load(new ByteArrayInputStream(file), fresh(), NOW, true, false).keysLoaded()).isEqualTo(9);
    }

    @Test
    void aWrongSignatureOrVersionIsRefused() {
        assertThatThrownBy(() -> RdbLoader.load(new ByteArrayInputStream("RUBBISH01".getBytes()), fresh(), NOW, true, true))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("offset 0");
        assertThatThrownBy(() -> RdbLoader.load(new ByteArrayInputStream("REDIS0011\u00ff".getBytes()), fresh(), NOW, true, true))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("version 11");
    }

    @Test
    void readsNothingPastTheChecksum() throws IOException {
        byte[] file = smallFile();
        byte[] withTail = Arrays.copyOf(file, file.length + 5);
        System.arraycopy("*1\r\n".getBytes(), 0, withTail, file.length, 4);
        ByteArrayInputStream in = new ByteArrayInputStream(withTail);
        RdbLoader.load(in, fresh(), NOW, true, true);
        assertThat(in.available()).isEqualTo(5);
    }

    @Test
    void restoreChecksVersionCrcAndBody() {
        byte[] ok = RdbEncoder.dump(new RedisObject("hello".getBytes()));
        assertThat((byte[]) RdbLoader.restore(ok).value).isEqualTo("hello".getBytes());
        byte[] badCrc = ok.clone();
        badCrc[badCrc.length - 1] ^= 1;
        assertThatThrownBy(() -> RdbLoader.restore(badCrc)).hasMessage("DUMP payload version or checksum are wrong");
        assertThatThrownBy(() -> RdbLoader.restore(new byte[5])).hasMessage("DUMP payload version or checksum are wrong");
        // a newer version than ours, with a correct CRC
        byte[] newer = ok.clone();
        newer[newer.length - 10] = 11;
        long crc = Crc64.of(newer, 0, newer.length - 8);
        for (int i = 0; i < 8; i++) newer[newer.length - 8 + i] = (byte) (crc >>> (8 * i));
        assertThatThrownBy(() -> RdbLoader.restore(newer)).hasMessage("DUMP payload version or checksum are wrong");
        // a body that does not parse, with a correct CRC: an unknown type byte
        byte[] body = ok.clone();
        body[0] = 42;
        crc = Crc64.of(body, 0, body.length - 8);
        for (int i = 0; i < 8; i++) body[body.length - 8 + i] = (byte) (crc >>> (8 * i));
        assertThatThrownBy(() -> RdbLoader.restore(body)).hasMessage("Bad data format");
    }
}
