/*
 * Server commands that are not about configuration, clients or the command table: TIME,
 * DEBUG, MEMORY, SHUTDOWN, FUNCTION (answered as a server with no libraries) and SCRIPT's
 * KILL/EXISTS/FLUSH (answered as a server with no Lua scripts cached or running; Sentinel sends
 * SCRIPT KILL to a master that answers its PING with -BUSY, sentinel.c sentinelCheckSubjectivelyDown).
 * Redis spreads these over server.c (timeCommand, lastsaveCommand, shutdownCommand), debug.c
 * (debugCommand), object.c (memoryCommand, objectComputeSize) and functions.c.
 *
 * DEBUG is a "protected" command: refused unless enable-debug-command is yes, or "local" and the
 * client connects over loopback (server.c, allowProtectedAction). Like Redis, DEBUG is not a
 * container: it parses its own subcommand, so its errors read the way Redis's do.
 *
 * MEMORY USAGE on the JVM: Redis asks its allocator for each allocation's size; Java cannot, so
 * we estimate with the HotSpot 64-bit layout (12-byte object headers, compressed 4-byte
 * references, 8-byte alignment): see keyspace.KeySize. The figures are estimates of the same things
 * Redis counts: the key, its dictionary entry, the value object and its payload.
 */
package dev.rediscover.ops;

import dev.rediscover.command.Args;
import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.CommandTable;
import dev.rediscover.command.Errors;
import dev.rediscover.command.RedisException;
import dev.rediscover.keyspace.MutableString;
import dev.rediscover.keyspace.RedisObject;
import dev.rediscover.keyspace.TypedValue;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

public final class ServerCommands {
    private ServerCommands() {}

    public static void register(Server server) {
        CommandTable t = server.commands;
        t.add("time", 1, ServerCommands::time).flags("loading stale fast").group("server")
                .tips("nondeterministic_output")
                .doc("Returns the server time.", "2.6.0", "O(1)");
        t.add("debug", -2, ServerCommands::debug).flags("admin noscript loading stale").group("server")
                .doc("A container for debugging commands.", "1.0.0", "Depends on subcommand.").docFlags("syscmd");
        t.add("shutdown", -1, ServerCommands::shutdown).flags("admin noscript loading stale no_multi allow_busy")
                .group("server").doc("Synchronously saves the database(s) to disk and shuts down the Redis server.", "1.0.0",
                        "O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)");
        registerMemory(t);
        registerFunction(t);
        registerScript(t);
    }

    // ---------------------------------------------------------------- TIME

    /** TIME: [seconds, microseconds] as two bulk strings, from the server's clock. */
    static void time(Client c) {
        long micros = c.server.clock.millis() * 1000 + (System.nanoTime() / 1000) % 1000;
        c.reply.arrayHeader(2);
        c.reply.bulk(micros / 1_000_000);
        c.reply.bulk(micros % 1_000_000);
    }

    // ---------------------------------------------------------------- SHUTDOWN

    /**
     * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. There is nothing to wait for (no replicas to
     * catch up): the server saves if it must (persistence.RdbPersistence.prepareForShutdown) and
     * stops at once, without a reply, as Redis does; if that save fails (and no FORCE) it answers
     * an error and keeps running. Embedded servers stop their loop; only Main turns that into
     * System.exit.
     */
    static void shutdown(Client c) {
        boolean save = false, nosave = false, abort = false, force = false;
        for (int i = 1; i < c.argc; i++) {
            String opt = c.arg(i).toLowerCase(Locale.ROOT);
            switch (opt) {
                case "nosave" -> nosave = true;
                case "save" -> save = true;
                case "now" -> { }
                case "force" -> force = true;
                case "abort" -> abort = true;
                default -> throw Errors.syntax();
            }
        }
        if ((save && nosave) || (abort && c.argc > 2)) throw Errors.syntax();
        if (abort) throw new RedisException("ERR No shutdown in progress.");
        c.server.log.warning("User requested shutdown...");
        if (!dev.rediscover.persistence.RdbPersistence.of(c.server).prepareForShutdown(save, nosave, force)) {
            throw new RedisException("ERR Errors trying to SHUTDOWN. Check logs.");
        }
        c.server.requestShutdown();
    }

    // ---------------------------------------------------------------- DEBUG

