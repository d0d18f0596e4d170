package dev.weft;

import dev.weft.net.Net;
import dev.weft.net.Server;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Run by {@link SignalShutdownTest} in a JVM of its own, which the test then signals. Prints "ready"
 * when it is waiting for the signal, and a line for each thing that ran afterwards.
 */
public final class SignalChild {
    private SignalChild() {}

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> say("hook ran")));
        switch (args[0]) {
            case "run", "optout" -> Weft.run(SignalChild::serve);
            case "stubborn" -> Weft.run(() -> {
                while (true) {
                    try {
                        say("ready");
                        Weft.sleep(Duration.ofDays(1));
                    } catch (CancelledError e) {
                        say("cancelled, refusing to stop"); // and waits again: only a second signal ends it
                    }
                }
            });
            case "throw" -> {
                try {
                    Weft.run(RunOptions.defaults().exitOnSignal(false), SignalChild::serve);
                } catch (ShutdownSignalException e) {
                    say("thrown SIG" + e.signal() + " status " + e.exitStatus() + " cause "
                            + (e.getCause() == null ? null : e.getCause().getClass().getSimpleName()));
                    System.exit(7);
                }
            }
            case "handler" -> Weft.run(() -> {
                EventLoop loop = Weft.loop();
                Future<String> got = loop.createFuture();
                loop.addSignalHandler("SIGTERM", () -> got.setResult("TERM"));
                say("ready");
                say("handled " + got.await());
                return null;
            });
            case "group" -> {
                LoopGroup group = new LoopGroup(2, "sig");
                CompletableFuture<Object> cf = group.submit(1, () -> {
                    try {
                        say("ready");
                        Weft.sleep(Duration.ofDays(1));
                        return null;
                    } finally {
                        say("group task finally ran");
                    }
                });
                try {
                    cf.join();
                } catch (java.util.concurrent.CancellationException e) {
                    say("main thread saw the cancellation");
                }
                // main ends here; the group's exit thread sets the status
            }
            case "sequence" -> sequence();
            case "blocked" -> Weft.run(() -> {
                say("ready");
                new java.util.concurrent.CountDownLatch(1).await(); // blocks the loop's thread: never do this
                return null;
            });
            default -> throw new IllegalArgumentException("mode: " + args[0]);
        }
        say("after run"); // never printed after a handled signal, unless the program handled it itself
    }

    private static void raise(String name) {
        sun.misc.Signal.raise(new sun.misc.Signal(name));
    }

    /**
     * Successive runs in one JVM, the signals raised in-process: each run that throws starts the next
     * one afresh, and the handler that was there before Weft is put back after each.
     */
    private static void sequence() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<String> mine = new java.util.concurrent.LinkedBlockingQueue<>();
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> mine.add(s.getName()));
        for (String sig : new String[] {"INT", "TERM"}) {
            try {
                Weft.run(RunOptions.defaults().exitOnSignal(false), () -> {
                    try {
                        raise(sig);
                        Weft.sleep(Duration.ofDays(1));
                    } finally {
                        say("finally " + sig);
                    }
                    return null;
                });
            } catch (ShutdownSignalException e) {
                say("thrown " + e.getMessage() + " " + e.exitStatus() + " " + e.getCause().getClass().getSimpleName());
            }
        }
        say("before-handler heard " + mine.size() + " while Weft ran");
        raise("INT"); // Weft.run has returned: the application's handler is back
        say("before-handler heard " + mine.poll(20, java.util.concurrent.TimeUnit.SECONDS) + " after");
        Weft.run(RunOptions.defaults().handleSignals(false), () -> {
            raise("INT");
            say("opted out, before-handler heard " + mine.poll(20, java.util.concurrent.TimeUnit.SECONDS));
        });
    }

    /** A server and a helper task; waits for ever, and reports what its finally blocks did. */
    private static Object serve() throws Exception {
        Server server = Net.startServer((r, w) -> w.close(), "127.0.0.1", 0);
        Weft.spawn("helper", () -> {
            try {
                Weft.sleep(Duration.ofDays(1));
            } finally {
                say("helper finally ran");
            }
        });
        try {
            say("ready " + server.port());
            Weft.sleep(Duration.ofDays(1));
            return null;
        } finally {
            say("main finally ran");
            server.close();
            server.waitClosed();
            say("server closed " + server.isClosed());
        }
    }
}
