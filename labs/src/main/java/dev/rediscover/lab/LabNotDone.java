/*
 * Thrown by a method whose body a learner has not written yet.
 *
 * The carving tool puts `throw new LabNotDone(5, "ListCommands.lpush")` in place of every @Lab
 * method body. The command dispatcher catches it and answers the client with an error reply
 * that says which lab and which method, so the server keeps running and the learner knows
 * exactly where to go next.
 */
package dev.rediscover.lab;

import java.util.Map;

public final class LabNotDone extends RuntimeException {
    /** Lesson folder names, so the error can point at the right walkthrough. */
    private static final Map<Integer, String> TOPICS = Map.ofEntries(
            Map.entry(1, "resp"), Map.entry(2, "event-loop"), Map.entry(3, "strings"),
            Map.entry(4, "ttl"), Map.entry(5, "lists"), Map.entry(6, "hashes-sets"),
            Map.entry(7, "sorted-sets"), Map.entry(8, "pubsub"), Map.entry(9, "streams"),
            Map.entry(10, "transactions"), Map.entry(11, "rdb"), Map.entry(12, "aof"),
            Map.entry(13, "replication"), Map.entry(14, "eviction"), Map.entry(15, "operations"));

    private final int lab;
    private final String method;

    public LabNotDone(int lab, String method) {
        super(message(lab, method), null, false, false);
        this.lab = lab;
        this.method = method;
    }

    public int lab() { return lab; }

    public String method() { return method; }

    /** The text after "-ERR ": lab 05 is not done yet: ListCommands.lpush (see lessons/05-lists) */
    public static String message(int lab, String method) {
        String nn = String.format("%02d", lab);
        return "lab " + nn + " is not done yet: " + method
                + " (see lessons/" + nn + "-" + TOPICS.getOrDefault(lab, "?") + ")";
    }
}