    static final String DEBUG_NOT_ALLOWED = "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
            + "you can run it from a local connection, otherwise you need to set this option in the configuration file, "
            + "and then restart the server.";

    /** DEBUG subcommand [args]: SLEEP, SET-ACTIVE-EXPIRE, OBJECT, LOG, ERROR, HELP. */
    static void debug(Client c) {
        if (!debugAllowed(c)) throw new RedisException(DEBUG_NOT_ALLOWED);
        String sub = c.arg(1).toLowerCase(Locale.ROOT);
        switch (sub) {
            case "help" -> debugHelp(c);
            case "sleep" -> {
                requireArgs(c, 3);
                // Redis sleeps the whole server, and so do we: that is what tests use it for.
                double seconds = Args.parseDoubleOr(c.argv[2], 0);
                long nanos = (long) (seconds * 1e9);
                if (nanos > 0) java.util.concurrent.locks.LockSupport.parkNanos(nanos);
                c.reply.ok();
            }
            case "set-active-expire" -> {
                requireArgs(c, 3);
                c.server.activeExpire.setEnabled(Args.parseLongOr(c.argv[2], 0, c.argv[2].length, 0) != 0);
                c.reply.ok();
            }
            case "object" -> {
                requireArgs(c, 3);
                debugObject(c);
            }
            case "log" -> {
                requireArgs(c, 3);
                c.server.log.warning("DEBUG LOG: " + c.arg(2));
                c.reply.ok();
            }
            case "error" -> {
                requireArgs(c, 3);
                c.reply.error(c.arg(2));
            }
            case "reload" -> {
                String error = dev.rediscover.persistence.RdbPersistence.of(c.server).debugReload(c);
                if (error != null) throw new RedisException(error);
                c.reply.ok();
            }
            default -> throw debugUnknown(c);
        }
    }

    private static void requireArgs(Client c, int n) {
        if (c.argc != n) throw debugUnknown(c);
    }

    private static RedisException debugUnknown(Client c) {
        return new RedisException("ERR unknown subcommand or wrong number of arguments for '" + c.arg(1) + "'. Try DEBUG HELP.");
    }

    /** enable-debug-command: yes, or local and the client is on a loopback address. */
    static boolean debugAllowed(Client c) { return protectedActionAllowed(c, "enable-debug-command"); }

    /**
     * Redis's allowProtectedAction (server.c): the setting (enable-debug-command,
     * enable-protected-configs...) is yes, or "local" and the client is on a loopback address.
     */
    static boolean protectedActionAllowed(Client c, String setting) {
        String mode = c.server.config.get(setting);
        if (mode.equals("yes") || c.has(Client.FAKE)) return true;
        if (!mode.equals("local")) return false;
        String host = c.address.substring(0, Math.max(0, c.address.lastIndexOf(':')));
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * DEBUG OBJECT key: "Value at:<address> refcount:1 encoding:<enc> serializedlength:<n>
     * lru:<clock> lru_seconds_idle:<s>". The address is the object's identity hash and the
     * serialized length an estimate of its RDB form.
     */
    private static void debugObject(Client c) {
        RedisObject o = c.db.lookup(c.argv[2]);
        if (o == null) throw new RedisException(Errors.NO_SUCH_KEY);
        long lruClock = (c.server.clock.millis() / 1000) & 0xFFFFFF;
        long idle = o.lru == 0 ? 0 : Math.max(0, lruClock - o.lru);
        c.reply.simple("Value at:0x7f" + Integer.toHexString(System.identityHashCode(o))
                + " refcount:1 encoding:" + o.encoding()
                + " serializedlength:" + serializedLength(o.value)
                + " lru:" + (o.lru == 0 ? lruClock : o.lru) + " lru_seconds_idle:" + idle);
    }

    /** The RDB length of a string (rdb.c, rdbSaveStringObject): integers packed, others length-prefixed. */
    private static long serializedLength(Object v) {
        byte[] b = v instanceof byte[] bytes ? bytes : v instanceof MutableString m ? m.toBytes() : null;
        if (b == null) return v instanceof TypedValue t ? t.memory() : 0;
        if (b.length <= 11 && Args.isLong(b)) {
            long n = Args.parseLong(b);
            if (n >= -128 && n <= 127) return 2;
            if (n >= -32768 && n <= 32767) return 3;
            if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) return 5;
        }
        int prefix = b.length < 64 ? 1 : b.length < 16384 ? 2 : 5;
        return prefix + b.length;
    }

