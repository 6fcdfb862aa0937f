/*
 * The numbers of the RDB format: object types and opcodes (Redis: the RDB_TYPE_* and
 * RDB_OPCODE_* defines in rdb.h), and the special length encodings (RDB_ENC_*).
 */
package dev.rediscover.rdb;

final class RdbTypes {
    private RdbTypes() {}

    // Value types. The first five are the "plain" forms every version can read.
    static final int STRING = 0, LIST = 1, SET = 2, ZSET = 3, HASH = 4, ZSET_2 = 5;
    static final int MODULE = 6, MODULE_2 = 7;
    // Packed forms of older versions (loaded, never written).
    static final int HASH_ZIPMAP = 9, LIST_ZIPLIST = 10, SET_INTSET = 11, ZSET_ZIPLIST = 12,
            HASH_ZIPLIST = 13, LIST_QUICKLIST = 14, STREAM_LISTPACKS = 15;
    // Redis 7.0's packed forms.
    static final int HASH_LISTPACK = 16, ZSET_LISTPACK = 17, LIST_QUICKLIST_2 = 18, STREAM_LISTPACKS_2 = 19;
    // Redis 7.2 (RDB 11): loaded when met, for files from newer servers that only use these.
    static final int SET_LISTPACK = 20, STREAM_LISTPACKS_3 = 21;

    // Opcodes: a byte in the type position that is not a type.
    static final int OPCODE_FUNCTION2 = 245, OPCODE_FUNCTION = 246, OPCODE_MODULE_AUX = 247,
            OPCODE_IDLE = 248, OPCODE_FREQ = 249, OPCODE_AUX = 250, OPCODE_RESIZEDB = 251,
            OPCODE_EXPIRETIME_MS = 252, OPCODE_EXPIRETIME = 253, OPCODE_SELECTDB = 254, OPCODE_EOF = 255;

    // Length encodings: the top two bits of the first byte.
    static final int LEN_6BIT = 0, LEN_14BIT = 1, LEN_32BIT = 0x80, LEN_64BIT = 0x81, ENCVAL = 3;
    static final int ENC_INT8 = 0, ENC_INT16 = 1, ENC_INT32 = 2, ENC_LZF = 3;

    // Quicklist 2 node containers.
    static final int QUICKLIST_NODE_PLAIN = 1, QUICKLIST_NODE_PACKED = 2;

    // Stream entry flags inside a node's listpack.
    static final int STREAM_ITEM_FLAG_DELETED = 1, STREAM_ITEM_FLAG_SAMEFIELDS = 2;
}
