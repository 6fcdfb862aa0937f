#!/usr/bin/env python3
# bench/subscribers.py PORT CHANNEL COUNT: open COUNT connections that SUBSCRIBE to CHANNEL, print
# "ready" once every subscription is confirmed, then read and discard messages until killed.
# One process with a selector for all connections, so 50 subscribers cost one (fast) reader and
# never fall behind enough to hit client-output-buffer-limit. Used by side-by-side.sh, because
# redis-benchmark cannot subscribe.
import selectors, socket, sys

port, channel, count = int(sys.argv[1]), sys.argv[2].encode(), int(sys.argv[3])
sel = selectors.DefaultSelector()
cmd = b"*2\r\n$9\r\nSUBSCRIBE\r\n$%d\r\n%s\r\n" % (len(channel), channel)
socks = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(cmd)
    socks.append(s)
for s in socks:                       # each confirmation ends with ":1\r\n"
    buf = b""
    while not buf.endswith(b":1\r\n"):
        buf += s.recv(4096)
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ)
print("ready", flush=True)
while True:
    for key, _ in sel.select():
        try:
            if not key.fileobj.recv(1 << 20):
                sel.unregister(key.fileobj)
        except BlockingIOError:
            pass