    /** The subcommands we have, in the words of Redis's DEBUG HELP. */
    private static void debugHelp(Client c) {
        Help.reply(c, "DEBUG",
                "ERROR <string>",
                "    Return a Redis protocol error with <string> as message. Useful for clients",
                "    unit tests to simulate Redis errors.",
                "LOG <message>",
                "    Write <message> to the server log.",
                "OBJECT <key>",
                "    Show low level info about `key` and associated value.",
                "RELOAD [option ...]",
                "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
                "    * MERGE: conflicting keys will be loaded from RDB.",
                "    * NOFLUSH: the existing database will not be removed before load, but",
                "      conflicting keys will generate an exception and kill the server.",
                "    * NOSAVE: the database will be loaded from an existing RDB file.",
                "SET-ACTIVE-EXPIRE <0|1>",
                "    Setting it to 0 disables expiring keys in background when they are not",
                "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
                "    default.",
                "SLEEP <seconds>",
                "    Stop the server for <seconds>. Decimals allowed.");
    }

    // ---------------------------------------------------------------- MEMORY

    private static void registerMemory(CommandTable t) {
        CommandSpec memory = t.container("memory", -2).group("server")
                .doc("A container for memory diagnostics commands.", "4.0.0", "Depends on subcommand.");
        memory.sub("usage", -3, ServerCommands::memoryUsage).flags("readonly").key(2, "RO")
                .doc("Estimates the memory usage of a key.", "4.0.0", "O(N) where N is the number of samples.");
        memory.sub("stats", 2, ServerCommands::memoryStats).flags("")
                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                .doc("Returns details about memory usage.", "4.0.0", "O(1)");
        memory.sub("doctor", 2, ServerCommands::memoryDoctor).flags("")
                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                .doc("Outputs a memory problems report.", "4.0.0", "O(1)");
        memory.sub("malloc-stats", 2, ServerCommands::mallocStats).flags("")
                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                .doc("Returns the allocator statistics.", "4.0.0", "Depends on how much memory is allocated, could be slow");
        memory.sub("purge", 2, ServerCommands::memoryPurge).flags("")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc("Asks the allocator to release memory.", "4.0.0", "Depends on how much memory is allocated, could be slow");
        memory.sub("help", 2, ServerCommands::memoryHelp).flags("loading stale")
                .doc("Returns helpful text about the different subcommands.", "4.0.0", "O(1)");
    }

    /** MEMORY USAGE key [SAMPLES count]: our estimate of the bytes the key and value take. */
    static void memoryUsage(Client c) {
        for (int i = 3; i < c.argc; i += 2) {
            if (!Args.equalsAscii(c.argv[i], "samples") || i + 1 >= c.argc) throw Errors.syntax();
            long samples = Args.parseLong(c.argv[i + 1]);
            if (samples < 0) throw Errors.syntax();
        }
        RedisObject o = c.db.lookup(c.argv[2]);
        if (o == null) {
            c.reply.nullBulk();
            return;
        }
        c.reply.integer(dev.rediscover.keyspace.KeySize.of(c.argv[2], o));
    }

