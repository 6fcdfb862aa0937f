/*
 * The dispatcher runs one parsed command for one client: Redis's processCommand() and call() in
 * server.c, in miniature.
 *
 *   1. look the name up in the command table            -> "ERR unknown command ..."
 *   2. resolve a subcommand (CONFIG GET, CLIENT LIST)   -> "ERR unknown subcommand ..."
 *   3. check the arity                                  -> "ERR wrong number of arguments ..."
 *   4. ask each gate whether the command may run now   (authentication, pub/sub mode, out
 *      of memory, read-only replica: added by later labs), then the last gates (MULTI queueing,
 *      which must only see commands every check accepted)
 *   5. call the handler, timing it for INFO commandstats and SLOWLOG
 *
 * A refusal in steps 1-4 goes through reject(), so that inside MULTI it dooms the transaction
 * (Redis: rejectCommand and flagTransaction). Gates that refuse a command should use it too.
 *
 * Errors thrown as RedisException become error replies; a LabNotDone becomes the "lab NN is not
 * done yet" error so a half-finished course server keeps running.
 */
package dev.rediscover.command;

import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;
import dev.rediscover.server.Server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class Dispatcher {
    /**
     * A check that runs before every command and may refuse it, or take it over (MULTI queues
     * commands instead of running them). Returns true when it handled the command itself.
     */
    public interface Gate {
        boolean intercept(Client c, CommandSpec cmd);
    }

    /** Told after each command ran (replication, AOF, MONITOR, SLOWLOG hook in here). */
    public interface Observer {
        void afterCommand(Client c, CommandSpec cmd, long durationMicros);
    }

    private final Server server;
    private final CommandTable table;
    private final List<Gate> gates = new ArrayList<>();
    private final List<Gate> lastGates = new ArrayList<>();
    private final List<RejectListener> rejectListeners = new ArrayList<>();
    private final List<Observer> observers = new ArrayList<>();
    private final List<BeforeCall> beforeCalls = new ArrayList<>();

    /**
     * Told just before a command runs, after every check passed (also for each command EXEC
     * runs): a background save copies the keys the command is about to change, propagation notes
     * the dirty counter to see afterwards whether the command changed anything.
     */
    public interface BeforeCall {
        void beforeCall(Client c, CommandSpec cmd);
    }

    public void addBeforeCall(BeforeCall b) { beforeCalls.add(b); }

    public Dispatcher(Server server, CommandTable table) {
        this.server = server;
        this.table = table;
    }

    public void addGate(Gate g) { gates.add(g); }

    /**
     * A gate that runs after every ordinary gate, whatever order they were added in: MULTI's
     * queue, which must only take commands every other check has let through.
     */
    public void addLastGate(Gate g) { lastGates.add(g); }

    /**
     * Hears of every command refused before it ran (unknown, wrong arity, refused by a gate
     * through reject()). Inside MULTI that dooms the transaction (Redis: rejectCommand calls
     * flagTransaction), and a refused EXEC answers for the whole transaction instead.
     */
    public interface RejectListener {
        /** Return true when the listener wrote the reply itself instead of `error`. */
        boolean rejected(Client c, CommandSpec cmd, String error);
    }

    public void onReject(RejectListener listener) { rejectListeners.add(listener); }

    public void addObserver(Observer o) { observers.add(o); }

    public CommandTable table() { return table; }

    /** Refuse a command with an error, counting it in rejected_calls (cmd null: unknown command). */
    public void reject(Client c, CommandSpec cmd, String error) {
        if (cmd != null) cmd.rejectedCalls++;
        boolean replied = false;
        for (int i = 0; i < rejectListeners.size(); i++) replied |= rejectListeners.get(i).rejected(c, cmd, error);
        if (!replied) c.reply.error(error);
    }

    /** Look up, check and run the command in c.argv. */
    public void process(Client c) {
        CommandSpec cmd = table.lookup(c.argv[0]);
        if (cmd == null) {
            reject(c, null, unknownCommand(c));
            return;
        }
        // A container that also runs alone (bare COMMAND) takes argc == 1 itself.
        if (cmd.hasSubcommands() && (c.argc >= 2 || cmd.handler() == null)) {
            if (c.argc < 2) {
                rejectArity(c, cmd);
                return;
            }
            CommandSpec sub = cmd.subcommand(lower(c.argv[1]));
            if (sub == null) {
                reject(c, cmd, Errors.unknownSubcommand(c.arg(1), cmd.name()).getMessage());
                return;
            }
            cmd = sub;
        }
        if (!cmd.arityOk(c.argc)) {
            rejectArity(c, cmd);
            return;
        }
        for (int i = 0; i < gates.size(); i++) {
            if (gates.get(i).intercept(c, cmd)) return;
        }
        for (int i = 0; i < lastGates.size(); i++) {
            if (lastGates.get(i).intercept(c, cmd)) return;
        }
        call(c, cmd);
    }

    /** Run a command that has passed every check (Redis: call()). Also used by EXEC. */
    public void call(Client c, CommandSpec cmd) {
        c.cmd = cmd;
        for (int i = 0; i < beforeCalls.size(); i++) beforeCalls.get(i).beforeCall(c, cmd);
        errorsBefore = server.stats.totalErrorReplies;
        long start = System.nanoTime();
        try {
            cmd.handler().execute(c);
        } catch (RedisException e) {
            c.reply.error(e.getMessage());
        } catch (LabNotDone e) {
            c.reply.error("ERR " + e.getMessage());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            // A bug must cost one reply, never the server.
            server.log.warning("command " + cmd.name() + " failed: " + e);
            c.reply.error("ERR internal error: " + e.getClass().getSimpleName());
        }
        long micros = (System.nanoTime() - start) / 1000;
        countFailure(cmd);
        cmd.calls++;
        cmd.usec += micros;
        server.stats.totalCommands++;
        c.commandsProcessed++;
        c.lastCmd = cmd;
        for (int i = 0; i < observers.size(); i++) observers.get(i).afterCommand(c, cmd, micros);
    }

    /**
     * failed_calls: a command failed if any error reply was written while it ran (an error
     * inside EXEC's array too). The mark is shared by nested calls, as Redis's static
     * prev_err_count in call() is: EXEC's queued commands move it, so an error of a queued
     * INCR fails INCR, not EXEC, while EXEC's own EXECABORT fails EXEC.
     */
    private void countFailure(CommandSpec cmd) {
        long now = server.stats.totalErrorReplies;
        if (now > errorsBefore) cmd.failedCalls++;
        errorsBefore = now;
    }

    private long errorsBefore;

    private void rejectArity(Client c, CommandSpec cmd) {
        reject(c, cmd, Errors.arity(cmd.name()).getMessage());
    }

    /**
     * "ERR unknown command 'foo', with args beginning with: 'a' 'b' " (server.c, processCommand):
     * the arguments are quoted and the list is cut at 128 characters.
     */
    static String unknownCommand(Client c) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < c.argc && args.length() < 128; i++) {
            String a = c.arg(i);
            int room = 128 - args.length();
            args.append('\'').append(a, 0, Math.min(a.length(), room)).append("' ");
        }
        String name = c.arg(0);
        if (name.length() > 128) name = name.substring(0, 128);
        return "ERR unknown command '" + name + "', with args beginning with: " + args;
    }

    private static String lower(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
    }
}
