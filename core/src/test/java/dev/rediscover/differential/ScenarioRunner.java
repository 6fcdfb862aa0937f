/*
 * Runs a scenario script against two servers at once, a real redis-server and the engine, and
 * records every reply that differs.
 *
 * A script is plain text, one command per line, written as you would type it in redis-cli
 * (quotes and \x escapes work). Blank lines and lines starting with # are skipped. A line may
 * start with a directive that loosens the comparison for that one command:
 *
 *   @unordered SMEMBERS s     compare the elements of the (top-level) array as a multiset
 *   @deep-unordered COMMAND INFO config   the same, at every depth of nesting
 *   @type TTL k               compare only the reply's type byte (':' vs '$' ...)
 *   @error FOO                both must reply with an error (any text)
 *   @ignore CLIENT ID         run on both, compare nothing (replies that are naturally different)
 *   @eq-int TTL k 99 100      both integer replies within [99,100]
 *   @acl-log ACL LOG          ACL LOG entries: age-seconds is not compared, and of client-info
 *                             only its "cmd=... user=..." part (addresses, ports, buffers differ)
 *   @slowlog SLOWLOG GET      SLOWLOG GET entries: ids, timestamps, durations and the client's
 *                             port are not compared (the shape, arguments and names are)
 *
 * Scenarios run on one connection per server, after FLUSHALL, starting in database 0.
 * Replies are compared byte for byte unless a directive says otherwise.
 */
package dev.rediscover.differential;

import dev.rediscover.resp.InlineSplitter;
import dev.rediscover.testing.RawClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class ScenarioRunner {
    /** One difference between Redis and the engine. */
    public record Mismatch(String where, String command, String redis, String engine) {
        @Override
        public String toString() {
            return where + ": " + command + "\n    redis:  " + redis + "\n    engine: " + engine;
        }
    }

    private final RawClient redis;
    private final RawClient engine;
    private final List<Mismatch> mismatches = new ArrayList<>();
    private int compared;

    public ScenarioRunner(RawClient redis, RawClient engine) {
        this.redis = redis;
        this.engine = engine;
    }

    public List<Mismatch> mismatches() { return mismatches; }

    /** Commands compared so far (for the note: how many comparisons a run made). */
    public int compared() { return compared; }

    /** Run a whole script. `name` labels mismatches ("strings.redis:12"). */
    public void runScript(String name, String script) throws IOException {
        String[] lines = script.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            runLine(name + ":" + (i + 1), line);
        }
    }

    /** Run one line (with an optional directive) on both servers and compare. */
    public void runLine(String where, String line) throws IOException {
        String directive = null;
        String[] range = null;
        if (line.startsWith("@")) {
            int sp = line.indexOf(' ');
            directive = line.substring(1, sp);
            line = line.substring(sp + 1).strip();
            if (directive.equals("eq-int")) {
                // the last two words are the accepted range
                int b = line.lastIndexOf(' ');
                int a = line.lastIndexOf(' ', b - 1);
                range = new String[]{line.substring(a + 1, b), line.substring(b + 1)};
                line = line.substring(0, a);
            }
        }
        byte[] raw = line.getBytes(StandardCharsets.UTF_8);
        byte[][] args = InlineSplitter.split(raw, 0, raw.length);
        if (args == null) throw new IllegalArgumentException(where + ": unbalanced quotes in scenario line: " + line);
        byte[] r = redis.call(args);
        byte[] e = engine.call(args);
        compare(where, line, directive, range, r, e);
    }

    /** Compare two replies to the same command. */
    public void compare(String where, String command, String directive, String[] range, byte[] r, byte[] e) {
        compared++;
        boolean same;
        if (directive == null) {
            same = java.util.Arrays.equals(r, e);
        } else {
            same = switch (directive) {
                case "unordered" -> RespValues.unorderedEquals(r, e);
                case "deep-unordered" -> RespValues.deepUnorderedEquals(r, e);
                case "type" -> r.length > 0 && e.length > 0 && r[0] == e[0];
                case "error" -> r.length > 0 && e.length > 0 && r[0] == '-' && e[0] == '-';
                case "ignore" -> true;
                case "eq-int" -> inRange(r, range) && inRange(e, range);
                case "acl-log" -> maskAclLog(r).equals(maskAclLog(e));
                case "slowlog" -> maskSlowlog(r).equals(maskSlowlog(e));
                default -> throw new IllegalArgumentException(where + ": unknown directive @" + directive);
            };
        }
        if (!same) mismatches.add(new Mismatch(where, command, RawClient.escape(r), RawClient.escape(e)));
    }

    private static final java.util.regex.Pattern AGE =
            java.util.regex.Pattern.compile("(\\$11\r\nage-seconds\r\n)(?:\\$\\d+\r\n[^\r]*\r\n|,[^\r]*\r\n)");
    private static final java.util.regex.Pattern CLIENT_INFO =
            java.util.regex.Pattern.compile("(\\$11\r\nclient-info\r\n)\\$\\d+\r\n[^\r]*( cmd=\\S+ user=\\S+)[^\r]*\r\n");

    /** An ACL LOG reply without what naturally differs between two servers (see @acl-log). */
    static String maskAclLog(byte[] reply) {
        String s = new String(reply, StandardCharsets.UTF_8);
        s = AGE.matcher(s).replaceAll("$1");
        return CLIENT_INFO.matcher(s).replaceAll("$1$2\r\n");
    }

    private static final java.util.regex.Pattern SLOWLOG_HEAD =
            java.util.regex.Pattern.compile("\\*6\r\n:\\d+\r\n:\\d+\r\n:\\d+\r\n");
    private static final java.util.regex.Pattern PEER =
            java.util.regex.Pattern.compile("\\$\\d+\r\n127\\.0\\.0\\.1:\\d+\r\n");

    /** A SLOWLOG GET reply without ids, times, durations and client ports (see @slowlog). */
    static String maskSlowlog(byte[] reply) {
        String s = new String(reply, StandardCharsets.ISO_8859_1);
        s = SLOWLOG_HEAD.matcher(s).replaceAll("*6\r\n:ID\r\n:TIME\r\n:US\r\n");
        return PEER.matcher(s).replaceAll("\\$PEER\r\n");
    }

    private static boolean inRange(byte[] reply, String[] range) {
        String s = new String(reply, StandardCharsets.US_ASCII);
        if (!s.startsWith(":")) return false;
        long v = Long.parseLong(s.substring(1).strip());
        return v >= Long.parseLong(range[0]) && v <= Long.parseLong(range[1]);
    }
}
