package dev.weft;

import static dev.weft.TestSupport.*;
import static org.assertj.core.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour of CPython's test_futures.py, ported to Weft's {@link Future}. */
class FutureTest {
    private EventLoop loop;

    @BeforeEach
    void newLoop() {
        loop = new EventLoop(new VirtualClock());
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Runs one iteration of the loop: asyncio's test_utils.run_once. */
    private void runOnce() {
        loop.callSoon(loop::stop);
        loop.runForever();
    }

    @Test
    void initialStateIsPending() {
        Future<Integer> f = loop.createFuture();
        assertThat(f.isDone()).isFalse();
        assertThat(f.isCancelled()).isFalse();
        assertThat(f.loop()).isSameAs(loop);
        assertThatThrownBy(f::result).isInstanceOf(IllegalStateException.class).hasMessage("Result is not set.");
        assertThatThrownBy(f::exception).isInstanceOf(IllegalStateException.class).hasMessage("Exception is not set.");
        assertThat(f.toString()).isEqualTo("Future[pending]");
    }

    @Test
    void cancelMakesItDoneAndCancelled() {
        Future<Integer> f = loop.createFuture();
        assertThat(f.cancel()).isTrue();
        assertThat(f.isCancelled()).isTrue();
        assertThat(f.isDone()).isTrue();
        assertThatThrownBy(f::result).isInstanceOf(CancelledError.class);
        assertThatThrownBy(f::exception).isInstanceOf(CancelledError.class);
        assertThatThrownBy(() -> f.setResult(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invalid state");
        assertThatThrownBy(() -> f.setException(new Boom("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("invalid state");
        assertThat(f.cancel()).isFalse();
    }

    @Test
    void cancelMessageIsCarriedByCancelledError() {
        Future<Integer> f = loop.createFuture();
        f.cancel("my message");
        assertThatThrownBy(f::result).isInstanceOf(CancelledError.class).hasMessage("my message");
        assertThatThrownBy(f::exception).isInstanceOf(CancelledError.class).hasMessage("my message");
        assertThat(f.toString()).isEqualTo("Future[cancelled message=my message]");

        Future<Integer> g = loop.createFuture();
        g.cancel();
        assertThatThrownBy(g::result).isInstanceOf(CancelledError.class).hasMessage(null);
        assertThat(g.toString()).isEqualTo("Future[cancelled]");
    }

    @Test
    void resultIsSetOnce() {
        Future<Integer> f = loop.createFuture();
        f.setResult(42);
        assertThat(f.isDone()).isTrue();
        assertThat(f.isCancelled()).isFalse();
        assertThat(f.result()).isEqualTo(42);
        assertThat(f.exception()).isNull();
        assertThatThrownBy(() -> f.setResult(43)).isInstanceOf(IllegalStateException.class)
                .hasMessage("invalid state: Future[finished result=42] is already done");
        assertThat(f.cancel()).isFalse();
        assertThat(f.result()).isEqualTo(42);
    }

    @Test
    void nullIsAValidResult() {
        Future<String> f = loop.createFuture();
        f.setResult(null);
        assertThat(f.isDone()).isTrue();
        assertThat(f.result()).isNull();
        assertThat(f.exception()).isNull();
    }

    @Test
    void exceptionIsRethrownAsTheSameObject() {
        Future<Integer> f = loop.createFuture();
        Boom boom = new Boom("boom");
        f.setException(boom);
        assertThat(f.isDone()).isTrue();
        assertThat(f.isCancelled()).isFalse();
        assertThat(f.exception()).isSameAs(boom);
        assertThatThrownBy(f::result).isSameAs(boom);
        assertThat(f.cancel()).isFalse();
        assertThat(f.toString()).startsWith("Future[finished exception=").contains("Boom: boom");
    }

    @Test
    void checkedExceptionIsWrappedInCompletionException() {
        Future<Integer> f = loop.createFuture();
        CheckedBoom checked = new CheckedBoom("checked");
        f.setException(checked);
        assertThat(f.exception()).isSameAs(checked);
        assertThatThrownBy(f::result).isInstanceOf(CompletionException.class).cause().isSameAs(checked);
    }

    @Test
    void errorIsRethrownAsIs() {
        Future<Integer> f = loop.createFuture();
        StackOverflowError err = new StackOverflowError("deep");
        f.setException(err);
        assertThatThrownBy(f::result).isSameAs(err);
    }

    @Test
    void cancelledErrorCannotBeSetAsException() {
        Future<Integer> f = loop.createFuture();
        assertThatThrownBy(() -> f.setException(new CancelledError()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cancel the future instead");
        assertThat(f.isDone()).isFalse();
        assertThatThrownBy(() -> f.setException(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void callbacksRunInOrderOnTheLoopNeverInline() {
        Future<String> f = loop.createFuture();
        List<String> log = new ArrayList<>();
        f.addDoneCallback(x -> log.add("1:" + x.result()));
        f.addDoneCallback(x -> log.add("2:" + x.result()));
        f.addDoneCallback(x -> log.add("3:" + x.result()));
        assertThat(f.toString()).isEqualTo("Future[pending cb=3]");
        f.setResult("r");
        assertThat(log).isEmpty();
        runOnce();
        assertThat(log).containsExactly("1:r", "2:r", "3:r");
    }

    @Test
    void callbacksRunOnSetException() {
        Future<String> f = loop.createFuture();
        List<Object> log = new ArrayList<>();
        Boom boom = new Boom("b");
        f.addDoneCallback(x -> log.add(x.exception()));
        f.setException(boom);
        assertThat(log).isEmpty();
        runOnce();
        assertThat(log).containsExactly(boom);
    }

    @Test
    void callbacksRunOnCancel() {
        Future<String> f = loop.createFuture();
        List<Boolean> log = new ArrayList<>();
        f.addDoneCallback(x -> log.add(x.isCancelled()));
        f.cancel();
        runOnce();
        assertThat(log).containsExactly(true);
    }

    @Test
    void callbackAddedToADoneFutureIsScheduledNotCalled() {
        Future<String> f = loop.createFuture();
        f.setResult("x");
        runOnce();
        List<String> log = new ArrayList<>();
        f.addDoneCallback(x -> log.add("late"));
        assertThat(log).isEmpty();
        runOnce();
        assertThat(log).containsExactly("late");
    }

    @Test
    void callbackReceivesTheFuture() {
        Future<String> f = loop.createFuture();
        List<Future<String>> seen = new ArrayList<>();
        f.addDoneCallback(seen::add);
        f.setResult("x");
        runOnce();
        assertThat(seen).containsExactly(f);
    }

    @Test
    void removeFirstCallback() {
        checkRemove(0, List.of("b", "c"));
    }

    @Test
    void removeSecondCallback() {
        checkRemove(1, List.of("a", "c"));
    }

    @Test
    void removeThirdCallback() {
        checkRemove(2, List.of("a", "b"));
    }

    private void checkRemove(int which, List<String> expected) {
        Future<String> f = loop.createFuture();
        List<String> log = new ArrayList<>();
        List<Consumer<Future<String>>> cbs = List.of(x -> log.add("a"), x -> log.add("b"), x -> log.add("c"));
        cbs.forEach(f::addDoneCallback);
        assertThat(f.removeDoneCallback(cbs.get(which))).isEqualTo(1);
        assertThat(f.removeDoneCallback(cbs.get(which))).isEqualTo(0);
        f.setResult("x");
        runOnce();
        assertThat(log).isEqualTo(expected);
    }

    @Test
    void removeDoneCallbackRemovesEveryRegistration() {
        Future<String> f = loop.createFuture();
        List<String> log = new ArrayList<>();
        Consumer<Future<String>> twice = x -> log.add("twice");
        Consumer<Future<String>> other = x -> log.add("other");
        f.addDoneCallback(twice);
        f.addDoneCallback(other);
        f.addDoneCallback(twice);
        assertThat(f.removeDoneCallback(twice)).isEqualTo(2);
        f.setResult("x");
        runOnce();
        assertThat(log).containsExactly("other");
    }

    @Test
    void removingAfterCompletionDoesNotStopScheduledCallbacks() {
        Future<String> f = loop.createFuture();
        List<String> log = new ArrayList<>();
        Consumer<Future<String>> cb = x -> log.add("ran");
        f.addDoneCallback(cb);
        f.setResult("x");
        assertThat(f.removeDoneCallback(cb)).isZero();
        runOnce();
        assertThat(log).containsExactly("ran");
    }

    @Test
    void aCallbackRemovingALaterOneAfterCompletionDoesNotPreventIt() {
        // test_schedule_callbacks_list_mutation: the callbacks were all scheduled at completion.
        Future<String> f = loop.createFuture();
        List<String> log = new ArrayList<>();
        List<Consumer<Future<String>>> holder = new ArrayList<>();
        Consumer<Future<String>> second = x -> log.add("second");
        holder.add(second);
        f.addDoneCallback(x -> {
            log.add("first");
            x.removeDoneCallback(holder.get(0));
        });
        f.addDoneCallback(second);
        f.setResult("x");
        runOnce();
        assertThat(log).containsExactly("first", "second");
    }

    @Test
    void awaitingADoneFutureDoesNotSuspend() {
        List<String> log = new ArrayList<>();
        runVirtual(() -> {
            Future<String> f = Weft.loop().createFuture();
            f.setResult("ready");
            Weft.spawn(() -> log.add("other task"));
            log.add("await " + f.await());
            log.add("after await");
            Weft.yieldNow();
            log.add("after yield");
        });
        assertThat(log).containsExactly("await ready", "after await", "other task", "after yield");
    }

    @Test
    void awaitingAPendingFutureSuspendsOnlyTheCaller() {
        List<String> log = new ArrayList<>();
        String r = runVirtual(() -> {
            Future<String> f = Weft.loop().createFuture();
            Weft.spawn(() -> {
                log.add("setter runs");
                sleep(2);
                f.setResult("value");
            });
            String v = f.await();
            log.add("got " + v + " at " + now());
            return v;
        });
        assertThat(r).isEqualTo("value");
        assertThat(log).containsExactly("setter runs", "got value at 2.0");
    }

    @Test
    void awaitRethrowsTheFailure() {
        Boom boom = new Boom("x");
        Throwable thrown = catchThrowable(() -> runVirtual(() -> {
            Future<String> f = Weft.loop().createFuture();
            Weft.loop().callSoon(() -> f.setException(boom));
            return f.await();
        }));
        assertThat(thrown).isSameAs(boom);
    }

    @Test
    void awaitingAPendingFutureOfAClosedLoopIsAClearError() {
        // Another loop's future is awaited through a bridge (BridgeTest); one of a closed loop will
        // never complete, so the await fails at once instead of hanging.
        EventLoop other = new EventLoop(new VirtualClock());
        Future<String> foreign = other.createFuture();
        other.close();
        Throwable t = catchThrowable(() -> runVirtual(() -> foreign.await()));
        assertThat(t).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(other.toString().substring(0, other.toString().indexOf('[')))
                .hasMessageContaining("closed");
    }

    @Test
    void aFutureOfAClosedLoopCannotBeCompleted() {
        EventLoop other = new EventLoop(new VirtualClock());
        Future<String> f = other.createFuture();
        other.close();
        assertThatThrownBy(() -> f.setResult("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Event loop is closed");
        assertThatThrownBy(f::cancel).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Event loop is closed");
        assertThat(f.isDone()).isFalse();
    }

    @Test
    void constructorNeedsALoop() {
        assertThatThrownBy(() -> new Future<String>(null)).isInstanceOf(NullPointerException.class);
        assertThat(new Future<String>(loop).loop()).isSameAs(loop);
    }
}
