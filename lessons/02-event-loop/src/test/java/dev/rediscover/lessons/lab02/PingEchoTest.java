/*
 * Tasks 5 to 9: a command goes all the way round (read, parse, run, reply, write), with PING and
 * ECHO as the commands. ECHO must give back exactly the bytes it got: a value is bytes, not text.
 */
package dev.rediscover.lessons.lab02;

import org.junit.jupiter.api.Order;
import dev.rediscover.testing.Exchange;
import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.Socket;

import static dev.rediscover.lessons.lab02.Wire.ascii;
import static dev.rediscover.lessons.lab02.Wire.bulk;

@Order(5)   // LabRunner runs the classes in task order
class PingEchoTest {
    @RegisterExtension
    final LabServer server = new LabServer();

    @Test
    @DisplayName("PING answers +PONG")
    void ping() throws Exception {
        Exchange.with(server.client())
                .hint("PING with no argument replies with the simple string PONG: c.reply.simple(\"PONG\")")
                .send("PING").expect("+PONG\r\n");
    }

    @Test
    @DisplayName("PING message answers with the message as a bulk string")
    void pingWithMessage() throws Exception {
        byte[] message = Wire.random(1, 64);
        Exchange.with(server.client())
                .hint("PING with an argument replies with that argument as a bulk string, not +PONG")
                .send(ascii("PING"), message).expect(bulk(message));
    }

    @Test
    @DisplayName("PING with two arguments is an arity error")
    void pingArity() throws Exception {
        Exchange.with(server.client())
                .hint("PING takes at most one argument: throw Errors.arity(\"ping\")")
                .send("PING", Wire.word(), Wire.word())
                .expect("-ERR wrong number of arguments for 'ping' command\r\n");
    }

    @Test
    @DisplayName("ECHO gives back any bytes exactly, \\r\\n and NUL included")
    void echoIsBinarySafe() throws Exception {
        Exchange e = Exchange.with(server.client())
                .hint("ECHO replies with its argument as a bulk string: c.reply.bulk(c.argv[1]). Never turn the bytes "
                        + "into a String: not every byte sequence is valid text");
        for (int i = 0; i < 20; i++) {
            byte[] value = Wire.random(1, 300);
            e.send(ascii("ECHO"), value).expect(bulk(value));
        }
    }

    @Test
    @DisplayName("ECHO of an empty string is an empty bulk string")
    void echoEmpty() throws Exception {
        Exchange.with(server.client())
                .hint("an empty argument is still an argument: the reply is $0\\r\\n\\r\\n")
                .send("ECHO", "").expect("$0\r\n\r\n");
    }

    @Test
    @DisplayName("ECHO of a 1 MB value: the command spans many reads, the reply many writes")
    void echoBig() throws Exception {
        byte[] value = Wire.random(1 << 20, 1 << 20);
        Socket client = server.connect(server.socket());
        client.getOutputStream().write(RawClient.encode(ascii("ECHO"), value));
        BigReply.expectBulk(client.getInputStream(), value, "readFromClient gets the command a piece at a time: run processInput "
                + "after every read, and let the reader keep what is not a whole command yet. writeToClient may write "
                + "only part of the reply: keep the rest and ask for OP_WRITE");
    }

    @Test
    @DisplayName("command names are case-insensitive")
    void caseInsensitive() throws Exception {
        String word = Wire.word();
        Exchange.with(server.client())
                .hint("the command table finds commands whatever their case")
                .send("ping").expect("+PONG\r\n")
                .send("eChO", word).expect(bulk(word));
    }

    @Test
    @DisplayName("an unknown command or a wrong arity gets an error, and the connection goes on")
    void errorsKeepTheConnection() throws Exception {
        String name = "NO" + Wire.word();
        Exchange.with(server.client())
                .hint("an error reply is a reply like any other: processInput goes on with the next command")
                .send(name, "a").expect("-ERR unknown command '" + name + "', with args beginning with: 'a' \r\n")
                .send("ECHO").expect("-ERR wrong number of arguments for 'echo' command\r\n")
                .send("PING").expect("+PONG\r\n");
    }
}
