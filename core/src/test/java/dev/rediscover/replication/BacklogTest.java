/* The backlog ring: offsets, wrap-around, what PSYNC may ask for, resizing. */
package dev.rediscover.replication;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BacklogTest {
    @Test
    void keepsTheLastBytesAcrossWrapAround() {
        Random r = new Random();
        Backlog b = new Backlog(16 * 1024, 100);
        assertThat(b.firstByteOffset()).isEqualTo(101);
        assertThat(b.covers(101)).isTrue();                 // nothing yet: the next byte may be asked
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 500; i++) {
            byte[] chunk = new byte[r.nextInt(300)];
            r.nextBytes(chunk);
            b.append(chunk);
            all.write(chunk, 0, chunk.length);
        }
        byte[] stream = all.toByteArray();
        assertThat(b.offset()).isEqualTo(100 + stream.length);
        assertThat(b.histlen()).isEqualTo(Math.min(stream.length, 16 * 1024));
        long first = b.firstByteOffset();
        assertThat(b.covers(first - 1)).isFalse();
        assertThat(b.covers(b.offset() + 2)).isFalse();
        long from = first + r.nextInt((int) b.histlen());
        assertThat(b.since(from)).isEqualTo(Arrays.copyOfRange(stream, (int) (from - 101), stream.length));
        assertThat(b.since(b.offset() + 1)).isEmpty();
    }

    @Test
    void aChunkBiggerThanTheRingKeepsItsTail() {
        Backlog b = new Backlog(16 * 1024, 0);
        byte[] big = new byte[40_000];
        new Random().nextBytes(big);
        b.append(big);
        assertThat(b.since(b.firstByteOffset())).isEqualTo(Arrays.copyOfRange(big, 40_000 - 16 * 1024, 40_000));
    }

    @Test
    void resizingKeepsTheNewestBytes() {
        Backlog b = new Backlog(64 * 1024, 0);
        byte[] data = new byte[50_000];
        new Random().nextBytes(data);
        b.append(data);
        b.resize(16 * 1024);
        assertThat(b.offset()).isEqualTo(50_000);
        assertThat(b.histlen()).isEqualTo(16 * 1024);
        assertThat(b.since(b.firstByteOffset())).isEqualTo(Arrays.copyOfRange(data, 50_000 - 16 * 1024, 50_000));
    }
}
