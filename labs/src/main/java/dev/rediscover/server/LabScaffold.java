/*
 * Scaffolding for a learner's server that cannot run its own event loop yet.
 *
 * Labs 01 (the RESP reader and writer) and 02 (the event loop) are what every other command
 * stands on: until they are written, the server cannot read a command, so it cannot answer
 * "lab 05 is not done yet" the way the dispatcher does for later labs. Rather than leave a
 * learner with a server that dies at start-up, Main falls back to this deliberately simple
 * stand-in: it listens on the same port with a thread per connection (the design lab 02 replaces
 * with a selector), and answers every request with the error that names the method to write:
 *
 *   $ redis-cli -p 6380 PING
 *   (error) ERR lab 02 is not done yet: EventLoop.accept (see lessons/02-event-loop)
 *
 * It does not parse RESP (that is lab 01's job): it answers once per chunk of bytes received,
 * which is one reply per command for an interactive client such as redis-cli. It is not used by
 * tests or by the embedded server, only by the command-line server (Main).
 */
package dev.rediscover.server;

import dev.rediscover.lab.LabNotDone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

final class LabScaffold {
    private LabScaffold() {}

    /** Serve the "not done yet" error on host:port until the process is stopped. */
    static void serve(String host, int port, LabNotDone why, Log log) throws IOException {
        byte[] reply = ("-ERR " + why.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8);
        try (ServerSocket listener = new ServerSocket(port, 50, InetAddress.getByName(host))) {
            listener.setReuseAddress(true);
            log.warning("The event loop cannot run yet (" + why.getMessage() + "). Serving that error on port "
                    + port + " until you write it; stop with Ctrl-C.");
            while (true) {
                Socket s = listener.accept();
                Thread t = new Thread(() -> answer(s, reply), "lab-scaffold");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    private static void answer(Socket s, byte[] reply) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[16 * 1024];
            while (in.read(buf) > 0) {
                out.write(reply);
                out.flush();
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }
}
