/*
 * JMH: how fast RespReader turns a pipeline into commands. The input is what redis-benchmark -P 16
 * sends: sixteen "SET key:<n> <value>" commands in one read. Redis's equivalent is
 * processMultibulkBuffer in networking.c; in both, the cost is scanning headers and copying
 * arguments out of the query buffer.
 *
 *   ./mvnw -q -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar RespReaderBench
 */
package dev.rediscover.bench;

import dev.rediscover.resp.ProtocolException;
import dev.rediscover.resp.RespReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RespReaderBench {
    static final int PIPELINE = 16;

    /** Size of each SET's value in bytes (redis-benchmark's -d, default 3). */
    @Param({"3", "100", "4096"})
    int valueSize;

    private byte[] pipeline;
    private byte[] inline;
    private RespReader reader;

    @Setup
    public void setUp() {
        ByteArrayOutputStream multibulk = new ByteArrayOutputStream();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        String value = "x".repeat(valueSize);
        for (int i = 0; i < PIPELINE; i++) {
            String key = "key:" + (100_000 + i);
            multibulk.writeBytes(ascii("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$"
                    + valueSize + "\r\n" + value + "\r\n"));
            lines.writeBytes(ascii("SET " + key + " " + value + "\r\n"));
        }
        pipeline = multibulk.toByteArray();
        inline = lines.toByteArray();
        reader = new RespReader(512L * 1024 * 1024);
    }

    /** Sixteen multibulk SETs per invocation; the score is commands per second. */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public void multibulkPipeline(Blackhole bh) throws ProtocolException {
        parse(pipeline, bh);
    }

    /** The same sixteen SETs typed as inline commands. */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public void inlinePipeline(Blackhole bh) throws ProtocolException {
        parse(inline, bh);
    }

    /** Feed in 16 KB pieces, as the event loop reads the socket, parsing after each piece. */
    private void parse(byte[] input, Blackhole bh) throws ProtocolException {
        for (int off = 0; off < input.length; off += 16 * 1024) {
            reader.feed(input, off, Math.min(16 * 1024, input.length - off));
            while (reader.next()) bh.consume(reader.argv()[reader.argc() - 1]);
            reader.shrinkIfIdle();
        }
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
}
