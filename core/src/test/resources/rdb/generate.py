#!/usr/bin/env python3
"""Regenerates the RDB fixtures of this directory with the real redis-server (7.0).

  python3 core/src/test/resources/rdb/generate.py [path/to/redis-server]

Starts a throw-away redis-server in a temporary directory, fills it with every type in every
encoding Redis 7.0 has (small and big, binary, expiring, in several databases), saves, and
copies the dump here. Also writes the DUMP payloads of every key (dumps.txt: key, hex payload).
Standard library only; nothing but the port and the temporary directory is touched.
Fixtures:
  redis7-all-types.rdb  every type/encoding, databases 0, 1 and 5, a key already expired
  redis7-nocompress.rdb the same data saved with rdbcompression no
  dumps.txt             DUMP payload of each key of database 0 (hex), one per line
"""
import os, shutil, socket, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = 6449


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


def fill(r):
    """Every type and encoding. Deterministic: no randomness, fixed stream IDs."""
    r("debug", "set-active-expire", "0")
    r("select", 0)
    # strings: embstr, int (8/16/32/64-bit), raw, LZF-compressible, big, binary, empty, float
    r("set", "str:embstr", "hello world")
    for name, v in [("int8", -100), ("int16", 30000), ("int32", 2000000000),
                    ("int64", 9223372036854775807), ("intmin", -9223372036854775808), ("zero", 0)]:
        r("set", "str:" + name, v)
    r("set", "str:raw", bytes((i * 7919) % 251 for i in range(100)))
    r("set", "str:lzf", b"abc" * 1000)
    r("set", "str:big", b"0123456789abcdef" * 16384 + b"tail")
    r("set", "str:binary", bytes(range(256)))
    r("set", "str:empty", b"")
    r("set", "str:float", "1.5")
    r("incrbyfloat", "str:float", "0.25")
    r("set", "str:leadingzero", "007")
    r("set", "str:twentychars", "12345678901234567890")
    r("set", b"key:\x00\xff binary", b"value\r\n")
    # lists: one small node, many nodes, an element bigger than a node
    r("rpush", "list:small", "a", "b", "1", "-1", "300", "70000", "5000000000", "", "-4096", "4095")
    r("rpush", "list:big", *[("item-%d" % i) if i % 3 else str(i * 1000) for i in range(5000)])
    r("rpush", "list:bigelem", "x", b"y" * 20000, "z")
    # sets: intset (16/32/64-bit widths), hashtable of strings, too many integers for an intset
    r("sadd", "set:int16", *range(-50, 50))
    r("sadd", "set:int32", 1, 100000, -100000)
    r("sadd", "set:int64", 1, 10000000000, -3)
    r("sadd", "set:strings", "apple", "banana", "cherry", b"\x00bin")
    r("sadd", "set:bigint", *range(1000))
    r("sadd", "set:big", *["m%d" % i for i in range(2000)])
    # hashes: listpack, hashtable by count, hashtable by value length
    r("hset", "hash:small", "name", "Ada", "age", "36", "neg", "-12", "big", "123456789012", "empty", "")
    r("hset", "hash:big", *[x for i in range(1000) for x in ("f%d" % i, "v%d" % i)])
    r("hset", "hash:longval", "short", "1", "long", "L" * 100)
    # sorted sets: listpack (odd scores too), skiplist by count, skiplist by member length
    r("zadd", "zset:small", 1, "one", 2.5, "two.five", -3, "minus", 0, "zero", "inf", "top",
      "-inf", "bottom", 1e-20, "tiny", 123456789012345, "big", 0.1, "tenth")
    r("zadd", "zset:big", *[x for i in range(1000) for x in (i * 0.5, "member-%d" % i)])
    r("zadd", "zset:longmember", 1, "m" * 100, 2, "short")
    # streams: plain, with deletions, with groups/consumers/PEL, empty with a group
    for i in range(1, 251):
        fields = ["sensor", "t1", "value", str(i)] if i % 5 else ["other", "x", "more", "y", "n", str(i)]
        r("xadd", "stream:plain", "1700000000000-%d" % i, *fields)
    for i in range(1, 21):
        r("xadd", "stream:groups", "1700000001000-%d" % i, "k", "v%d" % i)
    r("xdel", "stream:groups", "1700000001000-3", "1700000001000-4")
    r("xgroup", "create", "stream:groups", "g1", "0")
    r("xgroup", "create", "stream:groups", "g2", "$")
    r("xgroup", "create", "stream:groups", "g3", "1700000001000-10")
    r("xreadgroup", "group", "g1", "alice", "count", "5", "streams", "stream:groups", ">")
    r("xreadgroup", "group", "g1", "bob", "count", "3", "streams", "stream:groups", ">")
    r("xack", "stream:groups", "g1", "1700000001000-1")
    r("xclaim", "stream:groups", "g1", "bob", "0", "1700000001000-2")
    r("xgroup", "createconsumer", "stream:groups", "g1", "carol")
    r("xadd", "stream:trimmed", "MAXLEN", "3", "5-1", "a", "1")
    for i in range(2, 8):
        r("xadd", "stream:trimmed", "MAXLEN", "3", "5-%d" % i, "a", str(i))
    r("xgroup", "create", "stream:empty", "g", "$", "MKSTREAM")
    # expiry: one in the future, one already past (kept in the file: active expiry is off)
    r("set", "ttl:future", "later", "pxat", 4102444800000)
    r("hset", "ttl:hash", "f", "v")
    r("pexpireat", "ttl:hash", 4102444800123)
    r("set", "ttl:past", "gone", "px", 1)
    time.sleep(0.05)
    # other databases
    r("select", 1)
    r("set", "db1:key", "in db 1")
    r("rpush", "db1:list", "x", "y")
    r("select", 5)
    r("sadd", "db5:set", "a")
    r("set", "db5:ttl", "v", "pxat", 4102444800000)
    r("select", 0)


def main():
    server = sys.argv[1] if len(sys.argv) > 1 else "redis-server"
    tmp = tempfile.mkdtemp(prefix="rdb-fixtures-")
    proc = subprocess.Popen([server, "--port", str(PORT), "--save", "", "--dir", tmp,
                             "--appendonly", "no", "--enable-debug-command", "yes"], stdout=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                r = Conn(PORT)
                break
            except OSError:
                time.sleep(0.1)
        fill(r)
        r("save")
        shutil.copy(os.path.join(tmp, "dump.rdb"), os.path.join(HERE, "redis7-all-types.rdb"))
        with open(os.path.join(HERE, "dumps.txt"), "w") as out:
            out.write("# key (hex) and its DUMP payload (hex) from redis-server %s\n"
                      % r("info", "server").split(b"redis_version:")[1].split(b"\r")[0].decode())
            for k in sorted(r("keys", "*")):
                if k != b"ttl:past":
                    out.write("%s %s\n" % (k.hex(), r("dump", k).hex()))
        r("config", "set", "rdbcompression", "no")
        r("save")
        shutil.copy(os.path.join(tmp, "dump.rdb"), os.path.join(HERE, "redis7-nocompress.rdb"))
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
