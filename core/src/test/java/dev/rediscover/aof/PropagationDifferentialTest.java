/*
 * What each command propagates, compared with what redis-server 7.0 writes into its AOF: the same
 * script runs on a real redis-server (appendonly yes) and on the engine, then both incr files are
 * parsed and compared command by command. Absolute times (PXAT, PEXPIREAT, stream IDs) differ
 * by the few milliseconds between the two servers, so they are replaced by a placeholder when
 * they lie within ten minutes of now; SPOP's chosen members are random, so SREM's member is too.
 *
 * Runs only with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.aof;

import dev.rediscover.differential.RealRedis;
import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("differential")
class PropagationDifferentialTest {
    @TempDir
    Path ours;

    /**
     * The script. "B> cmd" sends on a second connection without reading the reply (a client that
     * will block); "B<" reads it; "SLEEP n" waits n ms (for a key given PX 1 to be past its TTL).
     */
    static final String[] SCRIPT = {
            "DEBUG SET-ACTIVE-EXPIRE 0",          // expiry only when a command touches the key
            // SET and its options
            "SET s1 v", "set s2 v EX 100", "SET s3 v PX 100000", "SET s4 v EXAT 4102444800", "SET s5 v PXAT 4102444800000",
            "SET s1 w KEEPTTL", "SET s1 x GET", "SET s1 y GET EX 50", "SET s1 z NX", "SET nx1 z XX", "SET s6 v NX PX 5000",
            "SETEX s7 100 v", "PSETEX s8 100000 v", "SETNX s9 v", "MSET m1 a m2 b", "GETSET s1 q",
            "GETEX s1 EX 100", "GETEX s1 PX 100000", "GETEX s1 EXAT 4102444800", "GETEX s1 PERSIST", "GETEX s1",
            "GETEX s2 PXAT 1", "GETDEL s3", "GETDEL missing",
            "INCR n", "INCRBY n 5", "DECR n", "INCRBYFLOAT f 1.5", "INCRBYFLOAT f 0.1", "APPEND s4 xyz", "SETRANGE s4 1 ab",
            // the expire family
            "EXPIRE s5 100", "PEXPIRE s5 100000", "EXPIREAT s5 4102444800", "PEXPIREAT s5 4102444800000",
            "EXPIRE s5 100 NX", "EXPIRE s5 200 GT", "PEXPIREAT s5 4102444800001 XX", "PERSIST s5", "PERSIST s5",
            "EXPIRE s6 -1", "PEXPIREAT s7 1", "EXPIRE missing 10", "TTL s8",
            // lazy expiry: the DEL comes with the command that found the key expired
            "SET e1 v PX 1", "SET e2 v PX 1", "SET e3 v PX 1", "SLEEP 5", "GET e1", "SET e2 new", "INCR e3",
            // sets
            "SADD st a", "SPOP st", "SADD st a b c d e f g h", "SPOP st 2", "SPOP st 6", "SADD st2 a b", "SPOP st2 5", "SPOP missing",
            // hashes
            "HSET h a 1", "HINCRBYFLOAT h a 2.5", "HINCRBYFLOAT h b 1e2", "HINCRBY h c 3", "HDEL h c",
            // lists, blocking forms served at once
            "RPUSH l a b c d e f", "BLPOP l 0", "BRPOP l 0", "BLMOVE l l2 LEFT RIGHT 0", "BRPOPLPUSH l l2 0",
            "BLMPOP 0 1 l LEFT COUNT 1", "LMPOP 2 missing l RIGHT COUNT 5", "LMPOP 1 missing LEFT", "LPOP l2", "LMOVE l2 l3 right left",
            // lists, blocked then served
            "B> BLPOP bl 0", "SLEEP 30", "RPUSH bl x", "B<",
            "B> BRPOP bl 0", "SLEEP 30", "RPUSH bl x y", "B<",
            "B> BLMOVE bl2 bl3 RIGHT LEFT 0", "SLEEP 30", "LPUSH bl2 z", "B<",
            "B> BRPOPLPUSH bl4 bl3 0", "SLEEP 30", "LPUSH bl4 z", "B<",
            "B> BLMPOP 0 2 bl5 bl6 RIGHT COUNT 3", "SLEEP 30", "RPUSH bl6 a b", "B<",
            // sorted sets
            "ZADD z 1 a 2 b 3 c 4 d", "BZPOPMIN z 0", "BZPOPMAX z 0", "ZPOPMIN z", "ZADD z 1 a 2 b 3 c", "ZMPOP 1 z MIN COUNT 2",
            "BZMPOP 0 1 z MAX COUNT 5", "ZADD z 1 a", "ZINCRBY z 2 a",
            "B> BZPOPMIN bz 0", "SLEEP 30", "ZADD bz 5 m", "B<",
            "B> BZMPOP 0 1 bz2 MAX COUNT 2", "SLEEP 30", "ZADD bz2 1 a 2 b 3 c", "B<",
            // streams
            "XADD x 1-1 f v", "XADD x * f v", "XADD x 5-* f v", "XADD x MAXLEN ~ 1 * f v", "XADD x MAXLEN = 3 * f v",
            "XADD x NOMKSTREAM MINID ~ 0 * f v", "XTRIM x MAXLEN 2", "XTRIM x MAXLEN ~ 0", "XADD nostream NOMKSTREAM * f v",
            // consumer groups: deliveries and claims become explicit XCLAIMs
            "XADD g 1-1 a 1", "XADD g 2-1 b 2", "XADD g 3-1 c 3", "XGROUP CREATE g grp 0", "XREADGROUP GROUP grp alice COUNT 1 STREAMS g >",
            "XREADGROUP GROUP grp bob STREAMS g >", "XREADGROUP GROUP grp alice STREAMS g 0", "XREADGROUP GROUP grp zed STREAMS g >",
            "XCLAIM g grp carol 0 1-1", "XCLAIM g grp carol 0 2-1 JUSTID", "XAUTOCLAIM g grp dave 0 0", "XACK g grp 2-1",
            "XGROUP CREATECONSUMER g grp eve", "XADD g 4-1 d 4", "XREADGROUP GROUP grp alice NOACK STREAMS g >",
            "XGROUP SETID g grp 0", "XGROUP DELCONSUMER g grp eve",
            "B> XREADGROUP GROUP grp frank BLOCK 0 STREAMS g >", "SLEEP 30", "XADD g 5-1 e 5", "B<",
            // transactions
            "MULTI", "SET t1 a", "INCR t2", "GET t1", "EXEC",
            "MULTI", "SET t3 a", "EXEC",
            "MULTI", "GET t1", "EXEC",
            "MULTI", "SET t4 v EX 100", "SPOP st2", "EXEC",
            // databases
            "SELECT 3", "SET d3 v", "SELECT 0", "SET d0 v", "MOVE d0 3", "SWAPDB 0 3", "SELECT 3", "COPY s1 s1copy", "FLUSHDB", "SELECT 0",
            // keys, no-ops
            "RENAME s4 s4b", "DEL missing", "DEL s4b s9", "UNLINK m1", "GET m2", "EXISTS m2", "SADD st2 x", "SREM st2 nothing",
            "FLUSHALL",
    };

    @Test
    void propagatedCommandsMatchRedis() throws Exception {
        try (RealRedis real = RealRedis.start("--appendonly", "yes", "--appendfsync", "always");
             RediscoverServer engine = RediscoverServer.start("--dir", ours.toString(), "--appendonly", "yes",
                     "--appendfsync", "always", "--enable-debug-command", "yes")) {
            run(real.port());
            run(engine.port());
            List<String> expected = normalise(readIncr(real.dir().resolve("appendonlydir")));
            List<String> actual = normalise(readIncr(ours.resolve("appendonlydir")));
            assertThat(actual).as("commands propagated to the AOF").containsExactlyElementsOf(expected);
            assertThat(actual.size()).isGreaterThan(100);
        }
    }

    private static void run(int port) throws IOException, InterruptedException {
        try (RawClient a = new RawClient(port); RawClient b = new RawClient(port)) {
            for (String line : SCRIPT) {
                if (line.startsWith("SLEEP ")) {
                    Thread.sleep(Long.parseLong(line.substring(6)));
                } else if (line.startsWith("B> ")) {
                    b.sendCommand(line.substring(3).split(" "));
                } else if (line.equals("B<")) {
                    b.readReply();
                } else {
                    a.call(line.split(" "));
                }
            }
        }
    }

    /** The incr file's commands, one string per command ("SET|k|v"). */
    static List<String> readIncr(Path dir) throws IOException {
        Path incr;
        try (var files = Files.list(dir)) {
            incr = files.filter(p -> p.getFileName().toString().endsWith(".incr.aof")).findFirst().orElseThrow();
        }
        return parse(Files.readAllBytes(incr));
    }

    static List<String> parse(byte[] data) {
        List<String> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < data.length) {
            if (data[pos[0]] != '*') throw new AssertionError("not a command at " + pos[0]);
            pos[0]++;
            int argc = (int) number(data, pos);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < argc; i++) {
                pos[0]++;                                      // '$'
                int len = (int) number(data, pos);
                if (i > 0) sb.append('|');
                sb.append(new String(data, pos[0], len, StandardCharsets.ISO_8859_1));
                pos[0] += len + 2;
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static long number(byte[] d, int[] pos) {
        long n = 0;
        while (d[pos[0]] != '\r') n = n * 10 + (d[pos[0]++] - '0');
        pos[0] += 2;
        return n;
    }

    private static final Pattern MILLIS = Pattern.compile("\\d{13}");
    private static final Pattern STREAM_ID = Pattern.compile("(\\d{13})-(\\d+)");

    /** Replace "now"-ish absolute times, and SREM's random member, by placeholders. */
    static List<String> normalise(List<String> commands) {
        long now = System.currentTimeMillis();
        List<String> out = new ArrayList<>();
        for (String c : commands) {
            String[] args = c.split("\\|", -1);
            for (int i = 1; i < args.length; i++) {
                var m = STREAM_ID.matcher(args[i]);
                if (MILLIS.matcher(args[i]).matches() && near(args[i], now)) args[i] = "<ms>";
                else if (m.matches() && near(m.group(1), now)) args[i] = "<id>";   // the sequence depends on timing too
            }
            if (args[0].equalsIgnoreCase("SREM") && args.length == 3) args[2] = "<member>";
            // DIFFERENCE: an approximate MINID trim is propagated with the stream's first ID; Redis
            // counts entries an exact trim left as tombstones in a node, the engine has none. Either
            // threshold removes nothing on replay, so only its place is compared.
            for (int i = 1; i + 2 < args.length; i++) {
                if (args[i].equalsIgnoreCase("MINID") && args[i + 1].equals("=")) args[i + 2] = "<first-id>";
            }
            out.add(String.join("|", args));
        }
        return out;
    }

    private static boolean near(String millis, long now) {
        return Math.abs(Long.parseLong(millis) - now) < 600_000 || Math.abs(Long.parseLong(millis) - now - 100_000) < 600_000;
    }
}
