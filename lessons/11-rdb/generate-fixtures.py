#!/usr/bin/env python3
"""Regenerates lab 11's fixtures from the real redis-server (7.0):

  python3 lessons/11-rdb/generate-fixtures.py [path/to/redis-server]

Starts a throw-away redis-server in a temporary directory, creates the values lab 11's tests
use, and writes their DUMP payloads, and one small RDB file, as hex into
src/test/java/dev/rediscover/lessons/lab11/RedisFixtures.java (the lab's tests run without
Maven resources, so the data lives in a Java class). Standard library only.
"""
import os, shutil, socket, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "src/test/java/dev/rediscover/lessons/lab11/RedisFixtures.java")
PORT = 6448


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.buf = b""

    def __call__(self, *args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        self.s.sendall(out)
        return self.read()

    def line(self):
        while b"\r\n" not in self.buf:
            self.buf += self.s.recv(65536)
        i = self.buf.index(b"\r\n")
        l, self.buf = self.buf[:i], self.buf[i + 2:]
        return l

    def read(self):
        l = self.line()
        t, r = l[:1], l[1:]
        if t == b"-":
            raise RuntimeError(r.decode())
        if t in (b"+", b":"):
            return r
        if t == b"$":
            n = int(r)
            if n < 0:
                return None
            while len(self.buf) < n + 2:
                self.buf += self.s.recv(65536)
            d, self.buf = self.buf[:n], self.buf[n + 2:]
            return d
        if t == b"*":
            n = int(r)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError("bad reply " + repr(l))


def noise(n, seed):
    """Bytes LZF cannot compress; RdbLab.noise computes the same ones in Java."""
    x, out = seed, bytearray()
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        out.append(x >> 56)
    return bytes(out)


# name -> (how the test can rebuild the value, the value)
STRINGS = {
    "hello": b"hello", "empty": b"",
    "noise63": noise(63, 1), "noise64": noise(64, 2), "noise16383": noise(16383, 3), "noise16384": noise(16384, 4),
    "int0": b"0", "intMinus1": b"-1", "int127": b"127", "intMinus128": b"-128", "int128": b"128",
    "int32767": b"32767", "intMinus32768": b"-32768", "int32768": b"32768",
    "int2147483647": b"2147483647", "intMinus2147483648": b"-2147483648",
    "int2147483648": b"2147483648", "int12345678901": b"12345678901", "intMax": b"9223372036854775807",
    "leadingZero": b"007", "minusZero": b"-0", "plusFive": b"+5", "float": b"1.5",
    "x20": b"x" * 20, "x21": b"x" * 21, "abc300": b"abc" * 100, "text10000": (b"the quick brown fox " * 500),
}
LISTS = {
    "smallList": [b"a", b"b", b"1", b"-1", b"300", b"70000", b"5000000000", b""],
    "list1000": [b"item-%d" % i for i in range(1000)],
    "bigElementList": [b"x", noise(20000, 5), b"z"],
}


def main():
    server = sys.argv[1] if len(sys.argv) > 1 else "redis-server"
    tmp = tempfile.mkdtemp(prefix="lab11-fixtures-")
    proc = subprocess.Popen([server, "--port", str(PORT), "--save", "", "--dir", tmp, "--appendonly", "no",
                             "--enable-debug-command", "yes"], stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                r = Conn(PORT)
                break
            except OSError:
                time.sleep(0.1)
        version = r("info", "server").split(b"redis_version:")[1].split(b"\r")[0].decode()
        dumps = {}
        for name, v in STRINGS.items():
            r("set", name, v)
            dumps[name] = r("dump", name)
        for name, items in LISTS.items():
            r("rpush", name, *items)
            dumps[name] = r("dump", name)
        r("xadd", "bigIdStream", "18446744073709551614-18446744073709551615", "f", "v")
        dumps["bigIdStream"] = r("dump", "bigIdStream")
        # the file: strings, a list, TTLs (one already past), two databases
        r("flushall")
        r("debug", "set-active-expire", "0")
        r("set", "greeting", "hello")
        r("set", "counter", "42")
        r("set", "big", "-9223372036854775808")
        r("set", "repeated", b"abc" * 100)
        r("set", "session", "s3cr3t", "pxat", 4102444800000)
        r("set", "gone", "bye", "px", 1)
        r("rpush", "queue", "first", "2", "third")
        r("select", 2)
        r("set", "elsewhere", "db two")
        r("select", 0)
        time.sleep(0.05)
        r("save")
        with open(os.path.join(tmp, "dump.rdb"), "rb") as f:
            rdb = f.read()
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)

    def chunks(h):
        return " +\n".join('            "%s"' % h[i:i + 100] for i in range(0, len(h), 100)) if h else '            ""'

    with open(OUT, "w") as out:
        out.write("""/*
 * GENERATED by lessons/11-rdb/generate-fixtures.py from redis-server %s: do not edit.
 * DUMP payloads of the values named in the script (STRINGS, LISTS) and one RDB file, as hex.
 * The file: greeting=hello, counter=42, big=-9223372036854775808, repeated=abc x100,
 * session (expires at 4102444800000), gone (already expired), queue=[first, 2, third] in db 0;
 * elsewhere="db two" in db 2.
 */
package dev.rediscover.lessons.lab11;

import java.util.HexFormat;
import java.util.Map;

final class RedisFixtures {
    private RedisFixtures() {}

    static final String REDIS_VERSION = "%s";

    /** DUMP payload of each value, by name. */
    static byte[] dump(String name) {
        String hex = DUMPS.get(name);
        if (hex == null) throw new IllegalArgumentException("no fixture " + name);
        return HexFormat.of().parseHex(hex);
    }

    static byte[] rdbFile() { return HexFormat.of().parseHex(RDB_FILE); }

    static final String RDB_FILE =
%s;

""" % (version, version, chunks(rdb.hex())))
        names = list(dumps)
        for name in names:
            out.write("    private static final String %s =\n%s;\n\n" % (name.upper(), chunks(dumps[name].hex())))
        out.write("    private static final Map<String, String> DUMPS = Map.ofEntries(\n")
        out.write(",\n".join('            Map.entry("%s", %s)' % (n, n.upper()) for n in names))
        out.write(");\n}\n")


if __name__ == "__main__":
    main()
