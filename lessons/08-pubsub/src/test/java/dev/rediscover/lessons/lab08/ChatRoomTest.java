/*
 * Lab 08, task 6 (the finish line): a small chat room over pub/sub. Each room is a channel
 * ("room:lobby"), a member's client subscribes to the rooms it joined and publishes what it
 * says, and a moderator watches every room through one pattern, "room:*". Nothing new to write:
 * this is tasks 1-5 working together, the way a real application uses them.
 *
 * Alice speaks RESP3, so one connection both listens and talks. Bob speaks RESP2: his listening
 * connection is in subscribed mode and may not PUBLISH, so he talks on a second one, as RESP2
 * clients (redis-cli, Jedis) do.
 */
package dev.rediscover.lessons.lab08;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;

@Order(6)   // LabRunner runs the classes in task order
class ChatRoomTest extends PubSubLab {

    @Test
    @DisplayName("members of a room hear each other, other rooms do not, the moderator hears all")
    void chat() throws IOException {
        String lobby = "room:lobby", games = "room:games";
        RawClient alice = connectResp3();
        RawClient bobListens = connect(), bobTalks = connect();
        RawClient carol = connect();
        RawClient moderator = connect();

        on(alice, "alice joins the lobby (RESP3: a push confirmation)").send("SUBSCRIBE", lobby).expect(confirm(true, "subscribe", lobby, 1));
        subscribe(bobListens, lobby, 1);
        on(bobListens, "bob also joins the games room").send("SUBSCRIBE", games).expect(confirm("subscribe", games, 2));
        subscribe(carol, games, 1);
        psubscribe(moderator, "room:*", 1);

        on(alice, "alice (RESP3) may PUBLISH on her subscribed connection. She is in the lobby herself, so her own "
                + "message is pushed to her while PUBLISH runs: it comes BEFORE PUBLISH's reply (as in Redis)")
                .send("PUBLISH", lobby, "alice: hi all")
                .expect(message(true, lobby, "alice: hi all"))
                .expect(num(3));
        on(bobListens, "bob hears alice in the lobby").expect(message(lobby, "alice: hi all"));
        on(moderator, "the moderator hears every room through room:*").expect(pmessage("room:*", lobby, "alice: hi all"));

        publish(bobTalks, games, "bob: anyone for chess?", 3, "games has bob, carol and the moderator");
        on(bobListens, "bob hears his own message: he listens to games too").expect(message(games, "bob: anyone for chess?"));
        on(carol, "carol is in games").expect(message(games, "bob: anyone for chess?"));
        on(moderator, "").expect(pmessage("room:*", games, "bob: anyone for chess?"));

        on(carol, "carol leaves games: unsubscribing from her only room").send("UNSUBSCRIBE").expect(confirm("unsubscribe", games, 0))
                .send("PUBLISH", games, "carol: bye").expect(num(2));
        on(bobListens, "carol's goodbye reaches bob").expect(message(games, "carol: bye"));
        on(moderator, "").expect(pmessage("room:*", games, "carol: bye"));

        x("PUBSUB NUMSUB counts room members (channel subscribers, not patterns); NUMPAT counts the moderator's pattern")
                .send("PUBSUB", "NUMSUB", lobby, games).expect("*4\r\n" + bulk(lobby) + num(2) + bulk(games) + num(1))
                .send("PUBSUB", "NUMPAT").expect(num(1));
    }

    @Test
    @DisplayName("a member who disconnects leaves every room; the moderator's RESET stops moderation")
    void leaving() throws IOException {
        String lobby = "room:" + randomChannel();
        RawClient alice = connect(), bob = connect(), moderator = connect();
        subscribe(alice, lobby, 1);
        subscribe(bob, lobby, 1);
        psubscribe(moderator, "room:*", 1);
        alice.close();
        awaitSubscribers(lobby, 1);
        publish(client, lobby, "server: alice left", 2, "alice's connection is gone: bob and the moderator remain");
        on(bob, "").expect(message(lobby, "server: alice left"));
        on(moderator, "").expect(pmessage("room:*", lobby, "server: alice left"))
                .send("RESET").expect("+RESET\r\n");
        publish(client, lobby, "server: quiet now", 1, "after RESET the moderator has no pattern any more: only bob hears");
        on(bob, "").expect(message(lobby, "server: quiet now"));
    }
}
