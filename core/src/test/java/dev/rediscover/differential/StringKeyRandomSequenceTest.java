/*
 * Seeded random sequences of string, bitmap, key and expiry commands, on a real redis-server and
 * on the engine side by side; every reply must match byte for byte. A handful of keys and small
 * values make the commands collide: INCR on a value APPEND just made non-numeric, RENAME onto a key
 * with a TTL, GETRANGE past SETRANGE's zero padding, and so on. TTLs are long (hours) so no key
 * expires while the sequence runs; "expire in the past" deletions are part of the vocabulary.
 *
 * Runs only with -Pdifferential (tag "differential"); needs redis-server on PATH.
 */
package dev.rediscover.differential;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.SplittableRandom;

@Tag("differential")
class StringKeyRandomSequenceTest extends AgainstRealRedis {
    private static final int STEPS = 2000;


    @ParameterizedTest
    @ValueSource(longs = {1, 7, 99, 2026, 31337})
    void stringsKeysAndExpiry(long seed) throws IOException {
        RandomSequence.run(redis.port(), engine.port(), seed, STEPS, StringKeyRandomSequenceTest::command);
    }

    private static String key(SplittableRandom r) { return "k" + r.nextInt(5); }

    private static String value(SplittableRandom r) {
        return switch (r.nextInt(8)) {
            case 0 -> "\"\"";
            case 1 -> Integer.toString(r.nextInt(2000) - 1000);
            case 2 -> "9223372036854775807";
            case 3 -> "\"a b\\x00\\xff\"";
            case 4 -> "3.5";
            case 5 -> "0" + r.nextInt(10);
            default -> "v" + r.nextInt(50);
        };
    }

    private static String number(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> "-" + r.nextInt(20);
            case 1 -> "x";
            case 2 -> "9223372036854775807";
            default -> Integer.toString(r.nextInt(30));
        };
    }

    static String command(SplittableRandom r) {
        String k = key(r);
        return switch (r.nextInt(34)) {
            case 0, 1, 2 -> "SET " + k + " " + value(r) + (r.nextInt(4) == 0 ? " NX" : r.nextInt(4) == 0 ? " XX GET" : "");
            case 3 -> "SET " + k + " " + value(r) + " EX " + (3600 + r.nextInt(100));
            case 4 -> "GET " + k;
            case 5 -> "INCR " + k;
            case 6 -> "INCRBY " + k + " " + number(r);
            case 7 -> "DECRBY " + k + " " + number(r);
            case 8 -> "INCRBYFLOAT " + k + " " + (r.nextBoolean() ? "0.1" : "-2.5e1");
            case 9 -> "APPEND " + k + " " + value(r);
            case 10 -> "STRLEN " + k;
            case 11 -> "GETRANGE " + k + " " + (r.nextInt(10) - 5) + " " + (r.nextInt(10) - 5);
            case 12 -> "SETRANGE " + k + " " + r.nextInt(12) + " " + value(r);
            case 13 -> "MSET " + k + " " + value(r) + " " + key(r) + " " + value(r);
            case 14 -> "MGET " + k + " " + key(r) + " " + key(r);
            case 15 -> "MSETNX " + k + " " + value(r) + " " + key(r) + " " + value(r);
            case 16 -> "GETDEL " + k;
            case 17 -> "GETEX " + k + (r.nextBoolean() ? " PERSIST" : " EX 7200");
            case 18 -> "SETBIT " + k + " " + r.nextInt(80) + " " + r.nextInt(2);
            case 19 -> "GETBIT " + k + " " + r.nextInt(80);
            case 20 -> "BITCOUNT " + k + (r.nextBoolean() ? "" : " " + (r.nextInt(6) - 3) + " " + (r.nextInt(6) - 3));
            case 21 -> "BITPOS " + k + " " + r.nextInt(2);
            case 22 -> "BITOP " + (r.nextBoolean() ? "XOR" : "AND") + " " + k + " " + key(r) + " " + key(r);
            case 23 -> "DEL " + k + " " + key(r);
            case 24 -> "EXISTS " + k + " " + key(r) + " " + k;
            case 25 -> "TYPE " + k;
            case 26 -> "RENAME " + k + " " + key(r);
            case 27 -> "RENAMENX " + k + " " + key(r);
            case 28 -> "COPY " + k + " " + key(r) + (r.nextBoolean() ? " REPLACE" : "");
            case 29 -> "EXPIRE " + k + " " + (r.nextInt(5) == 0 ? "-1" : Integer.toString(3600 + r.nextInt(100)))
                    + (r.nextInt(3) == 0 ? " NX" : r.nextInt(3) == 0 ? " GT" : "");
            case 30 -> "@eq-int TTL " + k + " -2 7200";
            case 31 -> "PERSIST " + k;
            case 32 -> "OBJECT ENCODING " + k;
            default -> "DBSIZE";
        };
    }
}
