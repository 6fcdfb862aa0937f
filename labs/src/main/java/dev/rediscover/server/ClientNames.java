/*
 * Client names (CLIENT SETNAME, HELLO SETNAME) may not contain spaces, newlines or other special
 * characters: CLIENT LIST prints "name=..." fields separated by spaces (networking.c, validateClientName).
 */
package dev.rediscover.server;

import dev.rediscover.command.RedisException;

public final class ClientNames {
    private ClientNames() {}

    public static void validate(byte[] name) {
        for (byte b : name) {
            if (b < '!' || b > '~') {
                throw new RedisException("ERR Client names cannot contain spaces, newlines or special characters.");
            }
        }
    }
}
