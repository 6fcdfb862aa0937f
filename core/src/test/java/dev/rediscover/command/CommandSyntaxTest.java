/*
 * commands/syntax.txt and its parser: the notation gives the trees COMMAND DOCS sends, bad lines
 * are refused, every registered command has exactly one line and every line a command, and the
 * trees reach clients through COMMAND DOCS.
 */
package dev.rediscover.command;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandSyntaxTest {
    private static CommandArg arg(String name, String type) {
        return new CommandArg(name, type, null, List.of(), type.equals("key") ? 0 : -1, List.of());
    }

    private static CommandArg token(String tok) {
        return new CommandArg(tok.toLowerCase(), "pure-token", tok, List.of(), -1, List.of());
    }

    @Test
    void setLineGivesRedisTree() {
        List<CommandArg> set = SyntaxParser.parse("key value [{condition} NX | XX] [GET]"
                + " [{expiration} EX seconds:integer | PXAT unix-time-milliseconds:unix-time | KEEPTTL]");
        assertThat(set).containsExactly(
                arg("key", "key"),
                arg("value", "string"),
                new CommandArg("condition", "oneof", null, List.of("optional"), -1, List.of(token("NX"), token("XX"))),
                new CommandArg("get", "pure-token", "GET", List.of("optional"), -1, List.of()),
                new CommandArg("expiration", "oneof", null, List.of("optional"), -1, List.of(
                        new CommandArg("seconds", "integer", "EX", List.of(), -1, List.of()),
                        new CommandArg("unix-time-milliseconds", "unix-time", "PXAT", List.of(), -1, List.of()),
                        token("KEEPTTL"))));
    }

    @Test
    void repetitionTokensAndBlocks() {
        // x [x ...] is one multiple argument; keys are numbered in order unless @n says otherwise
        assertThat(SyntaxParser.parse("destination:key key [key ...]")).containsExactly(
                arg("destination", "key"),
                new CommandArg("key", "key", null, List.of("multiple"), 1, List.of()));
        assertThat(SyntaxParser.parse("key1:key key2:key@0")).extracting(CommandArg::keySpecIndex).containsExactly(0, 0);
        // a token with one word: that word carries the token; with several: a block named after it
        assertThat(SyntaxParser.parse("[LIMIT offset:integer count:integer]")).containsExactly(
                new CommandArg("limit", "block", "LIMIT", List.of("optional"), -1, List.of(
                        arg("offset", "integer"), arg("count", "integer"))));
        assertThat(SyntaxParser.parse("[WEIGHTS weight:integer [weight ...]]")).containsExactly(
                new CommandArg("weight", "integer", "WEIGHTS", List.of("optional", "multiple"), -1, List.of()));
        // a repeated token: multiple_token
        assertThat(SyntaxParser.parse("[GET pattern [GET pattern ...]]")).containsExactly(
                new CommandArg("pattern", "pattern", "GET", List.of("optional", "multiple", "multiple_token"), -1, List.of()));
        // a named block repeated, and the "x ..." short form
        assertThat(SyntaxParser.parse("({data} field value) [field value ...]")).containsExactly(
                new CommandArg("data", "block", null, List.of("multiple"), -1, List.of(arg("field", "string"), arg("value", "string"))));
        assertThat(SyntaxParser.parse("[member ...]").get(0).flags()).containsExactly("optional", "multiple");
        // "ip:port" is a name: "port" is no type
        assertThat(SyntaxParser.parse("ip:port").get(0)).isEqualTo(arg("ip:port", "string"));
        assertThat(SyntaxParser.parse("[AGGREGATE (SUM | MIN | MAX)]").get(0))
                .isEqualTo(new CommandArg("aggregate", "oneof", "AGGREGATE", List.of("optional"), -1,
                        List.of(token("SUM"), token("MIN"), token("MAX"))));
    }

    @Test
    void badLinesAreRefusedWithTheirNumber() {
        assertThatThrownBy(() -> SyntaxParser.parse("key [NX | XX")).hasMessageContaining("expected ']'");
        assertThatThrownBy(() -> SyntaxParser.parse("key [NX | XX]")).hasMessageContaining("needs a {name}");
        assertThatThrownBy(() -> SyntaxParser.parse("key (a b)")).hasMessageContaining("needs a {name}");
        assertThatThrownBy(() -> SyntaxParser.parse("key [{c} a | b])")).hasMessageContaining("unexpected ')'");
        assertThatThrownBy(() -> SyntaxParser.parse("count:integer@1")).hasMessageContaining("@index");
        assertThatThrownBy(() -> CommandSyntax.parse(List.of("# c", "GET key", "GET key")))
                .hasMessageContaining("line 3").hasMessageContaining("second line");
    }

    @Test
    void subcommandsFollowTheirContainer() {
        CommandSyntax s = CommandSyntax.parse(List.of("CONFIG", "CONFIG GET parameter [parameter ...]", "CONFIG HELP"));
        assertThat(s.names()).containsExactly("config", "config|get", "config|help");
        assertThat(s.arguments("config|get").get(0).flags()).containsExactly("multiple");
        assertThat(s.arguments("config|help")).isEmpty();
    }

    /** COMMAND LIST against the file: a command without a line, or a line without a command, fails. */
    @Test
    void everyRegisteredCommandHasExactlyOneLine() {
        try (RediscoverServer redis = RediscoverServer.start()) {
            Set<String> registered = redis.onLoop(s -> {
                Set<String> names = new TreeSet<>();
                for (CommandSpec cmd : s.commands.all()) {
                    names.add(cmd.name());
                    for (CommandSpec sub : cmd.subcommands().values()) names.add(sub.name());
                }
                return names;
            });
            Set<String> inFile = new TreeSet<>(CommandSyntax.builtIn().names());
            List<String> missing = new ArrayList<>(registered);
            missing.removeAll(inFile);
            List<String> unknown = new ArrayList<>(inFile);
            unknown.removeAll(registered);
            assertThat(missing).as("registered commands with no line in " + CommandSyntax.RESOURCE).isEmpty();
            assertThat(unknown).as("lines in " + CommandSyntax.RESOURCE + " naming no registered command").isEmpty();
        }
    }

    @Test
    void commandDocsSendsTheArguments() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start(); RawClient c = new RawClient(redis.port())) {
            String get = c.callText("COMMAND", "DOCS", "get");
            assertThat(get).endsWith("$9\\r\\narguments\\r\\n*1\\r\\n*6\\r\\n$4\\r\\nname\\r\\n$3\\r\\nkey\\r\\n"
                    + "$4\\r\\ntype\\r\\n$3\\r\\nkey\\r\\n$14\\r\\nkey_spec_index\\r\\n:0\\r\\n");
            assertThat(c.callText("COMMAND", "DOCS", "dbsize")).doesNotContain("arguments");
            String client = c.callText("COMMAND", "DOCS", "client");
            assertThat(client).contains("client|kill", "SKIPME", "yes/no");
            c.call("HELLO", "3");
            assertThat(c.callText("COMMAND", "DOCS", "lpop")).contains("$5\\r\\nflags\\r\\n~1\\r\\n+optional\\r\\n");
        }
    }
}