    /** MEMORY STATS: Redis's field names, with JVM figures (see Metrics and INFO memory). */
    static void memoryStats(Client c) {
        Server s = c.server;
        Metrics m = Metrics.of(s);
        var um = dev.rediscover.evict.UsedMemory.of(s);
        long used = m.usedMemoryUpdatingPeak();
        long heap = Metrics.heapInUse();
        long rss = Metrics.rss();
        long committed = Math.min(Runtime.getRuntime().totalMemory(), rss);
        long clients = 0;
        for (Client o : s.clients()) clients += ClientCommands.totalMemory(o);
        long keys = s.keyspace.totalKeys();
        long dataset = um.dataset();
        long overhead = used - dataset;
        int dbsWithKeys = 0;
        for (int i = 0; i < s.keyspace.count(); i++) if (s.keyspace.db(i).size() > 0) dbsWithKeys++;
        c.reply.mapHeader(27 + dbsWithKeys);
        field(c, "peak.allocated", m.peakMemory);
        field(c, "total.allocated", used);
        field(c, "startup.allocated", m.startupMemory);
        field(c, "replication.backlog", 0);
        field(c, "clients.slaves", 0);
        field(c, "clients.normal", clients);
        field(c, "cluster.links", 0);
        field(c, "aof.buffer", 0);
        field(c, "lua.caches", 0);
        field(c, "functions.caches", 0);
        for (int i = 0; i < s.keyspace.count(); i++) {
            var db = s.keyspace.db(i);
            if (db.size() == 0) continue;
            c.reply.bulk("db." + i);
            c.reply.mapHeader(3);
            // A Dict bucket is one 4-byte reference; an entry is 32 bytes (see KeySize).
            field(c, "overhead.hashtable.main", (long) db.dict().buckets() * 4 + (long) db.size() * 32);
            field(c, "overhead.hashtable.expires", (long) db.expires().buckets() * 4 + (long) db.expiresSize() * 32);
            field(c, "overhead.hashtable.slot-to-keys", 0);
        }
        field(c, "overhead.total", overhead);
        field(c, "keys.count", keys);
        field(c, "keys.bytes-per-key", keys == 0 ? 0 : (used - m.startupMemory) / keys);
        field(c, "dataset.bytes", dataset);
        c.reply.bulk("dataset.percentage");
        c.reply.doubleReply(used - m.startupMemory <= 0 ? 0 : dataset * 100.0 / (used - m.startupMemory));
        c.reply.bulk("peak.percentage");
        c.reply.doubleReply(m.peakMemory == 0 ? 0 : used * 100.0 / m.peakMemory);
        field(c, "allocator.allocated", heap);
        field(c, "allocator.active", committed);
        field(c, "allocator.resident", rss);
        c.reply.bulk("allocator-fragmentation.ratio");
        c.reply.doubleReply(heap == 0 ? 0 : (double) committed / heap);
        field(c, "allocator-fragmentation.bytes", committed - heap);
        c.reply.bulk("allocator-rss.ratio");
        c.reply.doubleReply(committed == 0 ? 0 : (double) rss / committed);
        field(c, "allocator-rss.bytes", rss - committed);
        c.reply.bulk("rss-overhead.ratio");
        c.reply.doubleReply(committed == 0 ? 0 : (double) rss / committed);
        field(c, "rss-overhead.bytes", rss - committed);
        c.reply.bulk("fragmentation");
        c.reply.doubleReply(used == 0 ? 0 : (double) rss / used);
        field(c, "fragmentation.bytes", rss - used);
    }

    private static void field(Client c, String name, long value) {
        c.reply.bulk(name);
        c.reply.integer(value);
    }

    /** MEMORY DOCTOR: a report on memory problems (MemoryDoctor). */
    static void memoryDoctor(Client c) {
        c.reply.verbatim(MemoryDoctor.report(c.server));
    }

    /** MEMORY MALLOC-STATS: the JVM heap, pools and collectors stand in for the allocator's report. */
    static void mallocStats(Client c) {
        c.reply.verbatim(MemoryDoctor.mallocStats(c.server));
    }

    /** MEMORY PURGE: the closest JVM gesture is a hint to collect garbage. */
    static void memoryPurge(Client c) {
        System.gc();
        c.reply.ok();
    }

    static void memoryHelp(Client c) {
        Help.reply(c, "MEMORY",
                "DOCTOR",
                "    Return memory problems reports.",
                "MALLOC-STATS",
                "    Return internal statistics report from the memory allocator.",
                "PURGE",
                "    Attempt to purge dirty pages for reclamation by the allocator.",
                "STATS",
                "    Return information about the memory usage of the server.",
                "USAGE <key> [SAMPLES <count>]",
                "    Return memory in bytes used by <key> and its value. Nested values are",
                "    sampled up to <count> times (default: 5, 0 means sample all).");
    }

    // ---------------------------------------------------------------- FUNCTION

    /**
     * An empty FUNCTION DUMP: no libraries, then the RDB version (10 for Redis 7.0, two bytes
     * little-endian) and the CRC64 of what precedes it, as DUMP payloads end (cluster.c, createDumpPayload).
     */
    static final byte[] EMPTY_FUNCTION_DUMP = {0x0a, 0x00, 0x5d, (byte) 0x9b, 0x5c, 0x40, 0x0f, 0x7f, (byte) 0xa2, (byte) 0xda};

