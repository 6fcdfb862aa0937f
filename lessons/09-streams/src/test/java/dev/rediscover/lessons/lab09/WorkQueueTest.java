/*
 * Lab 09, the finale: a work queue. Producers XADD jobs, three workers in one group take them
 * with XREADGROUP >, acknowledge what they finish, and one worker "crashes" (closes its
 * connection with jobs pending). A survivor finds the stale jobs with XPENDING, takes them with
 * XAUTOCLAIM, finishes them, and in the end every job was done exactly once and nothing is pending.
 */
package dev.rediscover.lessons.lab09;

import dev.rediscover.testing.RawClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@Order(6)
class WorkQueueTest extends StreamLab {
    private static final Pattern ID = Pattern.compile("\\$\\d+\r\n(\\d+-\\d+)\r\n\\*2\r\n");

    /** The entry IDs in an XREADGROUP / XAUTOCLAIM reply (an ID is followed by its 2-item field array). */
    static List<String> ids(byte[] reply) {
        List<String> out = new ArrayList<>();
        Matcher m = ID.matcher(new String(reply, StandardCharsets.UTF_8));
        while (m.find()) out.add(m.group(1));
        return out;
    }

    @Test
    @DisplayName("three workers share the jobs; a crashed worker's jobs are claimed and finished")
    void workQueue() throws Exception {
        String key = randomKey();
        x("the group, with the stream").send("XGROUP", "CREATE", key, "workers", "$", "MKSTREAM").expect(OK);
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            x("a producer adds a job with *").send("XADD", key, "*", "job", "j" + i).expect(bulk(now(i)));
            jobs.add(now(i));
        }
        RawClient a = connect(), b = connect(), crash = connect();
        List<String> done = new ArrayList<>();

        List<String> ofA = ids(on(a, "worker a takes 4").send("XREADGROUP", "GROUP", "workers", "a", "COUNT", "4", "STREAMS", key, ">").reply());
        List<String> ofB = ids(on(b, "worker b takes 4").send("XREADGROUP", "GROUP", "workers", "b", "COUNT", "4", "STREAMS", key, ">").reply());
        List<String> ofC = ids(on(crash, "worker c takes 4").send("XREADGROUP", "GROUP", "workers", "c", "COUNT", "4", "STREAMS", key, ">").reply());
        assertThat(ofA).as("a gets the first 4 jobs (deliverNew)").isEqualTo(jobs.subList(0, 4));
        assertThat(ofB).as("b gets the next 4: never a job another worker has").isEqualTo(jobs.subList(4, 8));
        assertThat(ofC).as("c gets the last 4").isEqualTo(jobs.subList(8, 12));

        for (String id : ofA) on(a, "a finishes its job").send("XACK", key, "workers", id).expect(num(1));
        on(b, "b finishes its jobs in one XACK").send(withIds(new String[]{"XACK", key, "workers"}, ofB)).expect(num(4));
        done.addAll(ofA);
        done.addAll(ofB);
        crash.close(); // c dies with 4 jobs pending

        clock.advanceMillis(60_000);
        x("XPENDING shows c's 4 jobs, a minute old").send("XPENDING", key, "workers")
                .expect(raw(num(4), bulk(jobs.get(8)), bulk(jobs.get(11)), raw(raw(bulk("c"), bulk("4")))));

        byte[] claimed = on(a, "a claims jobs idle for 30 s or more")
                .send("XAUTOCLAIM", key, "workers", "a", "30000", "0", "COUNT", "10").reply();
        assertThat(ids(claimed)).as("XAUTOCLAIM hands a the crashed worker's jobs").isEqualTo(ofC);
        on(a, "a finishes them").send(withIds(new String[]{"XACK", key, "workers"}, ofC)).expect(num(4));
        done.addAll(ofC);

        assertThat(done).as("every job done exactly once").containsExactlyInAnyOrderElementsOf(jobs);
        x("nothing pending, nothing new").send("XPENDING", key, "workers").expect(raw(num(0), "$-1\r\n", "$-1\r\n", NIL_ARRAY))
                .send("XREADGROUP", "GROUP", "workers", "a", "STREAMS", key, ">").expect(NIL_ARRAY);
    }

    static String[] withIds(String[] head, List<String> ids) {
        String[] a = new String[head.length + ids.size()];
        System.arraycopy(head, 0, a, 0, head.length);
        for (int i = 0; i < ids.size(); i++) a[head.length + i] = ids.get(i);
        return a;
    }
}
