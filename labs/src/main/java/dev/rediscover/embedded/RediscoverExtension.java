/*
 * A JUnit 5 extension that starts one Rediscover server per test class and stops it afterwards.
 *
 *   @ExtendWith(RediscoverExtension.class)
 *   class MyTest {
 *       @Test void works(RediscoverServer redis) {
 *           try (Jedis j = new Jedis(redis.host(), redis.port())) { ... }
 *       }
 *   }
 *
 * The server is injected into test methods and constructors that take a RediscoverServer
 * parameter. Each class gets a free port, so test classes can run in parallel.
 */
package dev.rediscover.embedded;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

public final class RediscoverExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RediscoverExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("server", RediscoverServer.start());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        RediscoverServer s = context.getStore(NS).remove("server", RediscoverServer.class);
        if (s != null) s.close();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == RediscoverServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        ExtensionContext c = e;
        while (c != null) {
            RediscoverServer s = c.getStore(NS).get("server", RediscoverServer.class);
            if (s != null) return s;
            c = c.getParent().orElse(null);
        }
        throw new IllegalStateException("RediscoverExtension did not start a server for this class");
    }
}
