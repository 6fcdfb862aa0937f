/*
 * Key specs without a server: the legacy (first, last, step) and "movablekeys" CommandSpec
 * derives from them, and the keys each kind of spec finds in an argument list. The expected
 * values are what redis-server 7.0 answers for the commands named in each test (COMMAND INFO,
 * COMMAND GETKEYS).
 */
package dev.rediscover.command;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeySpecTest {
    private static CommandSpec spec(String name) {
        return new CommandSpec(name, -2, c -> { }, null);
    }

    private static byte[][] argv(String words) {
        String[] w = words.split(" ");
        byte[][] out = new byte[w.length][];
        for (int i = 0; i < w.length; i++) out[i] = w[i].getBytes(StandardCharsets.UTF_8);
        return out;
    }

    /** The keys a command finds in `words`, or null when the arguments are invalid. */
    private static List<String> keys(CommandSpec cmd, String words) {
        byte[][] a = argv(words);
        List<String> out = new ArrayList<>();
        boolean ok = cmd.findKeys(a, a.length, (i, s) -> out.add(new String(a[i], StandardCharsets.UTF_8)));
        return ok ? out : null;
    }

    private static List<Integer> legacy(CommandSpec cmd) {
        return List.of(cmd.firstKey(), cmd.lastKey(), cmd.keyStep());
    }

    @Test
    void oneKeyAndRangesGiveTheLegacyTripleUnchanged() {
        assertThat(legacy(spec("append").key(1, "RW insert"))).containsExactly(1, 1, 1);
        assertThat(legacy(spec("del").keys(1, -1, 1, "RM delete"))).containsExactly(1, -1, 1);
        CommandSpec mset = spec("mset").keys(1, -1, 2, "OW update");
        assertThat(legacy(mset)).containsExactly(1, -1, 2);
        assertThat(mset.movableKeys()).isFalse();
        assertThat(mset.keySpecs().get(0).lastKey()).isEqualTo(-1);
        assertThat(spec("lcs").keys(1, 2, 1, "RO access").keySpecs().get(0).lastKey()).isEqualTo(1);
    }

    @Test
    void adjacentSpecsMergeIntoOneLegacyRange() {
        assertThat(legacy(spec("copy").key(1, "RO access").key(2, "OW update"))).containsExactly(1, 2, 1);
        CommandSpec bitop = spec("bitop").key(2, "OW update").keys(3, -1, 1, "RO access");
        assertThat(legacy(bitop)).containsExactly(2, -1, 1);
        assertThat(bitop.movableKeys()).isFalse();
        assertThat(bitop.flags()).doesNotContain("movablekeys");
    }

    @Test
    void keynumAndKeywordSpecsMakeKeysMovable() {
        CommandSpec zunionstore = spec("zunionstore").flags("write denyoom").key(1, "OW update")
                .keySpec(KeySpec.at(2).keynum(0, 1, 1).flags("RO access"));
        assertThat(legacy(zunionstore)).containsExactly(1, 1, 1);
        assertThat(zunionstore.flags()).containsExactly("write", "denyoom", "movablekeys");

        CommandSpec lmpop = spec("lmpop").flags("write").keySpec(KeySpec.at(1).keynum(0, 1, 1).flags("RW access delete"));
        assertThat(legacy(lmpop)).containsExactly(0, 0, 0);
        assertThat(lmpop.flags()).containsExactly("write", "movablekeys");

        CommandSpec xread = spec("xread").keySpec(KeySpec.after("streams", 1).range(-1, 1, 2).flags("RO access"));
        assertThat(legacy(xread)).containsExactly(0, 0, 0);
        assertThat(xread.keySpecs().get(0).keyword()).isEqualTo("STREAMS");
    }

    @Test
    void movablekeysGoesBeforeAllowBusy() {
        CommandSpec eval = spec("eval").flags("noscript stale allow_busy")
                .keySpec(KeySpec.at(2).keynum(0, 1, 1).flags("RW access update"));
        assertThat(eval.flags()).containsExactly("noscript", "stale", "movablekeys", "allow_busy");
    }

    @Test
    void gapsAndStepsInSeveralSpecsAreMovableToo() {
        // a second key that does not follow the first (argv[1] and argv[3])
        CommandSpec gap = spec("gap").key(1, "RO").key(3, "RW update");
        assertThat(legacy(gap)).containsExactly(1, 1, 1);
        assertThat(gap.movableKeys()).isTrue();
        CommandSpec unknown = spec("sort").key(1, "RO access").keySpec(KeySpec.unknown().flags("RO access"));
        assertThat(legacy(unknown)).containsExactly(1, 1, 1);
        assertThat(unknown.movableKeys()).isTrue();
    }

    @Test
    void theOldFormStillGivesOneGuessedRangeSpec() {
        CommandSpec w = spec("w").flags("write").keys(1, 2, 1);
        assertThat(w.keySpecs()).hasSize(1);
        assertThat(w.keySpecFlags()).containsExactly("RW", "update");
        assertThat(legacy(w)).containsExactly(1, 2, 1);
        CommandSpec r = spec("r").flags("readonly").keys(2, 2, 1).keyFlags("RO");
        assertThat(r.keySpecFlags()).containsExactly("RO");
        assertThat(spec("none").keySpecs()).isEmpty();
        // explicit specs win over the old form
        assertThat(spec("x").keys(1, 1, 1).key(2, "OW update").keySpecs()).extracting(KeySpec::index).containsExactly(2);
    }

    @Test
    void rangesFindKeysAndRejectTooFewArguments() {
        CommandSpec mset = spec("mset").keys(1, -1, 2, "OW update");
        assertThat(keys(mset, "mset a 1 b 2 c 3")).containsExactly("a", "b", "c");
        assertThat(keys(mset, "mset a 1 b")).containsExactly("a", "b");
        CommandSpec copy = spec("copy").key(1, "RO access").key(2, "OW update");
        assertThat(keys(copy, "copy s d DB 1")).containsExactly("s", "d");
        assertThat(keys(copy, "copy s")).isNull();
        CommandSpec bitop = spec("bitop").key(2, "OW update").keys(3, -1, 1, "RO access");
        assertThat(keys(bitop, "bitop and d s1 s2")).containsExactly("d", "s1", "s2");
        assertThat(keys(bitop, "bitop and d")).isNull();
    }

    @Test
    void keynumReadsTheCountAndRejectsBadOnes() {
        CommandSpec z = spec("zunionstore").key(1, "OW update").keySpec(KeySpec.at(2).keynum(0, 1, 1).flags("RO access"));
        assertThat(keys(z, "zunionstore d 2 a b WEIGHTS 1 2")).containsExactly("d", "a", "b");
        assertThat(keys(z, "zunionstore d 3 a b")).isNull();
        assertThat(keys(z, "zunionstore d x a b")).isNull();
        assertThat(keys(z, "zunionstore d -1 a")).isNull();
        CommandSpec lmpop = spec("lmpop").keySpec(KeySpec.at(1).keynum(0, 1, 1).flags("RW access delete"));
        assertThat(keys(lmpop, "lmpop 2 a b left")).containsExactly("a", "b");
        assertThat(keys(lmpop, "lmpop 0 a left")).isNull();
        CommandSpec stepped = spec("pairs").keySpec(KeySpec.at(1).keynum(0, 1, 2).flags("RO"));
        assertThat(keys(stepped, "pairs 2 a 1 b 2")).containsExactly("a", "b");
    }

    @Test
    void keywordSearchesForwardOrBackwardAndMayFindNothing() {
        CommandSpec xread = spec("xread").keySpec(KeySpec.after("STREAMS", 1).range(-1, 1, 2).flags("RO access"));
        assertThat(keys(xread, "xread count 1 streams a b 0 0")).containsExactly("a", "b");
        assertThat(keys(xread, "xread COUNT 1 STREAMS a b 0")).containsExactly("a");
        assertThat(keys(xread, "xread count 1")).isEmpty();
        CommandSpec store = spec("georadius").key(1, "RO access")
                .keySpec(KeySpec.after("STORE", 6).flags("OW update"));
        assertThat(keys(store, "georadius src 0 0 1 km store dst")).containsExactly("src", "dst");
        assertThat(keys(store, "georadius src 0 0 1 km")).containsExactly("src");
        CommandSpec backwards = spec("back").keySpec(KeySpec.after("KEY", -1).flags("RO"));
        assertThat(keys(backwards, "back key a key b")).containsExactly("b");
        assertThat(keys(spec("sort").keySpec(KeySpec.unknown().flags("RO access")), "sort k by x")).isEmpty();
    }

    @Test
    void aKeyFinderReplacesTheSpecsAndChoosesFlags() {
        KeySpec read = KeySpec.at(1).flags("RO access");
        CommandSpec cmd = spec("f").keySpec(KeySpec.at(1).flags("RW access update variable_flags"))
                .keyFinder((a, n, out) -> {
                    out.key(1, read);
                    return true;
                });
        byte[][] a = argv("f k");
        List<List<String>> flags = new ArrayList<>();
        assertThat(cmd.findKeys(a, a.length, (i, s) -> flags.add(s.flags()))).isTrue();
        assertThat(flags).containsExactly(List.of("RO", "access"));
        assertThat(cmd.keySpecFlags()).contains("variable_flags");   // COMMAND INFO still shows the spec
    }
}
