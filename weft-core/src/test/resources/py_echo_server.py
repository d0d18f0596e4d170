"""An asyncio streams echo server for Weft's tests: a peer nobody on the Weft side wrote.

Prints "PORT <n>" once listening on 127.0.0.1, echoes every line (readline/write/drain) until the
client's EOF, then writes "BYE <bytes>\n" and closes. Special first lines:
  "BIG <n>\n"   answers n bytes of a repeating pattern, then closes
  "EXACT <n>\n" reads exactly n bytes (readexactly) and answers "GOT <n>\n"
Exits when its stdin closes, or after 120 s at most.
"""
import asyncio
import sys


async def handle(reader, writer):
    total = 0
    try:
        first = await reader.readline()
        if first.startswith(b"BIG "):
            n = int(first.split()[1])
            pattern = bytes(range(256))
            sent = 0
            while sent < n:
                chunk = pattern * 64
                chunk = chunk[: n - sent]
                writer.write(chunk)
                await writer.drain()
                sent += len(chunk)
            return
        if first.startswith(b"EXACT "):
            n = int(first.split()[1])
            data = await reader.readexactly(n)
            writer.write(b"GOT %d\n" % len(data))
            await writer.drain()
            return
        line = first
        while line:
            total += len(line)
            writer.write(line)
            await writer.drain()
            line = await reader.readline()
        writer.write(b"BYE %d\n" % total)
        await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except ConnectionError:
            pass


async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("PORT", port, flush=True)
    loop = asyncio.get_running_loop()
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    try:
        await asyncio.wait_for(stdin_closed, timeout=120)
    except asyncio.TimeoutError:
        pass
    server.close()


asyncio.run(main())
