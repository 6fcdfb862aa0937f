/*
 * JMH: how fast RespWriter encodes the three most common replies: a bulk string (GET), an integer
 * (INCR, DEL) and an array of bulk strings (MGET, LRANGE). Redis's equivalents are addReplyBulk,
 * addReplyLongLong and addReplyArrayLen in networking.c, appending to the client's reply buffer.
 *
 *   ./mvnw -q -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar RespWriterBench
 */
package dev.rediscover.bench;

import dev.rediscover.resp.RespWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RespWriterBench {
    static final int REPLIES = 16;   // a -P 16 pipeline's worth of replies per invocation

    private final RespWriter writer = new RespWriter();
    private byte[] value;
    private byte[][] elements;
    private long counter = 1_000_000;

    @Setup
    public void setUp() {
        value = "some-value-of-thirty-two-bytes!!".getBytes(StandardCharsets.US_ASCII);
        elements = new byte[10][];
        for (int i = 0; i < elements.length; i++) elements[i] = ("member:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    @OperationsPerInvocation(REPLIES)
    public int bulk() {
        for (int i = 0; i < REPLIES; i++) writer.bulk(value);
        return drain();
    }

    /** Integers past the shared ":0".. ":9999" table, so each one is formatted. */
    @Benchmark
    @OperationsPerInvocation(REPLIES)
    public int integer() {
        for (int i = 0; i < REPLIES; i++) writer.integer(counter++);
        return drain();
    }

    /** An array of ten bulk strings, like MGET of ten keys. */
    @Benchmark
    @OperationsPerInvocation(REPLIES)
    public int array() {
        for (int i = 0; i < REPLIES; i++) {
            writer.arrayHeader(elements.length);
            for (byte[] e : elements) writer.bulk(e);
        }
        return drain();
    }

    /** What the socket write would do: take the bytes and empty the buffer. */
    private int drain() {
        int n = writer.pending();
        writer.discard();
        return n;
    }
}
