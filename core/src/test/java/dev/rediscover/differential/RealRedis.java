/*
 * Starts Debian's redis-server (found on PATH) on a free loopback port, with no persistence, for
 * the differential tests. If redis-server is missing the tests fail with a message saying how to
 * install it; they never skip, so a green differential run always means "compared".
 */
package dev.rediscover.differential;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class RealRedis implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private RealRedis(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static RealRedis start(String... extraArgs) throws IOException, InterruptedException {
        String exe = findOnPath("redis-server");
        if (exe == null) {
            throw new IllegalStateException("redis-server is not on PATH. The differential tests compare the engine "
                    + "with a real Redis: install it (apt-get install redis-server) or run without -Pdifferential.");
        }
        int port = freePort();
        Path dir = Files.createTempDirectory("rediscover-real-redis");
        List<String> cmd = new ArrayList<>(List.of(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--enable-debug-command", "yes", "--loglevel", "warning"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new RealRedis(p, port, dir);
            } catch (IOException notYet) {
                if (!p.isAlive()) break;
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
    }

    public int port() { return port; }

    /** Its working directory (dir): where an AOF or dump file appears. */
    public Path dir() { return dir; }

    static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) return f.getAbsolutePath();
        }
        for (String d : new String[]{"/usr/bin", "/usr/local/bin", "/usr/sbin"}) {
            File f = new File(d, name);
            if (f.canExecute()) return f.getAbsolutePath();
        }
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
