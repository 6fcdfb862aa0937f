/*
 * A configuration value that cannot be accepted: an unknown directive in redis.conf, a port that is
 * not a number, a CONFIG SET to something out of range. The message is Redis's own wording
 * (config.c), e.g. "argument couldn't be parsed into an integer".
 */
package dev.rediscover.server;

public final class ConfigException extends Exception {
    public ConfigException(String message) { super(message, null, false, false); }
}
