package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.Task;
import dev.weft.Weft;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task waiting on a primitive says on what, in toString and in the task dump. */
class WaitReasonTest {
    @Test
    void tasksShowWhatTheyWaitFor() {
        List<String> shown = Weft.run(() -> {
            Queue<Integer> q = new Queue<>(1);
            Lock lock = new Lock();
            Event ev = new Event();
            Semaphore sem = new Semaphore(0);
            lock.acquire();
            q.putNowait(1);
            Task<Integer> getter = Weft.spawn("getter", () -> new Queue<Integer>().get());
            Task<Void> putter = Weft.spawn("putter", () -> q.put(2));
            Task<Void> locker = Weft.spawn("locker", () -> { lock.acquire(); });
            Task<Void> waiter = Weft.spawn("waiter", () -> { ev.await(); });
            Task<Void> permit = Weft.spawn("permit", () -> { sem.acquire(); });
            Weft.yieldNow();
            List<String> s = List.of(getter.toString(), putter.toString(), locker.toString(), waiter.toString(),
                    permit.toString());
            for (Task<?> t : List.of(getter, putter, locker, waiter, permit)) {
                t.cancel();
            }
            return s;
        });
        assertThat(shown).containsExactly("Task[getter WAITING QUEUE_GET]", "Task[putter WAITING QUEUE_PUT]",
                "Task[locker WAITING LOCK_ACQUIRE]", "Task[waiter WAITING EVENT_WAIT]",
                "Task[permit WAITING SEMAPHORE_ACQUIRE]");
    }
}
