/*
 * Lab 15, task 1: the permission check in front of every command. A user made with ACL SETUSER
 * may run only its commands, on its keys, with its channels; everything else is refused with
 * NOPERM before the command runs. The default user (no rules) never reaches your code.
 */
package dev.rediscover.lessons.lab15;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

@Order(1)   // LabRunner runs the classes in task order
class AclGateTest extends OpsLab {
    static final String NOPERM_KEY = "-NOPERM this user has no permissions to access one of the keys used as arguments\r\n";
    static final String NOPERM_CHANNEL = "-NOPERM this user has no permissions to access one of the channels used as arguments\r\n";

    /** Create a user with these rules (password "pw") and a connection logged in as it. */
    RawClient loggedInAs(String user, String... rules) throws Exception {
        String[] cmd = new String[rules.length + 5];
        cmd[0] = "ACL";
        cmd[1] = "SETUSER";
        cmd[2] = user;
        cmd[3] = "on";
        cmd[4] = ">pw";
        System.arraycopy(rules, 0, cmd, 5, rules.length);
        x("ACL SETUSER with valid rules answers +OK (the rules are parsed for you)").send(cmd).expect(OK);
        RawClient c = connect();
        on(c, "AUTH user password logs in").send("AUTH", user, "pw").expect(OK);
        return c;
    }

    @Test
    @DisplayName("a command the user was not given is refused with NOPERM naming it")
    void commandNotAllowed() throws Exception {
        String key = randomKey("acl:");
        RawClient c = loggedInAs("reader", "~*", "+get");
        on(c, "canRun: +get sets the bit of GET only").send("GET", key).expect("$-1\r\n");
        on(c, "canRun must be false for a command whose bit is not set; checkPermissions then returns Denial.COMMAND")
                .send("SET", key, "v")
                .expect(err("NOPERM this user has no permissions to run the 'set' command"));
        x("the refused SET must not have run").send("EXISTS", key).expect(num(0));
    }

    @Test
    @DisplayName("subcommands have their own permission: +config|get does not allow CONFIG SET")
    void subcommands() throws Exception {
        RawClient c = loggedInAs("viewer", "+config|get");
        on(c, "CONFIG GET is allowed by +config|get").send("CONFIG", "GET", "maxmemory")
                .expect("*2\r\n" + bulk("maxmemory") + bulk("0"));
        on(c, "the check is on the subcommand's own spec (cmd is config|set here)")
                .send("CONFIG", "SET", "maxmemory", "1")
                .expect(err("NOPERM this user has no permissions to run the 'config|set' command"));
    }

    @Test
    @DisplayName("categories: +@read allows GET and refuses FLUSHALL")
    void categories() throws Exception {
        RawClient c = loggedInAs("ro", "~*", "+@read");
        on(c, "GET is in @read").send("GET", "k").expect("$-1\r\n");
        on(c, "FLUSHALL is not in @read: refused by canRun")
                .send("FLUSHALL").expect(err("NOPERM this user has no permissions to run the 'flushall' command"));
    }

    @Test
    @DisplayName("key patterns: ~cache:* allows cache keys and refuses the others")
    void keyPatterns() throws Exception {
        RawClient c = loggedInAs("cache", "+@all", "~cache:*");
        on(c, "canAccessKey: the key matches the glob cache:*").send("SET", "cache:1", "v").expect(OK);
        on(c, "canAccessKey: no pattern matches sessions:1, checkPermissions returns Denial.KEY")
                .send("GET", "sessions:1").expect(NOPERM_KEY);
        on(c, "every key of a multi-key command is checked, not only the first")
                .send("MGET", "cache:1", "other").expect(NOPERM_KEY);
        on(c, "a command with no keys needs no key permission").send("PING").expect(PONG);
    }

    @Test
    @DisplayName("read-only and write-only key patterns follow what the command does with the key")
    void readWritePatterns() throws Exception {
        x("setup").send("SET", "shared:1", "v").expect(OK);
        RawClient c = loggedInAs("half", "+@all", "%R~shared:*", "%W~inbox:*");
        on(c, "%R~ allows reading: the pattern's permissions include what GET needs (READ)")
                .send("GET", "shared:1").expect(bulk("v"));
        on(c, "%R~ does not allow writing: (p.perms & perms) == perms fails for SET's WRITE")
                .send("SET", "shared:1", "w").expect(NOPERM_KEY);
        on(c, "%W~ allows SET (an overwrite needs no read permission)").send("SET", "inbox:1", "w").expect(OK);
        on(c, "%W~ does not allow GET").send("GET", "inbox:1").expect(NOPERM_KEY);
    }

    @Test
    @DisplayName("channels: PUBLISH and SUBSCRIBE need a matching channel pattern, PSUBSCRIBE an equal one")
    void channels() throws Exception {
        RawClient c = loggedInAs("news", "+@all", "resetchannels", "&news.*");
        on(c, "canAccessChannel: news.sport matches the glob news.*").send("PUBLISH", "news.sport", "goal").expect(num(0));
        on(c, "canAccessChannel: weather matches no pattern: Denial.CHANNEL")
                .send("PUBLISH", "weather", "rain").expect(NOPERM_CHANNEL);
        on(c, "a PSUBSCRIBE pattern must equal one of the user's patterns literally, not match it")
                .send("PSUBSCRIBE", "news.s*").expect(NOPERM_CHANNEL);
        on(c, "the user's own pattern is allowed to PSUBSCRIBE")
                .send("PSUBSCRIBE", "news.*").expect("*3\r\n" + bulk("psubscribe") + bulk("news.*") + num(1));
    }

    @Test
    @DisplayName("ACL DRYRUN asks the same question without running anything")
    void dryRun() throws Exception {
        loggedInAs("dry", "+get", "~a:*");
        x("ACL DRYRUN calls checkPermissions: an allowed command answers +OK").send("ACL", "DRYRUN", "dry", "GET", "a:1").expect(OK);
        x("... and a refused key explains itself")
                .send("ACL", "DRYRUN", "dry", "GET", "b:1")
                .expect(bulk("This user has no permissions to access the 'b:1' key"));
    }

    @Test
    @DisplayName("+@all -debug ~* &*: every command but one, on every key and channel")
    void allButOne() throws Exception {
        String key = randomKey("acl:");
        x("the default user runs everything (it never reaches checkPermissions)").send("SET", key, "v").expect(OK);
        RawClient c = loggedInAs("almost", "+@all", "-debug", "~*", "&*");
        on(c, "canRun: +@all set every bit, -debug cleared one").send("GET", key).expect(bulk("v"));
        on(c, "allChannels: PUBLISH to any channel").send("PUBLISH", "any", "m").expect(num(0));
        on(c, "canRun: DEBUG's bit is cleared")
                .send("DEBUG", "SLEEP", "0").expect(err("NOPERM this user has no permissions to run the 'debug' command"));
    }
}
