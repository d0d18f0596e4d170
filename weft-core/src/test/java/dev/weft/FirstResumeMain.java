package dev.weft;

import dev.weft.gen.Generator;
import dev.weft.net.StreamReader;
import dev.weft.sync.Barrier;
import dev.weft.sync.Condition;
import dev.weft.sync.Event;
import dev.weft.sync.Lock;
import dev.weft.sync.Queue;
import dev.weft.sync.Semaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The child side of {@link FirstResumeTest}: N tasks (or generators) each suspend once at one
 * suspension point, cold (nothing warmed: a fresh JVM), and then each is resumed once and ends.
 * Prints {@code DONE <path> <n>} when all N ended.
 *
 * <p>Every body does the same after its resume, {@code done()}: a counter and a branch, the user's
 * own code after the await (its deoptimisation, if any, is the user's share).
 */
public final class FirstResumeMain {
    private FirstResumeMain() {}

    static int done;
    static int n;
    static Future<Void> allDone;

    /** The user's code after the await: counts, and ends the run with the last one. */
    static void done() {
        if (++done == n) {
            allDone.setResult(null);
        }
    }

    public static void main(String[] args) throws Exception {
        String path = args[0];
        n = Integer.parseInt(args[1]);
        Weft.run(() -> {
            allDone = Weft.loop().createFuture();
            Runnable wake = start(path);
            Weft.yieldNow(); // every task runs to its suspension point (a generator: main drove it there)
            wake.run();
            if (done < n) {
                allDone.await();
            }
        });
        System.out.println("DONE " + path + " " + done);
    }

    /** Starts N suspenders of one kind; returns what resumes them all, run once all are suspended. */
    static Runnable start(String path) {
        switch (path) {
            case "sleep" -> {
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        Weft.sleep(Duration.ofMillis(200));
                        done();
                    });
                }
                return () -> {};
            }
            case "event-inline" -> { // the user's branch inline after the await, not in a call
                Event e = new Event();
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        e.await();
                        if (++done == n) {
                            allDone.setResult(null);
                        }
                    });
                }
                return e::set;
            }
            case "sleep-loop" -> { // the user's loop around the sleep: its exit is first taken after the resume
                int sleeps = 1;
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        for (int s = 0; s < sleeps; s++) {
                            Weft.sleep(Duration.ofMillis(200));
                        }
                        done();
                    });
                }
                return () -> {};
            }
            case "future" -> {
                Future<String> f = Weft.loop().createFuture();
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        f.await();
                        done();
                    });
                }
                return () -> f.setResult("go");
            }
            case "event" -> {
                Event e = new Event();
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        e.await();
                        done();
                    });
                }
                return e::set;
            }
            case "lock" -> {
                Lock lock = new Lock();
                lock.acquire();
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        try (var held = lock.acquire()) {
                            done();
                        }
                    });
                }
                return lock::release;
            }
            case "semaphore" -> {
                Semaphore s = new Semaphore(0);
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        s.acquire();
                        done();
                    });
                }
                return () -> {
                    for (int i = 0; i < n; i++) {
                        s.release();
                    }
                };
            }
            case "condition" -> {
                Condition c = new Condition();
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        try (var held = c.acquire()) {
                            c.await();
                            done();
                        }
                    });
                }
                return () -> {
                    try (var held = c.acquire()) {
                        c.signalAll();
                    }
                };
            }
            case "condition-waitfor" -> {
                Condition c = new Condition();
                boolean[] go = {false};
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        try (var held = c.acquire()) {
                            c.waitFor(() -> go[0]);
                            done();
                        }
                    });
                }
                return () -> {
                    try (var held = c.acquire()) {
                        go[0] = true;
                        c.signalAll();
                    }
                };
            }
            case "queue-get" -> {
                Queue<Integer> q = new Queue<>();
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        q.get();
                        done();
                    });
                }
                return () -> {
                    for (int i = 0; i < n; i++) {
                        q.putNowait(i);
                    }
                };
            }
            case "queue-put" -> {
                Queue<Integer> q = new Queue<>(1);
                q.putNowait(-1);
                for (int i = 0; i < n; i++) {
                    int v = i;
                    Weft.spawn(() -> {
                        q.put(v);
                        done();
                    });
                }
                return () -> {
                    for (int i = 0; i <= n; i++) {
                        q.get(); // each get lets one putter go on
                    }
                };
            }
            case "barrier" -> {
                Barrier b = new Barrier(n + 1);
                for (int i = 0; i < n; i++) {
                    Weft.spawn(() -> {
                        b.await();
                        done();
                    });
                }
                return b::await;
            }
            case "stream-read" -> {
                List<StreamReader> readers = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    StreamReader r = new StreamReader();
                    readers.add(r);
                    Weft.spawn(() -> {
                        r.readExactly(1);
                        done();
                    });
                }
                return () -> {
                    byte[] one = {1};
                    for (StreamReader r : readers) {
                        r.feedData(one);
                    }
                };
            }
            case "stream-read-any" -> {
                List<StreamReader> readers = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    StreamReader r = new StreamReader();
                    readers.add(r);
                    Weft.spawn(() -> {
                        r.read(10);
                        done();
                    });
                }
                return () -> {
                    byte[] one = {1};
                    for (StreamReader r : readers) {
                        r.feedData(one);
                    }
                };
            }
            case "stream-read-into" -> {
                List<StreamReader> readers = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    StreamReader r = new StreamReader();
                    readers.add(r);
                    Weft.spawn(() -> {
                        r.readInto(new byte[10], 0, 10);
                        done();
                    });
                }
                return () -> {
                    byte[] one = {1};
                    for (StreamReader r : readers) {
                        r.feedData(one);
                    }
                };
            }
            case "generator" -> {
                List<Generator<Integer, Integer, Void>> gens = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    Generator<Integer, Integer, Void> g = Generator.of(y -> {
                        y.yield(1);
                        done();
                    });
                    g.next(); // runs to its yield
                    gens.add(g);
                }
                return () -> {
                    for (Generator<Integer, Integer, Void> g : gens) {
                        try {
                            g.next();
                        } catch (dev.weft.gen.StopIteration end) {
                            // the body ended, as expected
                        }
                    }
                };
            }
            default -> throw new IllegalArgumentException("no path " + path);
        }
    }
}
