/*
 * The fixture most differential tests share: one real redis-server and one engine, started once
 * for the test class and stopped after it. A test class extends this and sends the same commands
 * to `redis` and `engine`, then compares what came back. Test classes run one after another
 * (no parallel execution is configured), so the two static fields are never shared at once.
 */
package dev.rediscover.differential;

import dev.rediscover.embedded.RediscoverServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

@Tag("differential")
public abstract class AgainstRealRedis {
    protected static RealRedis redis;
    protected static RediscoverServer engine;

    @BeforeAll
    static void startBoth() throws Exception {
        redis = RealRedis.start();
        engine = RediscoverServer.start();
    }

    @AfterAll
    static void stopBoth() {
        if (redis != null) redis.close();
        if (engine != null) engine.close();
        redis = null;
        engine = null;
    }
}
