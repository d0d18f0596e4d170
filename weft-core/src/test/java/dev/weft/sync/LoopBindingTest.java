package dev.weft.sync;

import static org.assertj.core.api.Assertions.*;

import dev.weft.Future;
import dev.weft.Weft;
import dev.weft.EventLoop;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A primitive belongs to one loop: other loops and other threads get a clear error. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoopBindingTest {

    /** One use of each primitive that binds it. */
    static final List<Object> PRIMITIVES = List.of(new Lock(), new Event(), new Condition(), new Semaphore(),
            new BoundedSemaphore(), new Barrier(2), new Queue<>(), new LifoQueue<>(), new PriorityQueue<>());

    @SuppressWarnings("unchecked")
    static void use(Object p) {
        switch (p) {
            case Lock l -> l.tryAcquire();
            case Event e -> e.clear();
            case Condition c -> c.lock().tryAcquire();
            case Semaphore s -> s.tryAcquire();
            case Barrier b -> b.reset();
            case Queue<?> q -> ((Queue<Object>) q).putNowait(1);
            default -> throw new AssertionError(p);
        }
    }

    @Test
    void anotherLoopIsRefused() {
        for (Object p : PRIMITIVES) {
            Weft.run(() -> use(p));
            assertThatThrownBy(() -> Weft.run(() -> use(p)))
                    .as(p.getClass().getSimpleName())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is bound to a different event loop")
                    .hasMessageContaining("make one per loop");
        }
    }

    @Test
    void conditionChecksItsOwnLoopToo() {
        Lock lock = new Lock();
        Condition cond = new Condition(lock);
        Weft.run(() -> cond.acquire().close());
        Weft.run(() -> {
            Condition other = new Condition(lock); // lock bound to the first loop
            assertThatThrownBy(other::acquire).hasMessageContaining("is bound to a different event loop");
        });
    }

    @Test
    void anotherThreadIsRefusedAndCallSoonThreadsafeWorks() {
        String msg = Weft.run(() -> {
            Queue<Integer> q = new Queue<>();
            q.putNowait(0); // binds q to this loop
            EventLoop loop = Weft.loop();
            Future<String> error = loop.createFuture();
            Thread t = Thread.ofPlatform().name("outsider").start(() -> {
                String m;
                try {
                    q.putNowait(1);
                    m = "no error";
                } catch (IllegalStateException e) {
                    m = e.getMessage();
                }
                String r = m;
                loop.callSoonThreadsafe(() -> q.putNowait(2));  // the door the message names
                loop.callSoonThreadsafe(() -> error.setResult(r));
            });
            String m = error.await();
            assertThat(q.getNowait()).isZero();
            assertThat(q.get()).isEqualTo(2);
            t.join(); // it has finished: callSoonThreadsafe was its last act
            return m;
        });
        assertThat(msg).contains("runs on another thread").contains("'outsider'")
                .contains("loop.callSoonThreadsafe");
    }

    @Test
    void unboundUseOutsideAnyLoopIsAllowedThenBinds() {
        Queue<String> q = new Queue<>();
        q.putNowait("before");      // no loop yet
        Consumer<Queue<String>> drain = x -> assertThat(x.getNowait()).isEqualTo("before");
        Weft.run(() -> drain.accept(q));
        q.putNowait("after");       // its loop is closed and this thread runs none: allowed
        assertThatThrownBy(() -> Weft.run(() -> q.getNowait())).hasMessageContaining("different event loop");
    }
}
