/*
 * ACL end to end: a restricted user's commands, keys and channels, requirepass and NOAUTH, the
 * ACL LOG of wrong passwords, a brute-force AUTH loop that does not starve other clients, Jedis
 * logging in with a user name, ACL SAVE/LOAD with an aclfile, `user` lines in the configuration,
 * and subscribers disconnected when their channels are revoked.
 */
package dev.rediscover.acl;

import dev.rediscover.embedded.RediscoverServer;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisDataException;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclTest {
    private static String ok(byte[] reply) { return RawClient.escape(reply); }

    private static String rand() { return UUID.randomUUID().toString().substring(0, 8); }

    @Test
    void cacheUserCannotReadSessionsFlushOrSubscribeElsewhere() throws Exception {
        String pass = rand(), suffix = rand();
        try (RediscoverServer redis = RediscoverServer.start();
             RawClient admin = new RawClient(redis.port());
             RawClient user = new RawClient(redis.port())) {
            assertThat(admin.callText("ACL", "SETUSER", "cache", "on", ">" + pass, "~cache:*", "+get", "+set",
                    "+subscribe", "resetchannels", "&news")).isEqualTo("+OK\\r\\n");
            admin.call("SET", "session:" + suffix, "secret");
            assertThat(user.callText("AUTH", "cache", pass)).isEqualTo("+OK\\r\\n");
            assertThat(user.callText("SET", "cache:" + suffix, "v")).isEqualTo("+OK\\r\\n");
            assertThat(user.callText("GET", "cache:" + suffix)).isEqualTo("$1\\r\\nv\\r\\n");
            assertThat(user.callText("GET", "session:" + suffix))
                    .isEqualTo("-NOPERM this user has no permissions to access one of the keys used as arguments\\r\\n");
            assertThat(user.callText("FLUSHALL"))
                    .isEqualTo("-NOPERM this user has no permissions to run the 'flushall' command\\r\\n");
            assertThat(user.callText("SUBSCRIBE", "sport"))
                    .isEqualTo("-NOPERM this user has no permissions to access one of the channels used as arguments\\r\\n");
            assertThat(user.callText("SUBSCRIBE", "news")).startsWith("*3\\r\\n$9\\r\\nsubscribe\\r\\n$4\\r\\nnews");
            // nothing was flushed
            assertThat(admin.callText("EXISTS", "session:" + suffix)).isEqualTo(":1\\r\\n");
            String clients = admin.callText("CLIENT", "LIST");
            assertThat(clients).contains("user=cache").contains("user=default");
        }
    }

    @Test
    void readOnlyAndWriteOnlyPatternsFollowTheKeySpecs() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start();
             RawClient admin = new RawClient(redis.port());
             RawClient c = new RawClient(redis.port())) {
            admin.call("ACL", "SETUSER", "rw", "on", "nopass", "+@all", "%R~src:*", "%W~dst:*");
            admin.call("SET", "src:1", "hello");
            c.call("AUTH", "rw", "x");
            assertThat(c.callText("COPY", "src:1", "dst:1")).isEqualTo(":1\\r\\n");
            assertThat(c.callText("GET", "dst:1")).startsWith("-NOPERM");
            assertThat(c.callText("SET", "src:1", "x")).startsWith("-NOPERM");
            assertThat(c.callText("GET", "src:1")).isEqualTo("$5\\r\\nhello\\r\\n");
        }
    }

    @Test
    void requirepassMakesNewClientsAuthenticate() throws Exception {
        String pass = rand();
        try (RediscoverServer redis = RediscoverServer.start("--requirepass", pass);
             RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("GET", "k")).isEqualTo("-NOAUTH Authentication required.\\r\\n");
            assertThat(c.callText("AUTH", "wrong"))
                    .isEqualTo("-WRONGPASS invalid username-password pair or user is disabled.\\r\\n");
            assertThat(c.callText("AUTH", pass)).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("GET", "k")).isEqualTo("$-1\\r\\n");
            assertThat(c.callText("ACL", "WHOAMI")).isEqualTo("$7\\r\\ndefault\\r\\n");
            // CONFIG SET requirepass changes the default user's password
            String next = rand();
            assertThat(c.callText("CONFIG", "SET", "requirepass", next)).isEqualTo("+OK\\r\\n");
            try (RawClient d = new RawClient(redis.port())) {
                assertThat(d.callText("PING")).startsWith("-NOAUTH");
                assertThat(d.callText("AUTH", pass)).startsWith("-WRONGPASS");
                assertThat(d.callText("HELLO", "3", "AUTH", "default", next)).startsWith("%7");
            }
        }
    }

    @Test
    void wrongPasswordsAreLoggedAndGrouped() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start();
             RawClient c = new RawClient(redis.port())) {
            c.call("ACL", "SETUSER", "bob", "on", ">right");
            for (int i = 0; i < 3; i++) assertThat(c.callText("AUTH", "bob", "wrong")).startsWith("-WRONGPASS");
            String log = c.callText("ACL", "LOG");
            assertThat(log).startsWith("*1\\r\\n*14\\r\\n$5\\r\\ncount\\r\\n:3\\r\\n$6\\r\\nreason\\r\\n$4\\r\\nauth\\r\\n")
                    .contains("$8\\r\\nusername\\r\\n$3\\r\\nbob\\r\\n");
            assertThat(c.callText("ACL", "LOG", "RESET")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("ACL", "LOG")).isEqualTo("*0\\r\\n");
        }
    }

    /**
     * A client hammering AUTH with wrong passwords gets no special treatment but no delay either:
     * each attempt is one hash, and another client's commands are served in between. The attacker
     * runs until the other client has finished, so the two must interleave.
     */
    @Test
    void bruteForceAuthDoesNotStarveOtherClients() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start();
             RawClient admin = new RawClient(redis.port())) {
            admin.call("ACL", "SETUSER", "victim", "on", ">" + rand());
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger attempts = new AtomicInteger();
            Thread attacker = new Thread(() -> {
                try (RawClient a = new RawClient(redis.port())) {
                    while (!done.get()) {
                        a.call("AUTH", "victim", "guess" + attempts.get());
                        attempts.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            attacker.start();
            while (attempts.get() < 10) Thread.onSpinWait();
            int before = attempts.get();
            for (int i = 0; i < 200; i++) assertThat(admin.callText("INCR", "counter")).isEqualTo(":" + (i + 1) + "\\r\\n");
            int during = attempts.get() - before;
            done.set(true);
            attacker.join();
            assertThat(during).as("wrong AUTHs answered while the other client ran").isPositive();
            // every attempt was refused and logged in one grouped entry
            assertThat(admin.callText("ACL", "LOG", "1")).contains(":" + attempts.get() + "\\r\\n");
        }
    }

    @Test
    void jedisLogsInWithUserAndPassword() throws Exception {
        String pass = rand();
        try (RediscoverServer redis = RediscoverServer.start("--requirepass", rand());
             RawClient admin = new RawClient(redis.port())) {
            admin.call("AUTH", redis.server().config.get("requirepass"));
            admin.call("ACL", "SETUSER", "app", "on", ">" + pass, "~app:*", "+@all", "-@dangerous");
            HostAndPort hp = new HostAndPort(redis.host(), redis.port());
            try (Jedis jedis = new Jedis(hp, DefaultJedisClientConfig.builder().user("app").password(pass).build())) {
                assertThat(jedis.set("app:x", "1")).isEqualTo("OK");
                assertThat(jedis.aclWhoAmI()).isEqualTo("app");
                assertThatThrownBy(() -> jedis.get("other")).isInstanceOf(JedisDataException.class).hasMessageStartingWith("NOPERM");
                assertThatThrownBy(jedis::flushAll).hasMessageContaining("'flushall' command");
            }
            assertThatThrownBy(() -> {
                try (Jedis bad = new Jedis(hp, DefaultJedisClientConfig.builder().user("app").password("nope").build())) {
                    bad.ping();
                }
            }).isInstanceOf(JedisAccessControlException.class).hasMessageStartingWith("WRONGPASS");
        }
    }

    @Test
    void aclSaveAndLoadUseTheAclFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.acl");
        Files.writeString(file, "user default on nopass ~* &* +@all\nuser carol on >pw ~c:* resetchannels -@all +get\n");
        try (RediscoverServer redis = RediscoverServer.start("--aclfile", file.toString());
             RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("ACL", "USERS")).isEqualTo("*2\\r\\n$5\\r\\ncarol\\r\\n$7\\r\\ndefault\\r\\n");
            c.call("ACL", "SETUSER", "dave", "on", "nopass", "+ping");
            assertThat(c.callText("ACL", "SAVE")).isEqualTo("+OK\\r\\n");
            assertThat(Files.readString(file)).contains("user dave on nopass resetchannels -@all +ping\n")
                    .contains("user carol on #");
            Files.writeString(file, "user default on nopass ~* &* +@all\nuser erin on nopass -@all +get\n");
            assertThat(c.callText("ACL", "LOAD")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("ACL", "USERS")).isEqualTo("*2\\r\\n$7\\r\\ndefault\\r\\n$4\\r\\nerin\\r\\n");
            Files.writeString(file, "user default on nopass +@all\nuser frank on bogus\n");
            assertThat(c.callText("ACL", "LOAD")).startsWith("-ERR ").contains(":2: ");
            assertThat(c.callText("ACL", "USERS")).contains("erin");   // nothing changed
        }
    }

    @Test
    void userLinesInTheConfiguration() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start("--user", "grace on >pw ~g:* +get");
             RawClient c = new RawClient(redis.port())) {
            assertThat(c.callText("AUTH", "grace", "pw")).isEqualTo("+OK\\r\\n");
            assertThat(c.callText("GET", "g:1")).isEqualTo("$-1\\r\\n");
            assertThat(c.callText("SET", "g:1", "x")).startsWith("-NOPERM");
        }
    }

    @Test
    void revokingAChannelDisconnectsItsSubscribers() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start();
             RawClient admin = new RawClient(redis.port());
             RawClient sub = new RawClient(redis.port())) {
            admin.call("ACL", "SETUSER", "listener", "on", "nopass", "+@all", "resetchannels", "&news", "&sport");
            sub.call("AUTH", "listener", "x");
            sub.call("SUBSCRIBE", "news");
            admin.call("ACL", "SETUSER", "listener", "resetchannels", "&news");
            assertThat(admin.callText("PUBLISH", "news", "still")).isEqualTo(":1\\r\\n");
            admin.call("ACL", "SETUSER", "listener", "resetchannels", "&sport");
            assertThat(admin.callText("PUBLISH", "news", "gone")).isEqualTo(":0\\r\\n");
        }
    }

    @Test
    void commandsInMultiAreCheckedWhenQueued() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start();
             RawClient admin = new RawClient(redis.port());
             RawClient c = new RawClient(redis.port())) {
            admin.call("ACL", "SETUSER", "m", "on", "nopass", "allkeys", "+multi", "+exec", "+get");
            c.call("AUTH", "m", "x");
            c.call("MULTI");
            assertThat(c.callText("SET", "k", "v")).startsWith("-NOPERM");
            assertThat(c.callText("EXEC")).startsWith("-EXECABORT");
            assertThat(admin.callText("ACL", "LOG", "1")).contains("$7\\r\\ncontext\\r\\n$5\\r\\nmulti\\r\\n");
        }
    }

    @Test
    void protectedModeRefusesOnlyRemoteClientsWithoutAPassword() throws Exception {
        InetAddress remote = InetAddress.getByName("10.1.2.3");
        InetAddress local = InetAddress.getByName("127.0.0.1");
        assertThat(Acl.refusedByProtectedMode(true, true, remote)).isTrue();
        assertThat(Acl.refusedByProtectedMode(true, true, local)).isFalse();
        assertThat(Acl.refusedByProtectedMode(true, false, remote)).isFalse();
        assertThat(Acl.refusedByProtectedMode(false, true, remote)).isFalse();
        assertThat(Acl.PROTECTED_MODE_DENIED).startsWith("-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user.");
    }

    @Test
    void passwordsAreBinarySafe() throws Exception {
        byte[] set = {'>', (byte) 0xff, (byte) 0xfe, 'x'};
        byte[] right = {(byte) 0xff, (byte) 0xfe, 'x'};
        byte[] wrong = {(byte) 0xfe, (byte) 0xff, 'x'};   // the same after a lossy UTF-8 decoding
        try (RediscoverServer redis = RediscoverServer.start();
             RawClient c = new RawClient(redis.port())) {
            c.call("ACL".getBytes(), "SETUSER".getBytes(), "bin".getBytes(), "on".getBytes(), set);
            assertThat(ok(c.call("AUTH".getBytes(), "bin".getBytes(), wrong))).startsWith("-WRONGPASS");
            assertThat(ok(c.call("AUTH".getBytes(), "bin".getBytes(), right))).isEqualTo("+OK\\r\\n");
        }
    }

    @Test
    void deletedUsersAreDisconnected() throws Exception {
        try (RediscoverServer redis = RediscoverServer.start();
             RawClient admin = new RawClient(redis.port());
             RawClient c = new RawClient(redis.port())) {
            admin.call("ACL", "SETUSER", "temp", "on", "nopass", "+@all");
            c.call("AUTH", "temp", "x");
            assertThat(admin.callText("ACL", "DELUSER", "temp", "nosuch")).isEqualTo(":1\\r\\n");
            assertThat(admin.callText("CLIENT", "LIST")).doesNotContain("user=temp");
        }
    }
}