    private static void registerFunction(CommandTable t) {
        CommandSpec f = t.container("function", -2).group("scripting")
                .doc("A container for function commands.", "7.0.0", "Depends on subcommand.");
        f.sub("list", -2, ServerCommands::functionList).flags("noscript")
                .tips("nondeterministic_output_order")
                .doc("Returns information about all libraries.", "7.0.0", "O(N) where N is the number of functions");
        f.sub("stats", 2, ServerCommands::functionStats).flags("noscript allow_busy")
                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                .doc("Returns information about a function during execution.", "7.0.0", "O(1)");
        f.sub("flush", -2, ServerCommands::functionFlush).flags("write noscript")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc("Deletes all libraries and functions.", "7.0.0", "O(N) where N is the number of functions deleted");
        f.sub("dump", 2, ServerCommands::functionDump).flags("noscript")
                .doc("Dumps all libraries into a serialized binary payload.", "7.0.0", "O(N) where N is the number of functions");
        f.sub("restore", -3, ServerCommands::functionRestore).flags("write denyoom noscript")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc("Restores all libraries from a payload.", "7.0.0", "O(N) where N is the number of functions on the payload");
        f.sub("delete", 3, ServerCommands::functionDelete).flags("write noscript")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc("Deletes a library and its functions.", "7.0.0", "O(1)");
        f.sub("load", -3, ServerCommands::functionLoad).flags("write denyoom noscript")
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc("Creates a library.", "7.0.0", "O(1) (considering compilation time is redundant)");
        f.sub("kill", 2, ServerCommands::functionKill).flags("noscript allow_busy")
                .tips("request_policy:all_shards", "response_policy:one_succeeded")
                .doc("Terminates a function during execution.", "7.0.0", "O(1)");
        f.sub("help", 2, ServerCommands::functionHelp).flags("loading stale")
                .doc("Returns helpful text about the different subcommands.", "7.0.0", "O(1)");
    }

    /** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]: no libraries. */
    static void functionList(Client c) {
        for (int i = 2; i < c.argc; i++) {
            if (Args.equalsAscii(c.argv[i], "withcode")) continue;
            if (Args.equalsAscii(c.argv[i], "libraryname") && i + 1 < c.argc) {
                i++;
                continue;
            }
            throw new RedisException("ERR Unknown argument " + c.arg(i));
        }
        c.reply.arrayHeader(0);
    }

    /** FUNCTION STATS: nothing running; the Lua engine with no libraries. */
    static void functionStats(Client c) {
        c.reply.mapHeader(2);
        c.reply.bulk("running_script");
        c.reply.nullBulk();
        c.reply.bulk("engines");
        c.reply.mapHeader(1);
        c.reply.bulk("LUA");
        c.reply.mapHeader(2);
        c.reply.bulk("libraries_count");
        c.reply.integer(0);
        c.reply.bulk("functions_count");
        c.reply.integer(0);
    }

