package dev.weft.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving peer written with plain blocking java.net sockets (nothing of Weft), one virtual
 * thread per connection. The client sends one command line; the peer then:
 * <ul>
 *   <li>{@code RESET n}: sends n bytes, then resets the connection (SO_LINGER 0, close: RST);
 *   <li>{@code VANISH n}: sends n bytes, then closes (FIN) without a word more;
 *   <li>{@code HALF}: reads to the client's EOF, answers {@code "got N\n"}, closes;
 *   <li>{@code PEERHALF}: sends {@code "bye\n"}, shuts its output, reads to the client's EOF;
 *   <li>{@code ENDLESS}: sends 'x' without a newline until the client goes away;
 *   <li>{@code SLOW}: reads 1 KiB per millisecond until EOF, then answers {@code "got N\n"};
 *   <li>{@code SILENT}: reads nothing and sends nothing until the test calls {@link #releaseSilent(int)},
 *       then reads to the client's close.
 * </ul>
 */
final class FaultPeer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    private final AtomicInteger active = new AtomicInteger();
    private final Object idle = new Object(); // notified when a handler ends
    private volatile boolean closed;

    FaultPeer() throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofPlatform().name("fault-peer").daemon().start(this::acceptLoop);
        BY_PORT.put(port(), this);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            active.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                try (s) {
                    serve(s);
                } catch (IOException e) {
                    // the client went away: expected in most scenarios
                } finally {
                    active.decrementAndGet();
                    synchronized (idle) {
                        idle.notifyAll(); // wakes awaitIdle
                    }
                }
            });
        }
    }

    private static String readCommand(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static final java.util.Map<Integer, FaultPeer> BY_PORT = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.Semaphore silentReleases = new java.util.concurrent.Semaphore(0);

    /**
     * Lets one SILENT handler of the peer on {@code port} go on (now, or as soon as it gets there): it
     * reads (and drops) what the client sent, to the client's close. Call it once per SILENT
     * connection, when the client is done with it.
     */
    static void releaseSilent(int port) {
        FaultPeer p = BY_PORT.get(port);
        if (p != null) {
            p.silentReleases.release();
        }
    }

    /** Bytes the PEERHALF handlers read after shutting their output. */
    static final java.util.concurrent.atomic.AtomicLong halfReceived = new java.util.concurrent.atomic.AtomicLong();

    private void serve(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        String[] cmd = readCommand(in).split(" ");
        switch (cmd[0]) {
            case "RESET" -> {
                out.write(new byte[Integer.parseInt(cmd[1])]);
                out.flush();
                s.setSoLinger(true, 0);
            }
            case "VANISH" -> {
                out.write(new byte[Integer.parseInt(cmd[1])]);
                out.flush();
            }
            case "HALF" -> {
                long n = in.transferTo(OutputStream.nullOutputStream());
                out.write(("got " + n + "\n").getBytes(StandardCharsets.UTF_8));
            }
            case "ENDLESS" -> {
                byte[] xs = new byte[8192];
                java.util.Arrays.fill(xs, (byte) 'x');
                while (true) {
                    out.write(xs); // fails once the client has gone
                }
            }
            case "PEERHALF" -> {
                // half-close from this side: say bye, shut the output, then read what still comes
                out.write("bye\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                s.shutdownOutput();
                long n = in.transferTo(OutputStream.nullOutputStream());
                halfReceived.addAndGet(n);
            }
            case "SLOW" -> {
                byte[] buf = new byte[1024];
                long total = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    total += n;
                    // the peer's own pace (1 KiB per ms), not a wait for an event
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                    if (Thread.interrupted()) {
                        return;
                    }
                }
                out.write(("got " + total + "\n").getBytes(StandardCharsets.UTF_8));
            }
            case "SILENT" -> {
                // read nothing (the client's writes pile up, its drain waits) until the test has done
                // with this connection and says so (releaseSilent), then swallow everything to its close
                try {
                    silentReleases.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                in.transferTo(OutputStream.nullOutputStream());
            }
            default -> throw new IOException("unknown command " + String.join(" ", cmd));
        }
    }

    /** Waits (at most {@code timeoutMs}) until every connection's handler has ended. */
    void awaitIdle(long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (idle) {
            long left;
            while (active.get() > 0 && (left = end - System.nanoTime()) > 0) {
                idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    int active() {
        return active.get();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        BY_PORT.remove(port());
        silentReleases.release(Integer.MAX_VALUE / 2); // a test that failed half-way leaves no handler waiting
        server.close();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
