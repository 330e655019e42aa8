#!/usr/bin/env python3
"""Functional check of raw_peer (standard library only, manual WebSocket framing).

Starts raw_peer on a free loopback port and checks: the handshake (Sec-WebSocket-Accept),
fan-out (every client, publishers included, receives every published message exactly once and
in each publisher's order), ping/pong, a 64 KiB message, 1009 for a larger one, 1003 for a
fragmented one, the close handshake, the 1 MiB slow-consumer bound, and a clean exit on SIGTERM.

usage: check_raw.py [--binary build/load-tests/raw_peer] [--clients 200] [--publishers 4]
                    [--messages 50]
"""
import argparse
import asyncio
import base64
import hashlib
import os
import signal
import socket
import struct
import subprocess
import sys
import time

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def frame(opcode, payload, fin=True):
    mask = os.urandom(4)
    n = len(payload)
    head = bytes([(0x80 if fin else 0) | opcode])
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + struct.pack("!H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack("!Q", n)
    body = bytes(b ^ mask[i & 3] for i, b in enumerate(payload)) if n < 4096 else _mask_fast(payload, mask)
    return head + mask + body


def _mask_fast(payload, mask):
    n = len(payload)
    m = int.from_bytes((mask * (n // 4 + 1))[:n], "big")
    return (int.from_bytes(payload, "big") ^ m).to_bytes(n, "big")


class Client:
    def __init__(self, reader, writer):
        self.r, self.w = reader, writer

    @classmethod
    async def connect(cls, port, path="/", rcvbuf=None):
        sock = None
        if rcvbuf:
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            sock.setblocking(False)
            await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
            reader, writer = await asyncio.open_connection(sock=sock)
        else:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        key = base64.b64encode(os.urandom(16))
        writer.write(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                     b"Connection: Upgrade\r\nSec-WebSocket-Key: " + key + b"\r\nSec-WebSocket-Version: 13\r\n\r\n")
        head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101"), head
        want = base64.b64encode(hashlib.sha1(key + GUID).digest())
        assert b"Sec-WebSocket-Accept: " + want + b"\r\n" in head, head
        return cls(reader, writer)

    def send(self, opcode, payload, fin=True):
        self.w.write(frame(opcode, payload, fin))

    async def recv(self):
        """Returns (opcode, payload); (None, b"") on EOF or reset."""
        try:
            h = await self.r.readexactly(2)
            assert h[0] & 0x80, "server sent a non-FIN frame"
            assert not h[1] & 0x80, "server frame is masked"
            n = h[1] & 0x7F
            if n == 126:
                n = struct.unpack("!H", await self.r.readexactly(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", await self.r.readexactly(8))[0]
            return h[0] & 0x0F, await self.r.readexactly(n)
        except (asyncio.IncompleteReadError, ConnectionError):
            return None, b""  # EOF (a slow consumer is cut off mid-frame)

    def close(self):
        self.w.close()


async def expect_close(c, code):
    op, p = await asyncio.wait_for(c.recv(), 5)
    assert op == 8, (op, p[:50])
    got = struct.unpack("!H", p[:2])[0]
    assert got == code, (got, code)
    op, _ = await asyncio.wait_for(c.recv(), 5)
    assert op is None, "socket not closed after the close frame"


async def check_fanout(port, n_clients, n_pub, n_msg):
    clients = await asyncio.gather(*(Client.connect(port, f"/room/{i}") for i in range(n_clients)))
    await asyncio.sleep(0.2)
    total = n_pub * n_msg
    received = [dict() for _ in clients]  # per client: publisher -> list of seq

    async def reader(i, c):
        count = 0
        while count < total:
            op, p = await c.recv()
            assert op == 1, (i, op, p[:50])
            pub, seq, _ = p.decode().split(":", 2)
            received[i].setdefault(int(pub), []).append(int(seq))
            count += 1

    async def publisher(k):
        c = clients[k]
        for j in range(n_msg):
            c.send(1, f"{k}:{j}:{'x' * (20 + j % 200)}".encode())
            await c.w.drain()
            await asyncio.sleep(0.002)

    t0 = time.monotonic()
    await asyncio.wait_for(asyncio.gather(*(reader(i, c) for i, c in enumerate(clients)),
                                          *(publisher(k) for k in range(n_pub))), 60)
    dt = time.monotonic() - t0
    for i, r in enumerate(received):
        assert sorted(r) == list(range(n_pub)), (i, sorted(r))
        for k in range(n_pub):
            assert r[k] == list(range(n_msg)), (i, k, r[k][:10])
    # nothing extra arrives
    extra = await asyncio.gather(*(asyncio.wait_for(c.recv(), 0.3) for c in clients[:5]), return_exceptions=True)
    assert all(isinstance(e, asyncio.TimeoutError) for e in extra), extra
    for c in clients:
        c.close()
    print(f"fanout: {n_clients} clients x {total} messages = {n_clients * total} deliveries, "
          f"all received once and in order ({dt:.2f} s)")


async def check_protocol(port):
    # ping -> pong with the same payload
    c = await Client.connect(port)
    c.send(9, b"hello-ping")
    op, p = await asyncio.wait_for(c.recv(), 5)
    assert (op, p) == (10, b"hello-ping"), (op, p)
    # exactly 64 KiB is accepted and broadcast (8-byte length form)
    big = bytes(range(256)) * 256  # exactly 65536 bytes, every byte value (unmasking check)
    c.send(1, big)
    op, p = await asyncio.wait_for(c.recv(), 5)
    assert op == 1 and p == big, (op, len(p))
    # close handshake: echo of the code, then EOF
    c.send(8, struct.pack("!H", 1000))
    await expect_close(c, 1000)
    print("protocol: ping/pong, 64 KiB message, close handshake: ok")

    c = await Client.connect(port)
    c.send(1, b"y" * (64 * 1024 + 1))
    await expect_close(c, 1009)
    c = await Client.connect(port)
    c.send(1, b"part", fin=False)
    await expect_close(c, 1003)
    # pipelined: upgrade request and a message in one write
    r, w = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16))
    w.write(b"GET /x HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nsec-websocket-key:  "
            + key + b" \r\nSec-WebSocket-Version: 13\r\n\r\n" + frame(1, b"pipelined"))
    await r.readuntil(b"\r\n\r\n")
    c = Client(r, w)
    op, p = await asyncio.wait_for(c.recv(), 5)
    assert (op, p) == (1, b"pipelined"), (op, p)
    c.close()
    # no key: 400
    r, w = await asyncio.open_connection("127.0.0.1", port)
    w.write(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    head = await asyncio.wait_for(r.read(), 5)
    assert head.startswith(b"HTTP/1.1 400"), head
    w.close()
    print("protocol: 1009 over 64 KiB, 1003 for fragments, pipelined upgrade, 400 without key: ok")


async def check_slow(port):
    slow = await Client.connect(port, rcvbuf=4096)
    pub = await Client.connect(port)
    payload = b"z" * 60000
    n = 120  # 7.2 MB: more than the socket buffers plus the 1 MiB queue bound

    for _ in range(n):  # paced by its own echo, so only the slow client falls behind
        pub.send(1, payload)
        op, _p = await asyncio.wait_for(pub.recv(), 10)
        assert op == 1, op
    got = 0
    while True:
        op, p = await asyncio.wait_for(slow.recv(), 10)
        if op is None:
            break
        got += 1
    assert got < n, got
    print(f"slow consumer: closed after {got} of {n} messages; fast client got all {n}: ok")
    pub.close()


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--binary", default=os.path.join(here, "..", "..", "..", "build", "load-tests", "raw_peer"))
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--publishers", type=int, default=4)
    ap.add_argument("--messages", type=int, default=50)
    a = ap.parse_args()
    proc = subprocess.Popen([a.binary, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ok = False
    try:
        line = proc.stdout.readline().strip()
        assert line.startswith("raw: listening on 127.0.0.1:"), line
        port = int(line.rsplit(":", 1)[1])
        print(line)
        asyncio.run(check_protocol(port))
        asyncio.run(check_fanout(port, a.clients, a.publishers, a.messages))
        asyncio.run(check_slow(port))
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(5)
        err = proc.stderr.read()
        assert rc == 0, (rc, err)
        assert "raw: stopped;" in err and "slow_closed=1" in err, err
        print("SIGTERM: exit 0;", err.strip())
        ok = True
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    print("1 passed, 0 failed" if ok else "0 passed, 1 failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