    static void functionFlush(Client c) {
        if (c.argc > 3) throw Errors.syntax();
        if (c.argc == 3 && !Args.equalsAscii(c.argv[2], "async") && !Args.equalsAscii(c.argv[2], "sync")) {
            throw new RedisException("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        c.reply.ok();
    }

    static void functionDump(Client c) { c.reply.bulk(EMPTY_FUNCTION_DUMP); }

    /** FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]: only an empty dump can be restored. */
    static void functionRestore(Client c) {
        if (c.argc > 4) throw Errors.syntax();
        if (c.argc == 4 && !Args.equalsAscii(c.argv[3], "flush") && !Args.equalsAscii(c.argv[3], "append")
                && !Args.equalsAscii(c.argv[3], "replace")) {
            throw new RedisException("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
        }
        if (!java.util.Arrays.equals(c.argv[2], EMPTY_FUNCTION_DUMP)) {
            throw new RedisException("ERR DUMP payload version or checksum are wrong");
        }
        c.reply.ok();
    }

    static void functionDelete(Client c) { throw new RedisException("ERR Library not found"); }

    /** FUNCTION LOAD: there is no Lua engine in the JVM server. */
    static void functionLoad(Client c) {
        String code = c.arg(c.argc - 1);
        if (!code.startsWith("#!")) throw new RedisException("ERR Missing library metadata");
        int sp = code.indexOf(' ');
        int nl = code.indexOf('\n');
        int end = sp < 0 ? nl : nl < 0 ? sp : Math.min(sp, nl);
        String engine = end < 0 ? code.substring(2) : code.substring(2, end);
        throw new RedisException("ERR Engine '" + engine + "' not found");
    }

    static void functionKill(Client c) { throw new RedisException("NOTBUSY No scripts in execution right now."); }

    static void functionHelp(Client c) {
        Help.reply(c, "FUNCTION",
                "LOAD [REPLACE] <FUNCTION CODE>",
                "    Create a new library with the given library name and code.",
                "DELETE <LIBRARY NAME>",
                "    Delete the given library.",
                "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
                "    Return general information on all the libraries:",
                "    * Library name",
                "    * The engine used to run the Library",
                "    * Library description",
                "    * Functions list",
                "    * Library code (if WITHCODE is given)",
                "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
                "STATS",
                "    Return information about the current function running:",
                "    * Function name",
                "    * Command used to run the function",
                "    * Duration in MS that the function is running",
                "    If no function is running, return nil",
                "    In addition, returns a list of available engines.",
                "KILL",
                "    Kill the current running function.",
                "FLUSH [ASYNC|SYNC]",
                "    Delete all the libraries.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the libraries.",
                "    * SYNC: Synchronously flush the libraries.",
                "DUMP",
                "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
                "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
                "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
                "    control how to handle existing libraries (default APPEND):",
                "    * FLUSH: delete all existing libraries.",
                "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
                "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
                "      libraries with the new libraries (notice that even on this option there is a chance of failure",
                "      in case of functions name collision with another library).");
    }

    // ---------------------------------------------------------------- SCRIPT

    /** SCRIPT as Redis's eval.c answers it with an empty script cache and no script running. */
    private static void registerScript(CommandTable t) {
        CommandSpec s = t.container("script", -2).group("scripting")
                .doc("A container for the commands that manage the Lua script cache.", "2.6.0", "Depends on subcommand.");
        s.sub("kill", 2, ServerCommands::scriptKill).flags("noscript allow_busy")
                .tips("request_policy:all_shards", "response_policy:one_succeeded")
                .doc("Stops the script that is running, if it has not written anything.", "2.6.0", "O(1)");
        s.sub("exists", -3, ServerCommands::scriptExists).flags("noscript")
                .tips("request_policy:all_shards", "response_policy:agg_logical_and")
                .doc("Tells, for each SHA1 digest, whether that script is in the script cache.", "2.6.0",
                        "O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).");
        s.sub("flush", -2, ServerCommands::scriptFlush).flags("noscript")
                .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                .doc("Empties the script cache.", "2.6.0", "O(N) with N being the number of scripts in cache");
        s.sub("help", 2, ServerCommands::scriptHelp).flags("loading stale")
                .doc("Returns helpful text about the different subcommands.", "5.0.0", "O(1)");
    }

    static void scriptKill(Client c) { throw new RedisException("NOTBUSY No scripts in execution right now."); }

    /** SCRIPT EXISTS sha1 [sha1 ...]: the cache is always empty. */
    static void scriptExists(Client c) {
        c.reply.arrayHeader(c.argc - 2);
        for (int i = 2; i < c.argc; i++) c.reply.integer(0);
    }

    static void scriptFlush(Client c) {
        if (c.argc > 3 || (c.argc == 3 && !Args.equalsAscii(c.argv[2], "async") && !Args.equalsAscii(c.argv[2], "sync"))) {
            throw new RedisException("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        c.reply.ok();
    }

    static void scriptHelp(Client c) {
        Help.reply(c, "SCRIPT",
                "DEBUG (YES|SYNC|NO)",
                "    Set the debug mode for subsequent scripts executed.",
                "EXISTS <sha1> [<sha1> ...]",
                "    Return information about the existence of the scripts in the script cache.",
                "FLUSH [ASYNC|SYNC]",
                "    Flush the Lua scripts cache. Very dangerous on replicas.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the scripts cache.",
                "    * SYNC: Synchronously flush the scripts cache.",
                "KILL",
                "    Kill the currently executing Lua script.",
                "LOAD <script>",
                "    Load a script into the scripts cache without executing it.");
    }
}
