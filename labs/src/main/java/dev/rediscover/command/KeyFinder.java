/*
 * Finds a command's keys when its key specs alone cannot say everything, mostly which flags a
 * key gets: SET is "OW update" but "RW access update" with GET; BITFIELD is "RO access" unless it
 * has SET or INCRBY. Redis calls these getkeys_proc (setGetKeys, bitfieldGetKeys in db.c) and
 * marks such specs "variable_flags". COMMAND GETKEYS(ANDFLAGS) asks the finder when a command
 * has one (CommandSpec.keyFinder), else it walks the specs (KeySpec.findKeys).
 */
package dev.rediscover.command;

@FunctionalInterface
public interface KeyFinder {
    /**
     * Reports each key of argv[0..argc) (argv[0] is the command name) with the spec whose flags
     * apply to it. Returns false when the arguments cannot hold the keys ("Invalid arguments").
     */
    boolean find(byte[][] argv, int argc, KeySpec.Positions out);
}
