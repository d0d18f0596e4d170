package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.gen.Generator;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only the portable backend needs: a suspended body holds a virtual thread, so an abandoned
 * generator or a task left pending at close must be unwound for its thread to end. The finally block
 * running is the sign that the body was unwound and its thread ended.
 */
class PortableBackendTest {
    @BeforeEach
    void portableOnly() {
        assumeTrue(Weft.backend().equals("portable"), "runs in the portable-backend execution");
    }

    static final AtomicInteger unwound = new AtomicInteger();

    private static void abandonOne() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            try {
                y.yield(1);
                y.yield(2);
            } finally {
                unwound.incrementAndGet();
            }
        });
        assertThat(g.next()).isEqualTo(1); // suspended: its body's thread waits at the yield
    }

    @Test
    void anAbandonedGeneratorsThreadIsUnwoundOnceTheGeneratorIsCollected() {
        int before = unwound.get();
        for (int i = 0; i < 100; i++) {
            abandonOne();
        }
        for (int i = 0; i < 200 && unwound.get() < before + 100; i++) {
            System.gc();
            Thread.onSpinWait();
            Thread.yield();
        }
        assertThat(unwound.get() - before).as("bodies unwound after their generators were collected").isEqualTo(100);
    }

    @Test
    void aTaskPendingWhenItsLoopClosesIsUnwound() {
        AtomicInteger finallies = new AtomicInteger();
        EventLoop loop = new EventLoop();
        loop.setExceptionHandler((l, ctx) -> { });
        for (int i = 0; i < 10; i++) {
            loop.createTask(() -> {
                try {
                    return loop.createFuture().await();
                } finally {
                    finallies.incrementAndGet();
                }
            });
        }
        loop.runUntilComplete(loop.createTask(() -> {
            Weft.yieldNow();
            return null;
        }));
        loop.close(); // kills the ten pending bodies: each runs its finally and its thread ends
        assertThat(finallies.get()).isEqualTo(10);
    }
}
