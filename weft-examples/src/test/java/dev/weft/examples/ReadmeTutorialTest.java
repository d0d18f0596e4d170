package dev.weft.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.LoopGroup;
import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import dev.weft.gen.Generator;
import dev.weft.VirtualClock;
import dev.weft.net.Connection;
import dev.weft.net.Net;
import dev.weft.net.Server;
import dev.weft.sync.Lock;
import dev.weft.sync.Queue;
import dev.weft.sync.QueueShutDown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The README's five-minute tutorial, snippet by snippet, so that it stays true. */
class ReadmeTutorialTest {
    @Test
    void generators() {
        List<String> out = new ArrayList<>();
        Generator<String, Integer, Void> consumer = Generator.of(y -> {
            String reply = "";
            while (true) {
                Integer n = y.yield(reply);
                out.add("[CONSUMER] Consuming " + n + "...");
                reply = "200 OK";
            }
        });
        consumer.send(null);
        String r = consumer.send(1);
        consumer.close();
        assertThat(r).isEqualTo("200 OK");
        assertThat(out).containsExactly("[CONSUMER] Consuming 1...");
    }

    @Test
    void tasks() {
        List<String> both = Weft.run(new VirtualClock(), () -> {
            Task<String> a = Weft.spawn(() -> { Weft.sleep(Duration.ofSeconds(1)); return "a"; });
            Task<String> b = Weft.spawn(() -> { Weft.sleep(Duration.ofSeconds(1)); return "b"; });
            return Weft.gather(a, b).await();
        });
        assertThat(both).containsExactly("a", "b");
        Object r = Weft.run(new VirtualClock(), () -> TaskGroup.run(tg -> {
            tg.spawn(() -> "a");
            tg.spawn(() -> "b");
            return null;
        }));
        assertThat(r).isNull();
    }

    @Test
    void timeoutAndVirtualClock() {
        Weft.run(new VirtualClock(), () -> {
            long start = Weft.loop().nanoTime();
            assertThatThrownBy(() -> Weft.timeout(Duration.ofSeconds(2), () -> slowCall()))
                    .isInstanceOf(TimedOutException.class);
            assertThat(Weft.loop().nanoTime() - start)
                    .isBetween(Duration.ofSeconds(2).toNanos(), Duration.ofSeconds(3).toNanos());
        });
        long wall = System.nanoTime();
        Weft.run(new VirtualClock(), () -> { Weft.sleep(Duration.ofHours(1)); });
        assertThat(System.nanoTime() - wall).isLessThan(Duration.ofSeconds(10).toNanos());
    }

    private static String slowCall() {
        Weft.sleep(Duration.ofMinutes(1));
        return "too late";
    }

    @Test
    void queuesAndLocks() {
        List<Integer> got = Weft.run(() -> {
            List<Integer> seen = new ArrayList<>();
            Queue<Integer> queue = new Queue<>(1);
            Weft.spawn(() -> {
                for (int n = 1; n <= 5; n++) {
                    queue.put(n);
                }
                queue.shutdown();
            });
            try {
                while (true) {
                    seen.add(queue.get());
                }
            } catch (QueueShutDown done) {
                // the producer is finished
            }
            Lock lock = new Lock();
            try (var held = lock.acquire()) {
                assertThat(lock.locked()).isTrue();
            }
            return seen;
        });
        assertThat(got).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void streams() {
        String reply = Weft.run(() -> {
            Server server = Net.startServer((reader, writer) -> {
                for (String line : reader.lines()) {
                    writer.write(line.toUpperCase() + "\n");
                    writer.drain();
                }
            }, "127.0.0.1", 0);
            int port = server.port();
            try (Connection c = Net.openConnection("127.0.0.1", port)) {
                c.writer().write("hello\n");
                return c.reader().readLine(UTF_8);
            } finally {
                server.close();
            }
        });
        assertThat(reply).isEqualTo("HELLO");
    }

    @Test
    void allCores() {
        try (LoopGroup group = new LoopGroup(2)) {
            List<CompletableFuture<Long>> parts = new ArrayList<>();
            for (int i = 0; i < group.size(); i++) {
                int slice = i;
                parts.add(group.submit(() -> countPrimes(slice, group.size())));
            }
            long total = 0;
            for (var p : parts) {
                total += p.join();
            }
            assertThat(total).isEqualTo(25); // primes below 100
        }
    }

    private static long countPrimes(int slice, int slices) {
        long count = 0;
        for (int n = 2 + slice; n < 100; n += slices) {
            boolean prime = true;
            for (int d = 2; d * d <= n; d++) {
                if (n % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                count++;
            }
        }
        return count;
    }
}
