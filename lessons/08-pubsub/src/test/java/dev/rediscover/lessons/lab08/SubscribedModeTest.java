/*
 * Lab 08, task 3: the subscribed-mode gate. A RESP2 client with any subscription may only run
 * the (P|S)(UN)SUBSCRIBE commands, PING, QUIT and RESET; PING answers ["pong", message]. A RESP3
 * client may run anything. SubscribedModeGate.subscribedMode.
 */
package dev.rediscover.lessons.lab08;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;

@Order(3)   // LabRunner runs the classes in task order
class SubscribedModeTest extends PubSubLab {

    static String refused(String cmd) {
        return err("ERR Can't execute '" + cmd + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
    }

    @Test
    @DisplayName("a RESP2 subscriber's GET, SET and PUBLISH are refused with Redis's error")
    void refusedInResp2() {
        String ch = randomChannel();
        x("in RESP2 a subscribed client may only (un)subscribe, PING, QUIT and RESET; the command name is lower case")
                .send("SUBSCRIBE", ch).expect(confirm("subscribe", ch, 1))
                .send("GET", "k").expect(refused("get"))
                .send("set", "k", "v").expect(refused("set"))
                .send("PUBLISH", ch, "x").expect(refused("publish"));
        x("a refused command must not run: the key was not set")
                .send("UNSUBSCRIBE").expect(confirm("unsubscribe", ch, 0))
                .send("EXISTS", "k").expect(num(0));
    }

    @Test
    @DisplayName("PING in subscribed mode answers [\"pong\", message-or-empty]")
    void pingWhileSubscribed() {
        x("a subscribed RESP2 client gets PING's answer as a two-element array, so it cannot be mistaken for a message")
                .send("PSUBSCRIBE", "p*").expect(confirm("psubscribe", "p*", 1))
                .send("PING").expect("*2\r\n" + bulk("pong") + bulk(""))
                .send("PING", "hey").expect("*2\r\n" + bulk("pong") + bulk("hey"));
    }

    @Test
    @DisplayName("the (un)subscribe commands and RESET still run; RESET leaves subscribed mode")
    void allowedCommands() {
        String a = randomChannel(), b = randomChannel();
        x("SUBSCRIBE is allowed while subscribed; RESET answers +RESET and drops every subscription")
                .send("SUBSCRIBE", a).expect(confirm("subscribe", a, 1))
                .send("SUBSCRIBE", b).expect(confirm("subscribe", b, 2))
                .send("RESET").expect("+RESET\r\n")
                .send("GET", "k").expect("$-1\r\n");
    }

    @Test
    @DisplayName("a RESP3 subscriber may run any command between messages")
    void resp3RunsAnything() throws IOException {
        var c = connectResp3();
        String ch = randomChannel();
        on(c, "RESP3 marks messages as push frames, so the gate lets every command through")
                .send("SUBSCRIBE", ch).expect(confirm(true, "subscribe", ch, 1))
                .send("SET", "k", "v").expect(OK)
                .send("GET", "k").expect(bulk("v"))
                .send("PING").expect("+PONG\r\n");
    }
}
