/*
 * The subscribed-mode rule (Redis: server.c, processCommand): a RESP2 connection with any
 * subscription can only run the (P|S)(UN)SUBSCRIBE commands, PING, QUIT and RESET, because in
 * RESP2 a client could not tell a reply from a pushed message. RESP3 marks messages as push
 * frames, so a RESP3 subscriber may run anything.
 *
 * PING is answered here, in the RESP2 subscribed form ["pong", message-or-""] (Redis does it
 * inside pingCommand): it keeps the connection commands' PING (a lab-02 method) untouched by
 * pub/sub. It is counted as a call like any command (INFO commandstats, CLIENT LIST cmd=).
 *
 * The subscription commands are let through by the given intercept, before subscribedMode: a
 * subscriber's next SUBSCRIBE must work as soon as lab 08's bookkeeping does, gate or no gate.
 */
package dev.rediscover.pubsub;

import dev.rediscover.command.CommandSpec;
import dev.rediscover.command.Dispatcher;
import dev.rediscover.command.Errors;
import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;
import dev.rediscover.server.Client;

import java.nio.charset.StandardCharsets;

final class SubscribedModeGate implements Dispatcher.Gate {
    private static final byte[] PONG = "pong".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    @Override
    public boolean intercept(Client c, CommandSpec cmd) {
        if (!c.has(Client.PUBSUB)) return false;   // every command passes here: keep it cheap
        if (changesSubscriptions(cmd)) return false;   // a subscriber may always (un)subscribe
        return subscribedMode(c, cmd);
    }

    /** (P|S)(UN)SUBSCRIBE: allowed in every protocol, so a subscriber can manage its channels. */
    private static boolean changesSubscriptions(CommandSpec cmd) {
        return switch (cmd.name()) {
            case "subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe" -> true;
            default -> false;
        };
    }

    // tag::gate[]
    /**
     * A subscribed client's command other than (P|S)(UN)SUBSCRIBE: let it run (false), or answer
     * it here (true).
     */
    @Lab(8)
    static boolean subscribedMode(Client c, CommandSpec cmd) {
        throw new LabNotDone(8, "SubscribedModeGate.subscribedMode");
    }
    // end::gate[]

    /** What Dispatcher.call records for a command that ran. */
    private static void counted(Client c, CommandSpec cmd) {
        cmd.calls++;
        c.server.stats.totalCommands++;
        c.commandsProcessed++;
        c.cmd = cmd;
        c.lastCmd = cmd;
    }

    private static void pong(Client c) {
        if (c.argc > 2) {
            c.reply.error(Errors.arity("ping").getMessage());
            return;
        }
        c.reply.pushHeader(2);
        c.reply.bulk(PONG);
        c.reply.bulk(c.argc == 2 ? c.argv[1] : EMPTY);
    }
}
