package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The behaviour of CPython's shield tests (test_tasks.py test_shield*) on {@link Weft#shield}. */
class ShieldTest {

    @Test
    void theOuterFutureGetsTheInnerResult() {
        // test_shield_result
        runVirtual(() -> {
            Future<Integer> inner = Weft.loop().createFuture();
            Future<Integer> outer = Weft.shield(inner);
            assertThat(outer).isNotSameAs(inner);
            Weft.loop().callSoon(() -> inner.setResult(42));
            assertThat(outer.await()).isEqualTo(42);
        });
    }

    @Test
    void theOuterFutureGetsTheInnerException() {
        // test_shield_exception
        Boom boom = new Boom("b");
        runVirtual(() -> {
            Future<Integer> inner = Weft.loop().createFuture();
            Future<Integer> outer = Weft.shield(inner);
            Weft.loop().callSoon(() -> inner.setException(boom));
            assertThatThrownBy(outer::await).isSameAs(boom);
        });
    }

    @Test
    void aDoneFutureIsReturnedAsItIs() {
        // test_shield_shortcut
        runVirtual(() -> {
            Future<Integer> f = Weft.loop().createFuture();
            f.setResult(42);
            assertThat(Weft.shield(f)).isSameAs(f);
        });
    }

    @Test
    void cancellingTheOuterLeavesTheInnerAlone() {
        // test_shield_cancel_outer
        runVirtual(() -> {
            Future<Integer> inner = Weft.loop().createFuture();
            Future<Integer> outer = Weft.shield(inner);
            Weft.yieldNow();
            assertThat(outer.cancel()).isTrue();
            assertThat(outer.isCancelled()).isTrue();
            assertThat(inner.isCancelled()).isFalse();
            inner.setResult(1);
            Weft.yieldNow();
            assertThat(outer.isCancelled()).isTrue();
        });
    }

    @Test
    void cancellingTheInnerCancelsTheOuter() {
        // test_shield_cancel_inner
        runVirtual(() -> {
            Future<Integer> inner = Weft.loop().createFuture();
            Future<Integer> outer = Weft.shield(inner);
            Weft.yieldNow();
            inner.cancel();
            Weft.yieldNow();
            assertThat(outer.isCancelled()).isTrue();
        });
    }

    @Test
    void aCancelledAwaiterLeavesTheShieldedTaskRunning() {
        // test_shield_effect
        int[] proof = {0};
        runVirtual(() -> {
            Future<Void> waiter = Weft.loop().createFuture();
            Task<Void> inner = Weft.spawn(() -> { waiter.await(); proof[0] += 1; });
            Task<Void> outer = Weft.spawn(() -> { Weft.shield(inner).await(); proof[0] += 100; });
            Weft.yieldNow();
            outer.cancel();
            assertThatThrownBy(outer::await).isInstanceOf(CancelledError.class);
            waiter.setResult(null);
            inner.await();
        });
        assertThat(proof[0]).isEqualTo(1);
    }

    @Test
    void cancellingAGatherOfShieldsCancelsTheShieldsNotTheChildren() {
        // test_gather_shield
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            Future<Integer> child1 = loop.createFuture();
            Future<Integer> child2 = loop.createFuture();
            Future<Integer> inner1 = Weft.shield(child1);
            Future<Integer> inner2 = Weft.shield(child2);
            Future<List<Integer>> parent = Weft.gather(inner1, inner2);
            runBriefly(loop);
            parent.cancel();
            runBriefly(loop);
            assertThatThrownBy(parent::result).isInstanceOf(CancelledError.class);
            assertThat(inner1.isCancelled()).isTrue();
            assertThat(inner2.isCancelled()).isTrue();
            assertThat(child1.isCancelled()).isFalse();
            child1.setResult(1);
            child2.setResult(2);
            runBriefly(loop);
            assertThat(child1.result()).isEqualTo(1);
        }
    }

    @Test
    void cancellingAShieldedGatherLeavesTheGatherRunning() {
        // test_shield_gather
        try (EventLoop loop = new EventLoop(new VirtualClock())) {
            Future<Integer> child1 = loop.createFuture();
            Future<Integer> child2 = loop.createFuture();
            Future<List<Integer>> parent = Weft.gather(child1, child2);
            Future<List<Integer>> outer = Weft.shield(parent);
            runBriefly(loop);
            outer.cancel();
            runBriefly(loop);
            assertThat(outer.isCancelled()).isTrue();
            child1.setResult(1);
            child2.setResult(2);
            runBriefly(loop);
            assertThat(parent.result()).containsExactly(1, 2);
        }
    }

    @Test
    void shieldedWorkSurvivesTheCancellationOfItsTask() {
        runVirtual(() -> {
            Task<String> work = Weft.spawn(() -> { sleep(5); return "saved"; });
            Task<String> caller = Weft.spawn(() -> {
                try {
                    return Weft.shield(work).await();
                } catch (CancelledError e) {
                    return "caller cancelled, work " + (work.isDone() ? "done" : "running");
                }
            });
            sleep(1);
            caller.cancel();
            assertThat(caller.await()).isEqualTo("caller cancelled, work running");
            assertThat(work.await()).isEqualTo("saved");
            assertThat(now()).isEqualTo(5.0);
        });
    }

    /** asyncio's test_utils.run_briefly: a few loop iterations. */
    private static void runBriefly(EventLoop loop) {
        for (int i = 0; i < 3; i++) {
            loop.callSoon(loop::stop);
            loop.runForever();
        }
    }
}
