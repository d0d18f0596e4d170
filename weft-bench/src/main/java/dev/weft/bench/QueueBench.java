package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.EventLoop;
import dev.weft.sync.Held;
import dev.weft.sync.Lock;
import dev.weft.sync.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One million items through a bounded queue (maxsize 128) from one producer to one consumer, in
 * nanoseconds per item: a Weft {@link Queue} between two tasks of one loop, next to
 * {@link ArrayBlockingQueue} between two platform threads and between two virtual threads. The
 * Python peer is {@code src/main/python/queue_bench.py} (asyncio.Queue, same shape). Plus the cost of
 * an uncontended Weft {@link Lock} acquire/release inside a task.
 *
 * <p>Run: {@code ./weft bench QueueBench -f 1 -wi 2 -i 3}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class QueueBench {
    static final int ITEMS = 1_000_000;
    static final int MAXSIZE = 128;
    static final int LOCK_OPS = 1_000_000;
    /** Pre-boxed items, so no variant measures allocation of Integers. */
    static final Integer[] VALUES = new Integer[1024];

    static {
        for (int i = 0; i < VALUES.length; i++) {
            VALUES[i] = i;
        }
    }

    private EventLoop loop;

    @Setup(Level.Trial)
    public void setUp() {
        loop = new EventLoop();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    /** Weft: producer task and consumer task on one loop, through Queue(128). */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long weftQueue() {
        return loop.runUntilComplete(() -> {
            Queue<Integer> q = new Queue<>(MAXSIZE);
            Task<Void> producer = Weft.spawn(() -> {
                for (int i = 0; i < ITEMS; i++) {
                    q.put(VALUES[i & 1023]);
                }
            });
            Task<Long> consumer = Weft.spawn(() -> {
                long sum = 0;
                for (int i = 0; i < ITEMS; i++) {
                    sum += q.get();
                }
                return sum;
            });
            producer.await();
            return consumer.await();
        });
    }

    /** ArrayBlockingQueue(128) between two platform threads. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long abqPlatformThreads() throws InterruptedException {
        return abq(Thread.ofPlatform());
    }

    /** ArrayBlockingQueue(128) between two virtual threads. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long abqVirtualThreads() throws InterruptedException {
        return abq(Thread.ofVirtual());
    }

    private static long abq(Thread.Builder threads) throws InterruptedException {
        ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(MAXSIZE);
        long[] sum = {0};
        Thread producer = threads.start(() -> {
            try {
                for (int i = 0; i < ITEMS; i++) {
                    q.put(VALUES[i & 1023]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread consumer = threads.start(() -> {
            long s = 0;
            try {
                for (int i = 0; i < ITEMS; i++) {
                    s += q.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sum[0] = s;
        });
        producer.join();
        consumer.join();
        return sum[0];
    }

    /** An uncontended Lock acquire and release (try-with-resources) inside a task, per pair. */
    @Benchmark
    @OperationsPerInvocation(LOCK_OPS)
    public long weftLockUncontended() {
        return loop.runUntilComplete(() -> {
            Lock lock = new Lock();
            long n = 0;
            for (int i = 0; i < LOCK_OPS; i++) {
                try (Held held = lock.acquire()) {
                    n += i;
                }
            }
            return n;
        });
    }
}
