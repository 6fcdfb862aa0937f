/*
 * Access control for one server: the users, who each client is, and the check every command goes
 * through before it runs. Redis spreads this over acl.c (Users, DefaultUser, ACLCheckAllPerm,
 * ACLAuthenticateUser, ACLLoadFromFile/ACLSaveToFile) and server.c (processCommand's auth and
 * ACL checks, acceptCommonHandler's protected mode).
 *
 * The check is cheap for the common case: a user allowed every command, key and channel (the
 * default user) costs three boolean reads; otherwise one bit test for the command, then the
 * keys the command's key specs find and, for pub/sub commands, the channels.
 */
package dev.rediscover.acl;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.Dispatcher;
import dev.rediscover.command.KeySpec;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class Acl implements Dispatcher.Gate {
    static final String NOAUTH = "NOAUTH Authentication required.";
    static final String WRONGPASS = "WRONGPASS invalid username-password pair or user is disabled.";
    static final String NOPERM_KEY = "NOPERM this user has no permissions to access one of the keys used as arguments";
    static final String NOPERM_CHANNEL = "NOPERM this user has no permissions to access one of the channels used as arguments";
    static final String PROTECTED_MODE_DENIED = "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

    /** What a check found wrong (Redis: ACL_DENIED_CMD, _KEY, _CHANNEL, _AUTH). */
    enum Denial { COMMAND, KEY, CHANNEL }

    final Server server;
    final AclCommandIndex index;
    final AclLog log;
    /** Sorted by name, as ACL LIST and ACL USERS show them (Redis keeps them in a rax). */
    final Map<String, User> users = new TreeMap<>();
    User defaultUser;
    private final CommandSpec publish, spublish, subscribe, ssubscribe, psubscribe;
    /** Where the key walk reports a refused key: reused, so checking keys allocates nothing. */
    private final KeyChecker keyChecker = new KeyChecker();

    public Acl(Server server) {
        this.server = server;
        this.index = new AclCommandIndex(server.commands);
        this.log = new AclLog(server);
        this.publish = server.commands.lookup("publish");
        this.spublish = server.commands.lookup("spublish");
        this.subscribe = server.commands.lookup("subscribe");
        this.ssubscribe = server.commands.lookup("ssubscribe");
        this.psubscribe = server.commands.lookup("psubscribe");
        defaultUser = createDefaultUser();
        users.put("default", defaultUser);
        applyRequirepass(server.config.get("requirepass"));
        server.config.onChange("requirepass", this::applyRequirepass);
        loadUsersAtStartup();
    }

    /** The Acl of a server (AclCommands reaches it through here). */
    public static Acl of(Server server) { return server.acl; }

    private User createDefaultUser() {
        User u = new User("default", index);
        for (String rule : new String[] {"+@all", "~*", "&*", "on", "nopass"}) u.applyRule(rule);
        return u;
    }

    /** requirepass is the default user's password (acl.c: ACLUpdateDefaultUserPassword). */
    private void applyRequirepass(String password) {
        defaultUser.applyRule("resetpass");
        defaultUser.applyRule(password.isEmpty() ? "nopass" : ">" + password);
    }

    /** `user` lines of redis.conf, or else the aclfile (acl.c, ACLLoadUsersAtStartup). */
    private void loadUsersAtStartup() {
        List<String> lines = new ArrayList<>();
        for (String[] d : server.config.extraDirectives()) {
            if (d[0].equalsIgnoreCase("user")) lines.add(String.join(" ", d));
        }
        String file = server.config.get("aclfile");
        if (!lines.isEmpty() && !file.isEmpty()) {
            throw new IllegalStateException("Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.");
        }
        try {
            if (!lines.isEmpty()) install(AclFile.parse(lines, "redis.conf", index));
            else if (!file.isEmpty() && Files.exists(Path.of(file))) install(AclFile.parse(Files.readAllLines(Path.of(file)), file, index));
        } catch (IOException e) {
            throw new IllegalStateException("Error loading ACLs from " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replace every user with a parsed set (ACL LOAD, start-up). Clients keep their user when it
     * still exists, now with its new rules; the clients of a user that is gone are disconnected.
     */
    void install(Map<String, User> loaded) {
        if (!loaded.containsKey("default")) loaded.put("default", createDefaultUserFor(loaded));
        users.clear();
        users.putAll(loaded);
        defaultUser = users.get("default");
        for (Client c : server.clients()) {
            User now = users.get(c.user);
            if (now == null) c.closeAsap();
            else c.aclUser = now;
        }
    }

    private User createDefaultUserFor(Map<String, User> loaded) {
        User u = createDefaultUser();
        String pass = server.config.get("requirepass");
        if (!pass.isEmpty()) {
            u.applyRule("resetpass");
            u.applyRule(">" + pass);
        }
        return u;
    }

    // ---------------------------------------------------------------- authentication

    /** True while a new connection must AUTH first: the default user has a password or is off. */
    public boolean authRequired() { return !defaultUser.nopass || !defaultUser.enabled; }

    /**
     * Check a user name and password and make the client that user; a failure is logged in ACL
     * LOG (acl.c, ACLAuthenticateUser). No delay on failure: a brute-force loop costs one hash
     * per attempt and other clients keep being served between its commands.
     */
    public boolean authenticate(Client c, String username, byte[] password) {
        User u = users.get(username);
        if (u != null && u.enabled && u.checkPassword(password)) {
            c.authenticated = true;
            c.user = u.name;
            c.aclUser = u;
            return true;
        }
        log.add(c, "auth", c.arg(0), username);   // the command as the client typed it
        return false;
    }

    /** The user a client runs as (null on the client means the default user). */
    public User userOf(Client c) { return c.aclUser != null ? c.aclUser : defaultUser; }

    /**
     * Protected mode (networking.c, acceptCommonHandler): with no password for the default user,
     * only loopback clients are served. Returns the DENIED reply to send before hanging up, or null.
     */
    public byte[] protectedModeRefusal(InetAddress peer) {
        boolean on = server.config.get("protected-mode").equals("yes");
        if (!refusedByProtectedMode(on, defaultUser.nopass, peer)) return null;
        return PROTECTED_MODE_DENIED.getBytes(StandardCharsets.US_ASCII);
    }

    static boolean refusedByProtectedMode(boolean protectedMode, boolean defaultNoPass, InetAddress peer) {
        return protectedMode && defaultNoPass && !peer.isLoopbackAddress();
    }

    // ---------------------------------------------------------------- the per-command check

    /**
     * The gate in front of every command (server.c, processCommand): NOAUTH for a client that has
     * not authenticated, then the user's permissions for the command, its keys and channels.
     */
    @Override
    public boolean intercept(Client c, CommandSpec cmd) {
        // AOF replay and our master's stream run unchecked, as Redis gives them no user.
        if (c.has(Client.FAKE | Client.MASTER)) return false;
        if (!c.authenticated && !cmd.is("no_auth")) {
            server.dispatcher.reject(c, cmd, NOAUTH);
            return true;
        }
        User u = c.aclUser != null ? c.aclUser : defaultUser;
        if (u.unrestricted) return false;
        Denial d;
        try {
            d = checkPermissions(u, cmd, c.argv, c.argc);
        } catch (LabNotDone notYet) {
            // A course server before lab 15: refuse with the stub's message, keep serving.
            server.dispatcher.reject(c, cmd, "ERR " + notYet.getMessage());
            return true;
        }
        if (d == null) return false;
        c.cmd = c.lastCmd = cmd;   // as Redis's processCommand: CLIENT INFO (and the log) show it
        String object = d == Denial.COMMAND ? cmd.name() : new String(c.argv[deniedArg], StandardCharsets.UTF_8);
        log.add(c, d == Denial.COMMAND ? "command" : d == Denial.KEY ? "key" : "channel", object, u.name);
        server.dispatcher.reject(c, cmd, noPermError(d, cmd));
        return true;
    }

    /** Which argument the last refused check was about (a key or channel), for ACL LOG. */
    int deniedArg;

    /** Null when allowed; else what is refused, with deniedArg set for keys and channels. */
    // tag::check-permissions[]
    @Lab(15)
    Denial checkPermissions(User u, CommandSpec cmd, byte[][] argv, int argc) {
        throw new LabNotDone(15, "Acl.checkPermissions");
    }
    // end::check-permissions[]

    static String noPermError(Denial d, CommandSpec cmd) {
        return switch (d) {
            case COMMAND -> "NOPERM this user has no permissions to run the '" + cmd.name() + "' command";
            case KEY -> NOPERM_KEY;
            case CHANNEL -> NOPERM_CHANNEL;
        };
    }

    private boolean checkKeys(User u, CommandSpec cmd, byte[][] argv, int argc) {
        if (cmd.keySpecs().isEmpty()) return true;
        keyChecker.start(u, argv);
        cmd.findKeys(argv, argc, keyChecker);
        if (keyChecker.refused < 0) return true;
        deniedArg = keyChecker.refused;
        return false;
    }

    /** Read and/or write, from a key spec's flags (acl.c, ACLSelectorCheckCmd's key loop). */
    static int permsOf(KeySpec spec) {
        int perms = 0;
        if (spec.has("access")) perms |= User.READ;
        if (spec.has("insert") || spec.has("delete") || spec.has("update")) perms |= User.WRITE;
        return perms;   // 0: any pattern that matches will do
    }

    private final class KeyChecker implements KeySpec.Positions {
        User user;
        byte[][] argv;
        int refused;

        void start(User u, byte[][] a) {
            user = u;
            argv = a;
            refused = -1;
        }

        @Override
        public void key(int argvIndex, KeySpec spec) {
            if (refused >= 0 || spec.has("not_key")) return;
            if (!user.canAccessKey(argv[argvIndex], permsOf(spec))) refused = argvIndex;
        }
    }

    private boolean checkChannels(User u, CommandSpec cmd, byte[][] argv, int argc) {
        if (cmd == publish || cmd == spublish) return checkChannel(u, argv, 1, false);
        if (cmd == subscribe || cmd == ssubscribe || cmd == psubscribe) {
            for (int i = 1; i < argc; i++) if (!checkChannel(u, argv, i, cmd == psubscribe)) return false;
        }
        return true;
    }

    private boolean checkChannel(User u, byte[][] argv, int i, boolean pattern) {
        if (u.canAccessChannel(argv[i], pattern)) return true;
        deniedArg = i;
        return false;
    }

    // ---------------------------------------------------------------- users

    User user(String name) { return users.get(name); }

    /** For CLIENT KILL USER, which refuses a user name that does not exist. */
    public boolean userExists(String name) { return users.containsKey(name); }

    /**
     * After a user's channels changed, disconnect its subscribers that now hold a channel or
     * pattern it may no longer use (Redis 7: ACLKillPubsubClientsIfNeeded).
     */
    void killPubsubClientsIfNeeded(User u) {
        if (u.allChannels) return;
        for (Client c : server.clients()) {
            if (userOf(c) != u || !c.has(Client.PUBSUB)) continue;
            if (!dev.rediscover.pubsub.Subscriptions.allMatch(c, ch -> u.canAccessChannel(ch, false),
                    p -> u.canAccessChannel(p, true))) {
                c.closeAsap();
            }
        }
    }
}
