/*
 * Server-wide counters for INFO stats and INFO errorstats (Redis keeps these in the `server`
 * struct: stat_numcommands, stat_numconnections, stat_net_input_bytes, errors dict...).
 */
package dev.rediscover.server;

import java.util.Map;
import java.util.TreeMap;

public final class ServerStats {
    public long totalConnections;
    public long rejectedConnections;
    public long totalCommands;
    public long netInputBytes;
    public long netOutputBytes;
    public long totalErrorReplies;
    public long unexpectedErrorReplies;
    /** Error replies by their code (ERR, WRONGTYPE...), for INFO errorstats. */
    public final Map<String, Long> errorCodes = new TreeMap<>();

    /** Count an error reply by the first word of its text, as Redis's afterErrorReply does. */
    public void countError(String message) {
        totalErrorReplies++;
        int sp = message.indexOf(' ');
        String code = sp > 0 ? message.substring(0, sp) : message;
        if (code.length() > 32 || !code.equals(code.toUpperCase(java.util.Locale.ROOT))) code = "ERR";
        errorCodes.merge(code, 1L, Long::sum);
    }

    public void reset() {
        totalConnections = rejectedConnections = totalCommands = 0;
        netInputBytes = netOutputBytes = 0;
        totalErrorReplies = unexpectedErrorReplies = 0;
        errorCodes.clear();
    }
}
