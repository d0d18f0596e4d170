package dev.weft.bench;

import dev.weft.Future;
import dev.weft.LoopGroup;
import dev.weft.Weft;
import dev.weft.loop.EventLoop;
import dev.weft.net.GroupServer;
import dev.weft.net.Net;
import dev.weft.net.Protocol;
import dev.weft.net.Server;
import dev.weft.net.ServerOptions;
import dev.weft.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./weft bench echo [--quick] [--repeat N]}: echo throughput (round trips per second, 100-byte messages,
 * ping-pong per connection) for 1, 10 and 100 connections, against:
 * <ul>
 *   <li>Weft protocols ({@link Net#createServer}: the echo runs in the read callback);
 *   <li>Weft streams ({@link Net#startServer}: a task per connection, read/write/drain);
 *   <li>the same streams echo on a {@link LoopGroup} of 2 loops
 *       ({@link Net#startServer(LoopGroup, dev.weft.net.ClientHandler, String, int)}), with the default
 *       strategy ({@code weft-group}: one SO_REUSEPORT listener per loop on Linux) and with the acceptor
 *       mode forced ({@code weft-group-acc});
 *   <li>Netty 4.2 NIO, one event loop thread (as Weft's one loop);
 *   <li>blocking sockets with a virtual thread per connection (all carriers);
 *   <li>CPython asyncio streams (a subprocess), if python3 is there.
 * </ul>
 * The load comes from a separate JVM ({@link EchoLoad}), the same client for every server. On a
 * 2-core machine the client and the server share the cores: the numbers compare servers with each
 * other, they are not absolute capacities. With {@code --repeat N}, each cell is the median of N
 * runs, each with a fresh server and a fresh load JVM. With {@code --servers a,b}, only those rows.
 */
public final class EchoBench {
    private EchoBench() {}

    interface Running extends AutoCloseable {
        int port();
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        int repeat = 1;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[i + 1]);
            }
        }
        double warmup = quick ? 1 : 2;
        double measure = quick ? 2 : 4;
        int[] conns = {1, 10, 100};
        int size = 100;
        String[] names = {"weft-protocol", "weft-streams", "weft-group", "weft-group-acc", "netty-nio", "vthreads",
            "python-asyncio"};
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--servers")) {
                names = args[i + 1].split(",");
            }
        }
        System.out.printf("echo throughput, %d-byte messages, ping-pong per connection, %.0f s warm-up + %.0f s measured;%n",
                size, warmup, measure);
        System.out.printf("load from a separate JVM; round trips per second (higher is better)%s%n%n",
                repeat > 1 ? ", median of " + repeat + " runs" : "");
        System.out.printf("%-16s", "server");
        for (int c : conns) {
            System.out.printf("%14s", c + " conn");
        }
        System.out.println();
        for (String name : names) {
            System.out.printf("%-16s", name);
            System.out.flush();
            for (int c : conns) {
                List<Long> runs = new ArrayList<>();
                String failure = null;
                for (int k = 0; k < repeat && failure == null; k++) {
                    try (Running server = start(name)) {
                        if (server == null) {
                            failure = "n/a";
                            break;
                        }
                        String r = load(server.port(), c, warmup, measure, size);
                        try {
                            runs.add(Long.parseLong(r));
                        } catch (NumberFormatException e) {
                            failure = r;
                        }
                    }
                }
                if (failure != null) {
                    System.out.printf("%14s", failure);
                } else {
                    runs.sort(null);
                    System.out.printf("%14s", String.format("%,d", runs.get(runs.size() / 2)));
                }
                System.out.flush();
            }
            System.out.println();
        }
    }

    static String load(int port, int conns, double warmup, double measure, int size) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), EchoLoad.class.getName(),
                String.valueOf(port), String.valueOf(conns), String.valueOf(warmup), String.valueOf(measure),
                String.valueOf(size)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timeout";
        }
        for (String line : out.split("\n")) {
            if (line.startsWith("RESULT ")) {
                String[] f = line.split(" ");
                return f[2].equals("0") ? f[1] : f[1] + " (" + f[2] + " err)";
            }
        }
        return "failed: " + out.strip();
    }

    static Running start(String name) throws Exception {
        return switch (name) {
            case "weft-protocol" -> weft(false);
            case "weft-streams" -> weft(true);
            case "weft-group" -> weftGroup(2, GroupServer.Strategy.AUTO);
            case "weft-group-acc" -> weftGroup(2, GroupServer.Strategy.ACCEPTOR);
            case "netty-nio" -> netty();
            case "vthreads" -> vthreads();
            case "python-asyncio" -> python();
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Echoes in the read callback: no task, no copy beyond the transport's own. */
    static final class EchoProtocol implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(data);
        }
    }

    static Running weft(boolean streams) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<Runnable> stopper = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name("weft-bench-loop").start(() -> Weft.run(() -> {
            Server server = streams
                    ? Net.startServer((r, w) -> {
                        while (true) {
                            byte[] b = r.read(65536);
                            if (b.length == 0) {
                                return;
                            }
                            w.write(b);
                            w.drain();
                        }
                    }, "127.0.0.1", 0, ServerOptions.defaults().withBacklog(1024))
                    : Net.createServer(EchoProtocol::new, "127.0.0.1", 0, ServerOptions.defaults().withBacklog(1024));
            EventLoop loop = Weft.loop();
            Future<Void> stop = loop.createFuture();
            stopper.complete(() -> loop.callSoonThreadsafe(() -> stop.setResult(null)));
            port.complete(server.port());
            stop.await();
            server.close();
            server.closeClients();
        }));
        int p = port.get(10, TimeUnit.SECONDS);
        return new Running() {
            public int port() {
                return p;
            }

            public void close() throws Exception {
                stopper.get().run();
                t.join(10_000);
            }
        };
    }

    /** The streams echo of {@link #weft(boolean)} on a group of {@code loops} loops. */
    static Running weftGroup(int loops, GroupServer.Strategy strategy) throws Exception {
        LoopGroup group = new LoopGroup(loops, "weft-bench-group");
        GroupServer server = Net.startServer(group, (r, w) -> {
            while (true) {
                byte[] b = r.read(65536);
                if (b.length == 0) {
                    return;
                }
                w.write(b);
                w.drain();
            }
        }, "127.0.0.1", 0, ServerOptions.defaults().withBacklog(1024), strategy);
        return new Running() {
            public int port() {
                return server.port();
            }

            public void close() throws Exception {
                server.close();
                server.closeClients();
                group.shutdown(Duration.ofSeconds(5));
            }
        };
    }

    static Running netty() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.write(msg);
                            }

                            @Override
                            public void channelReadComplete(ChannelHandlerContext ctx) {
                                ctx.flush();
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close();
                            }
                        });
                    }
                });
        Channel ch = b.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
        int p = ((InetSocketAddress) ch.localAddress()).getPort();
        return new Running() {
            public int port() {
                return p;
            }

            public void close() throws Exception {
                ch.close().sync();
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        };
    }

    static Running vthreads() throws Exception {
        ServerSocket ss = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        List<Socket> open = new ArrayList<>();
        Thread acceptor = Thread.ofPlatform().name("vt-acceptor").start(() -> {
            while (true) {
                Socket s;
                try {
                    s = ss.accept();
                    s.setTcpNoDelay(true);
                } catch (Exception e) {
                    return;
                }
                synchronized (open) {
                    open.add(s);
                }
                Thread.ofVirtual().start(() -> {
                    byte[] buf = new byte[65536];
                    try (s) {
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream();
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            out.write(buf, 0, n);
                        }
                    } catch (Exception e) {
                        // the client went away
                    }
                });
            }
        });
        return new Running() {
            public int port() {
                return ss.getLocalPort();
            }

            public void close() throws Exception {
                ss.close();
                acceptor.join(5000);
                synchronized (open) {
                    for (Socket s : open) {
                        s.close();
                    }
                }
            }
        };
    }

    static Running python() throws Exception {
        Path script = Files.createTempFile("py_echo_bench", ".py");
        try (InputStream in = EchoBench.class.getResourceAsStream("/py_echo_bench.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            return null; // no python3
        }
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("PORT ")) {
            p.destroyForcibly();
            return null;
        }
        int port = Integer.parseInt(line.substring(5).trim());
        return new Running() {
            public int port() {
                return port;
            }

            public void close() throws Exception {
                p.getOutputStream().close();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                Files.deleteIfExists(script);
            }
        };
    }
}
