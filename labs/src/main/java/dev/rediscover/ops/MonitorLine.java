/*
 * The line a monitor receives for one command:
 *
 *   +<seconds>.<micros, 6 digits> [<db> <ip:port>] "arg0" "arg1" ...\r\n
 *
 * Every argument is quoted the way Redis's sdscatrepr (sds.c) quotes: \\ and \" escaped;
 * newline, carriage return, tab, bell and backspace as \n \r \t \a \b; other bytes outside
 * printable ASCII (0x20-0x7e) as \xhh in lower-case hex. So a line is always one line of
 * printable text, whatever bytes the keys and values hold. Redis: replication.c,
 * replicationFeedMonitors.
 */
package dev.rediscover.ops;

import dev.rediscover.lab.Lab;
import dev.rediscover.lab.LabNotDone;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

public final class MonitorLine {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private MonitorLine() {}

    /** The whole line, status-reply framed: the same bytes in RESP2 and RESP3. */
    public static byte[] format(long unixMicros, int db, String address, byte[][] argv, int argc) {
        StringBuilder head = new StringBuilder(48);
        head.append('+').append(unixMicros / 1_000_000).append('.');
        String micros = Long.toString(unixMicros % 1_000_000);
        head.append("000000", micros.length(), 6).append(micros);
        head.append(" [").append(db).append(' ').append(address).append("] ");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + 16 * argc);
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        for (int j = 0; j < argc; j++) {
            if (j > 0) out.write(' ');
            quote(out, argv[j]);
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** One argument between double quotes, escaped as sdscatrepr does. */
    // tag::quote[]
    @Lab(15)
    static void quote(ByteArrayOutputStream out, byte[] arg) {
        throw new LabNotDone(15, "MonitorLine.quote");
    }
    // end::quote[]
}
