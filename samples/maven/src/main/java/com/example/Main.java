package com.example;

import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.sync.Queue;
import dev.weft.sync.QueueShutDown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A program that uses Weft: three "downloads" at once, then a producer and a consumer. */
public final class Main {
    private Main() {}

    /** Stands for real I/O: waits, then answers. */
    static String fetch(String name, int millis) {
        Weft.sleep(Duration.ofMillis(millis)); // suspends this task only
        return name + " (" + millis + " ms)";
    }

    /** Three fetches at once: the whole takes as long as the slowest, on one thread. */
    static List<String> fetchAll() {
        Task<String> a = Weft.spawn(() -> fetch("a", 300));
        Task<String> b = Weft.spawn(() -> fetch("b", 200));
        Task<String> c = Weft.spawn(() -> fetch("c", 100));
        return Weft.gather(a, b, c).await();
    }

    /** A producer and a consumer handing numbers through a bounded queue, in a task group. */
    static List<Integer> produceAndConsume(int n) {
        Queue<Integer> queue = new Queue<>(2);
        List<Integer> got = new ArrayList<>();
        TaskGroup.run(tg -> {
            tg.spawn(() -> {
                for (int i = 1; i <= n; i++) {
                    queue.put(i); // waits while the queue is full
                }
                queue.shutdown();
                return null;
            });
            tg.spawn(() -> {
                try {
                    while (true) {
                        got.add(queue.get()); // waits while the queue is empty
                    }
                } catch (QueueShutDown done) {
                    return null;
                }
            });
            return null;
        });
        return got;
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        List<String> pages = Weft.run(Main::fetchAll);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.println("fetched " + pages + " in " + ms + " ms (backend: " + Weft.backend() + ")");
        System.out.println("consumed " + Weft.run(() -> produceAndConsume(5)));
    }
}
