/*
 * Rediscover embedded in a JVM program or test: start a server on a background thread, talk to it
 * over TCP with any Redis client, close it when done. No Docker, no redis-server binary.
 *
 *   try (RediscoverServer redis = RediscoverServer.start()) {
 *       Jedis jedis = new Jedis("127.0.0.1", redis.port());
 *       ...
 *   }
 *
 * start(config) takes the same configuration as redis.conf: RediscoverServer.start("--save", "",
 * "--databases", "4"). Port 0 (the default here) picks a free port. A ManualClock lets a test move
 * time forward to expire keys without sleeping.
 *
 * Persistence: no save rules by default (save ""), and unless --dir is given the working
 * directory is a fresh temporary one, deleted by close(), so SAVE, BGSAVE or DEBUG RELOAD in a
 * test never leave a dump.rdb behind. With --dir, a dump already there is loaded at start.
 */
package dev.rediscover.embedded;

import dev.rediscover.server.Clock;
import dev.rediscover.server.Config;
import dev.rediscover.server.ConfigException;
import dev.rediscover.server.Server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

public final class RediscoverServer implements AutoCloseable {
    private final Server server;
    private final Thread thread;
    /** The temporary dir made for this server (no --dir given), deleted by close(). */
    private java.nio.file.Path ownedDir;

    private RediscoverServer(Server server) {
        this.server = server;
        CompletableFuture<Void> looping = new CompletableFuture<>();
        this.thread = new Thread(() -> {
            try {
                server.run();
            } catch (RuntimeException | Error e) {
                // Dying at once is reported by start(); dying later is shown like any uncaught error.
                if (!looping.completeExceptionally(e)) throw e;
            }
        }, "rediscover-loop-" + server.port());
        this.thread.setDaemon(true);
        server.loop().execute(() -> looping.complete(null));
        this.thread.start();
        awaitLooping(looping);
    }

    /**
     * Wait until the loop has run once. In a learner's labs/ the loop itself may be a stub
     * (lab 02): then the thread dies at once, and start() says so instead of handing back a port
     * that accepts connections but never answers.
     */
    private void awaitLooping(CompletableFuture<Void> looping) {
        try {
            looping.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the server's event loop stopped at once: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the server's event loop did not start within 10 seconds");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Start on a free loopback port with default settings (and no snapshots). */
    public static RediscoverServer start() { return start(Clock.SYSTEM); }

    /** Start with redis-server-style options, e.g. start("--databases", "4"). */
    public static RediscoverServer start(String... options) { return start(Clock.SYSTEM, options); }

    /** Start with a clock of your own (a ManualClock to drive expiry in tests). */
    public static RediscoverServer start(Clock clock, String... options) {
        try {
            Config config = new Config();
            config.set("port", "0");
            config.set("bind", "127.0.0.1");
            config.set("save", "");
            config.set("loglevel", "warning");
            String[] args = options;
            Config given = Config.fromArgs(args);   // validates the options with the usual messages
            for (Config.Param p : given.all()) {
                if (!p.value().equals(new Config().get(p.name()))) config.set(p.name(), p.value());
            }
            config.extraDirectives().addAll(given.extraDirectives());   // user, rename-command lines
            java.nio.file.Path owned = null;
            if (config.get("dir").equals(new Config().get("dir"))) {
                owned = java.nio.file.Files.createTempDirectory("rediscover-");
                config.set("dir", owned.toString());
            }
            RediscoverServer r;
            try {
                r = start(config, clock);
            } catch (RuntimeException e) {
                if (owned != null) deleteTree(owned);
                throw e;
            }
            r.ownedDir = owned;
            return r;
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Start with a prepared Config. */
    public static RediscoverServer start(Config config, Clock clock) {
        try {
            Server s = new Server(config, clock);
            dev.rediscover.persistence.RdbPersistence.of(s).loadAtStartup();
            s.listen();
            return new RediscoverServer(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() { return server.port(); }

    public String host() { return "127.0.0.1"; }

    /** The server itself, for tests that look inside. Touch it only through onLoop(). */
    public Server server() { return server; }

    /** Run code on the event-loop thread and wait for its result (safe access to the data). */
    public <T> T onLoop(Function<Server, T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        server.loop().execute(() -> {
            try {
                f.complete(task.apply(server));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public boolean isRunning() { return thread.isAlive(); }

    /** Stop the server: every client is disconnected and the port is released. */
    @Override
    public void close() {
        server.shutdown();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownedDir != null) deleteTree(ownedDir);
    }

    /** Remove a directory and what is in it (a background save's writer may still be finishing). */
    private static void deleteTree(java.nio.file.Path dir) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (var files = java.nio.file.Files.walk(dir)) {
                for (java.nio.file.Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
                return;
            } catch (IOException | UncheckedIOException e) {
                // a file appeared or vanished meanwhile: walk again
            }
        }
    }
}
