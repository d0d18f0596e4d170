"""An asyncio streams client for Weft's tests: connects to 127.0.0.1:<port>, and runs <clients>
concurrent connections, each sending <lines> lines and checking the echo byte for byte, then a
1 MiB message in one write (drained), then write_eof and reads to EOF. Prints "OK <bytes checked>"
and exits 0, or prints the error and exits 1. Gives up after 60 s.
"""
import asyncio
import sys


BIG = bytes(range(251)) * ((1 << 20) // 251) + b"\n"


async def one(port, cid, lines):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    checked = 0
    for i in range(lines):
        line = b"py client %d line %d %s\n" % (cid, i, b"y" * ((cid * 7 + i) % 100))
        writer.write(line)
        await writer.drain()
        back = await reader.readline()
        if back != line:
            raise AssertionError("client %d: sent %r, got %r" % (cid, line, back))
        checked += len(back)
    big = BIG
    writer.write(big)
    await writer.drain()
    back = await reader.readexactly(len(big))
    if back != big:
        raise AssertionError("client %d: the 1 MiB line came back different" % cid)
    checked += len(back)
    writer.write_eof()
    rest = await reader.read()
    if rest:
        raise AssertionError("client %d: unexpected bytes after EOF: %r" % (cid, rest[:50]))
    writer.close()
    await writer.wait_closed()
    return checked


async def main():
    port, clients, lines = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    results = await asyncio.wait_for(
        asyncio.gather(*(one(port, c, lines) for c in range(clients))), timeout=60)
    print("OK", sum(results), flush=True)


try:
    asyncio.run(main())
except BaseException as e:
    print("FAIL", type(e).__name__, e, flush=True)
    sys.exit(1)
