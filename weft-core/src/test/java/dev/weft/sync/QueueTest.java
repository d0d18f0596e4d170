package dev.weft.sync;

import static dev.weft.sync.T.*;
import static org.assertj.core.api.Assertions.*;

import dev.weft.Task;
import dev.weft.TaskGroup;
import dev.weft.TimedOutException;
import dev.weft.Weft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Behaviour of CPython 3.13 test_queues.py. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueTest {

    /** The three kinds, for the join and shutdown tests asyncio runs on each. */
    static IntFunction<Queue<String>> kind(String name) {
        return switch (name) {
            case "fifo" -> Queue::new;
            case "lifo" -> LifoQueue::new;
            default -> PriorityQueue::new;
        };
    }

    // ---- basics ----

    @Test
    void toStringShowsState() { // test_repr / test_str
        run(() -> {
            Queue<Integer> q = new Queue<>();
            assertThat(q).hasToString("Queue[maxsize=0, size=0]");
            Task<Integer> getter = spawn(q::get);
            tick();
            assertThat(q.toString()).contains("getters=1");
            q.putNowait(0);
            assertThat(getter.await()).isZero();

            Queue<Integer> q2 = new Queue<>(1);
            q2.putNowait(1);
            Task<Void> putter = spawn(() -> q2.put(2));
            tick();
            assertThat(q2).hasToString("Queue[maxsize=1, size=1, putters=1, unfinished=1]");
            q2.getNowait();
            putter.await();
            q2.shutdown();
            assertThat(q2).hasToString("Queue[maxsize=1, size=1, unfinished=2, shutdown]");
            assertThat(new LifoQueue<>(3).toString()).startsWith("LifoQueue[maxsize=3");
        });
    }

    @Test
    void emptyAndFull() { // test_empty, test_full
        run(() -> {
            Queue<Integer> q = new Queue<>();
            assertThat(q.empty()).isTrue();
            q.put(1);
            assertThat(q.empty()).isFalse();
            assertThat(q.get()).isEqualTo(1);
            assertThat(q.empty()).isTrue();
            assertThat(q.full()).as("unbounded is never full").isFalse();
            Queue<Integer> b = new Queue<>(1);
            b.put(1);
            assertThat(b.full()).isTrue();
            assertThat(new Queue<Integer>(-3).maxsize()).isEqualTo(-3);
        });
    }

    @Test
    void fifoOrder() { // test_order
        run(() -> {
            Queue<Integer> q = new Queue<>();
            for (int i : new int[] {1, 3, 2}) {
                q.put(i);
            }
            assertThat(List.of(q.get(), q.get(), q.get())).containsExactly(1, 3, 2);
        });
    }

    @Test
    void lifoOrder() { // LifoQueueTests.test_order
        run(() -> {
            Queue<Integer> q = new LifoQueue<>();
            for (int i : new int[] {1, 3, 2}) {
                q.put(i);
            }
            assertThat(List.of(q.get(), q.get(), q.get())).containsExactly(2, 3, 1);
        });
    }

    @Test
    void priorityOrder() { // PriorityQueueTests.test_order
        run(() -> {
            Queue<Integer> q = new PriorityQueue<>();
            for (int i : new int[] {1, 3, 2}) {
                q.put(i);
            }
            assertThat(List.of(q.get(), q.get(), q.get())).containsExactly(1, 2, 3);
            Queue<String> byLength = new PriorityQueue<>(0, Comparator.comparingInt(String::length).reversed());
            byLength.putNowait("a");
            byLength.putNowait("ccc");
            byLength.putNowait("bb");
            assertThat(List.of(byLength.getNowait(), byLength.getNowait(), byLength.getNowait()))
                    .containsExactly("ccc", "bb", "a");
        });
    }

    @Test
    void putWaitsAtMaxsize() { // test_maxsize
        run(() -> {
            Queue<Integer> q = new Queue<>(2);
            assertThat(q.maxsize()).isEqualTo(2);
            List<Integer> havePut = new ArrayList<>();
            Task<Boolean> t = spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    q.put(i);
                    havePut.add(i);
                }
                return true;
            });
            ticks(2);
            assertThat(havePut).containsExactly(0, 1);
            assertThat(q.get()).isZero();
            tick();
            assertThat(havePut).containsExactly(0, 1, 2);
            assertThat(q.get()).isEqualTo(1);
            assertThat(q.get()).isEqualTo(2);
            assertThat(t.result()).isTrue();
        });
    }

    @Test
    void nullItemsRefused() {
        Queue<String> q = new Queue<>();
        assertThatThrownBy(() -> q.putNowait(null)).isInstanceOf(NullPointerException.class);
    }

    // ---- get ----

    @Test
    void getReturnsWhatIsThere() { // test_blocking_get, test_nonblocking_get
        run(() -> {
            Queue<Integer> q = new Queue<>();
            q.putNowait(1);
            assertThat(q.get()).isEqualTo(1);
            q.putNowait(2);
            assertThat(q.getNowait()).isEqualTo(2);
        });
        Queue<Integer> outside = new Queue<>();
        outside.putNowait(3); // before any loop: allowed
        assertThat(outside.getNowait()).isEqualTo(3);
    }

    @Test
    void getWakesAPutter() { // test_get_with_putters
        run(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.put(1);
            Task<Void> putter = spawn(() -> q.put(2));
            tick();
            assertThat(q.get()).isEqualTo(1);
            putter.await();
            assertThat(q.getNowait()).isEqualTo(2);
        });
    }

    @Test
    void getWaitsForAPut() { // test_blocking_get_wait
        run(() -> {
            Queue<Integer> q = new Queue<>();
            Event started = new Event();
            boolean[] finished = {false};
            Task<Integer> t = spawn(() -> {
                started.set();
                int r = q.get();
                finished[0] = true;
                return r;
            });
            started.await();
            assertThat(finished[0]).isFalse();
            Weft.loop().callLater(Duration.ofMillis(10), () -> q.putNowait(1));
            assertThat(t.await()).isEqualTo(1);
            assertThat(finished[0]).isTrue();
        });
    }

    @Test
    void getNowaitOnEmptyThrows() { // test_nonblocking_get_exception
        Queue<Integer> q = new Queue<>();
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmpty.class)
                .hasMessage("Queue[maxsize=0, size=0] is empty: get() waits for an item");
    }

    @Test
    void cancelledGetterSkipped() { // test_get_cancelled_race
        run(() -> {
            Queue<String> q = new Queue<>();
            Task<String> t1 = spawn(q::get);
            Task<String> t2 = spawn(q::get);
            tick();
            t1.cancel();
            tick();
            assertThat(t1.isDone()).isTrue();
            q.put("a");
            tick();
            assertThat(t2.await()).isEqualTo("a");
        });
    }

    @Test
    void getWithWaitingPutters() { // test_get_with_waiting_putters
        run(() -> {
            Queue<String> q = new Queue<>(1);
            spawn(() -> q.put("a"));
            spawn(() -> q.put("b"));
            assertThat(q.get()).isEqualTo("a");
            assertThat(q.get()).isEqualTo("b");
        });
    }

    @Test
    void producerConsumerThroughMaxsizeOne() { // test_why_are_getters_waiting
        run(() -> {
            Queue<Integer> q = new Queue<>(1);
            List<Integer> got = new ArrayList<>();
            TaskGroup.run(tg -> {
                tg.spawn(() -> { for (int i = 0; i < 5; i++) q.put(i); return null; });
                tg.spawn(() -> { for (int i = 0; i < 5; i++) got.add(q.get()); return null; });
                return null;
            });
            assertThat(got).containsExactly(0, 1, 2, 3, 4);
        });
    }

    @Test
    void timedOutGetterLeaves() { // test_cancelled_getters_not_being_held_in_self_getters
        run(() -> {
            Queue<Integer> q = new Queue<>(5);
            assertThatThrownBy(() -> Weft.waitFor(Weft.spawn(q::get), Duration.ofMillis(100)))
                    .isInstanceOf(TimedOutException.class);
            assertThat(q.toString()).doesNotContain("getters");
        });
    }

    // ---- put ----

    @Test
    void unboundedPutNeverWaits() { // test_blocking_put, test_nonblocking_put
        run(() -> {
            Queue<Integer> q = new Queue<>();
            q.put(1);
            assertThat(q.get()).isEqualTo(1);
            q.putNowait(2);
            assertThat(q.getNowait()).isEqualTo(2);
        });
    }

    @Test
    void putWaitsForAGet() { // test_blocking_put_wait
        run(() -> {
            Queue<Integer> q = new Queue<>(1);
            Event started = new Event();
            boolean[] finished = {false};
            Weft.loop().callLater(Duration.ofMillis(10), q::getNowait);
            Task<Void> t = spawn(() -> {
                started.set();
                q.put(1);
                q.put(2);
                finished[0] = true;
            });
            started.await();
            assertThat(finished[0]).isFalse();
            t.await();
            assertThat(finished[0]).isTrue();
        });
    }

    @Test
    void cancelledWhileBeingWokenGivesTheItemBack() { // test_get_cancel_drop_one_pending_reader
        run(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Integer> reader = spawn(q::get);
            tick();
            q.putNowait(1);   // handed to reader ...
            q.putNowait(2);
            reader.cancel();  // ... which is cancelled before it runs
            assertThat(endedCancelled(reader)).isTrue();
            assertThat(q.size()).isEqualTo(2);
            assertThat(spawn(q::get).await()).as("1 was not dropped").isEqualTo(1);
            assertThat(q.getNowait()).isEqualTo(2);
        });
    }

    @Test
    void cancelledWhileBeingWokenPassesTheItemToTheNextGetter() { // test_get_cancel_drop_many_pending_readers
        run(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Integer> reader1 = spawn(q::get);
            Task<Integer> reader2 = spawn(q::get);
            Task<Integer> reader3 = spawn(q::get);
            tick();
            q.putNowait(1);
            q.putNowait(2);
            reader1.cancel();
            assertThat(endedCancelled(reader1)).isTrue();
            assertThat(reader3.await()).isEqualTo(1); // reader1's item, in FIFO order
            assertThat(reader2.await()).isEqualTo(2);
            assertThat(Set.of(reader2.result(), reader3.result())).containsExactlyInAnyOrder(1, 2);
        });
    }

    @Test
    void cancelledPutterWokenPutsNothing() { // test_put_cancel_drop
        run(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            Task<Void> writer = spawn(() -> q.put(2));
            tick();
            assertThat(q.getNowait()).isEqualTo(1); // grants writer the slot ...
            writer.cancel();                        // ... which is cancelled before it runs
            assertThat(endedCancelled(writer)).isTrue();
            assertThat(q.size()).as("a cancelled put put nothing").isZero();
            assertThat(q.full()).isFalse();
            spawn(() -> q.put(2)).await();
            assertThat(q.getNowait()).isEqualTo(2);
            assertThat(q.size()).isZero();
            assertThat(q.unfinishedTasks()).isEqualTo(2);
        });
    }

    @Test
    void cancelledPutterWokenPassesTheSlotOn() {
        run(() -> {
            Queue<String> q = new Queue<>(1);
            q.putNowait("x");
            Task<Void> a = spawn(() -> q.put("a"));
            Task<Void> b = spawn(() -> q.put("b"));
            tick();
            assertThat(q.getNowait()).isEqualTo("x"); // slot to a
            a.cancel();
            assertThat(endedCancelled(a)).isTrue();
            b.await();
            assertThat(q.getNowait()).isEqualTo("b");
        });
    }

    @Test
    void newPutQueuesBehindAWokenPutter() { // found by SyncModelTest; asyncio lets 114 overtake 104
        run(() -> {
            Queue<Integer> q = new Queue<>(2);
            q.putNowait(101);
            q.putNowait(102);
            Task<Void> p104 = spawn(() -> q.put(104));
            tick();
            Task<Void> p114 = spawn(() -> q.put(114)); // starts before p104 resumes
            assertThat(q.getNowait()).isEqualTo(101); // slot reserved for p104
            assertThat(q.getNowait()).isEqualTo(102); // a second free slot
            assertThat(q.full()).as("a woken putter has not put yet").isTrue();
            Weft.gather(p104, p114).await();
            assertThat(List.of(q.getNowait(), q.getNowait())).containsExactly(104, 114);
        });
    }

    @Test
    void putNowaitOnFullThrows() { // test_nonblocking_put_exception
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        assertThatThrownBy(() -> q.putNowait(2)).isInstanceOf(QueueFull.class)
                .hasMessage("Queue[maxsize=1, size=1, unfinished=1] is full (maxsize=1): put() waits for room");
    }

    @Test
    void putWithoutWaiting() { // test_put_cancelled
        run(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Boolean> t = spawn(() -> { q.put(1); return true; });
            assertThat(q.get()).isEqualTo(1);
            assertThat(t.await()).isTrue();
        });
    }

    @Test
    void cancelledPutterSkipped() { // test_put_cancelled_race
        run(() -> {
            Queue<String> q = new Queue<>(1);
            Task<Void> putA = spawn(() -> q.put("a"));
            Task<Void> putB = spawn(() -> q.put("b"));
            Task<Void> putC = spawn(() -> q.put("X"));
            tick();
            assertThat(putA.isDone()).isTrue();
            assertThat(putB.isDone()).isFalse();
            putC.cancel();
            tick();
            assertThat(putC.isDone()).isTrue();
            assertThat(q.getNowait()).isEqualTo("a");
            tick();
            assertThat(q.getNowait()).isEqualTo("b");
            putB.await();
            assertThat(q.empty()).isTrue();
        });
    }

    @Test
    void putHandsToAWaitingGetter() { // test_put_with_waiting_getters
        run(() -> {
            Queue<String> q = new Queue<>();
            Task<String> t = spawn(q::get);
            tick();
            q.put("a");
            assertThat(q.size()).as("handed over, not queued").isZero();
            assertThat(t.await()).isEqualTo("a");
        });
    }

    @Test
    void handedItemKeepsItsSlot() {
        run(() -> {
            Queue<String> q = new Queue<>(1);
            Task<String> t = spawn(q::get);
            tick();
            q.putNowait("a");   // to t, which has not run
            assertThat(q.size()).isZero();
            assertThat(q.full()).as("a still occupies the one slot").isTrue();
            assertThatThrownBy(() -> q.putNowait("b")).isInstanceOf(QueueFull.class);
            assertThat(t.await()).isEqualTo("a");
            assertThat(q.full()).isFalse();
        });
    }

    @Test
    void manyPuttersOneGetter() { // test_why_are_putters_waiting
        run(() -> {
            Queue<Integer> q = new Queue<>(2);
            TaskGroup.run(tg -> {
                tg.spawn(() -> {
                    Weft.yieldNow();
                    int n = q.size();
                    for (int i = 0; i < n; i++) {
                        q.getNowait();
                    }
                    return null;
                });
                for (int i = 0; i < 4; i++) {
                    int item = i;
                    tg.spawn(() -> { q.put(item); return null; });
                }
                return null;
            });
            assertThat(q.size()).isEqualTo(2);
            assertThat(List.of(q.getNowait(), q.getNowait())).containsExactly(2, 3);
        });
    }

    @Test
    void cancelledPutterLeaves() { // test_cancelled_puts_not_being_held_in_self_putters
        run(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            Task<Void> put = spawn(() -> q.put(1));
            tick();
            assertThat(q.toString()).contains("putters=1");
            put.cancel();
            assertThat(endedCancelled(put)).isTrue();
            assertThat(q.toString()).doesNotContain("putters");
        });
    }

    @Test
    void cancelAfterTheGetFreedTheSlot() { // test_cancelled_put_silence_value_error_exception
        run(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(1);
            Task<Void> put = spawn(() -> q.put(1));
            tick();
            q.getNowait();
            put.cancel();
            assertThat(endedCancelled(put)).isTrue();
        });
    }

    // ---- join ----

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void taskDoneTooManyTimes(String k) { // test_task_done_underflow
        Queue<String> q = kind(k).apply(0);
        assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("task_done() called too many times: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void joinWaitsForEveryTaskDone(String k) { // test_task_done
        run(() -> {
            Queue<Integer> q = k.equals("fifo") ? new Queue<>() : k.equals("lifo") ? new LifoQueue<>() : new PriorityQueue<>();
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            int[] acc = {0};
            boolean[] running = {true};
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                workers.add(spawn(() -> {
                    while (running[0]) {
                        int item = q.get();
                        acc[0] += item;
                        q.taskDone();
                    }
                }));
            }
            q.join();
            assertThat(acc[0]).isEqualTo(IntStream.range(0, 100).sum());
            assertThat(q.unfinishedTasks()).isZero();
            running[0] = false;
            for (int w = 0; w < workers.size(); w++) {
                q.putNowait(0);
            }
            Weft.gather(workers).await();
        });
    }

    @Test
    void joinReturnsAtOnceWhenNothingIsUnfinished() { // test_join_empty_queue
        run(() -> {
            Queue<Integer> q = new Queue<>();
            q.join();
            q.join();
            q.putNowait(1);
            q.getNowait();
            Task<Void> j = spawn(q::join);
            tick();
            assertThat(j.isDone()).as("taken but not done").isFalse();
            q.taskDone();
            tick();
            assertThat(j.isDone()).isTrue();
        });
    }

    @Test
    void cancelledJoinerLeaves() {
        run(() -> {
            Queue<Integer> q = new Queue<>();
            q.putNowait(1);
            Task<Void> j = spawn(q::join);
            tick();
            j.cancel();
            assertThat(endedCancelled(j)).isTrue();
            q.getNowait();
            q.taskDone();
            q.join();
        });
    }

    // ---- shutdown ----

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void shutdownEmpty(String k) { // test_shutdown_empty
        run(() -> {
            Queue<String> q = kind(k).apply(0);
            Task<String> getTask = spawn(q::get);
            tick();
            q.shutdown(false);
            assertThat(q.size()).isZero();
            q.join();
            tick();
            assertThat(getTask.isDone()).isTrue();
            assertThatThrownBy(getTask::await).isInstanceOf(QueueShutDown.class).hasMessageEndingWith("is shut down");
            assertThatThrownBy(() -> q.put("data")).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(() -> q.putNowait("data")).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(q::get).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDown.class);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void shutdownNonEmpty(String k) { // test_shutdown_nonempty
        run(() -> {
            Queue<String> q = kind(k).apply(1);
            q.putNowait("data");
            Task<Void> joinTask = spawn(q::join);
            Task<Void> putTask = spawn(() -> q.put("data2"));
            tick();
            assertThat(putTask.isDone()).isFalse();
            q.shutdown(false);
            assertThat(q.size()).isEqualTo(1);
            tick();
            assertThat(putTask.isDone()).isTrue();
            assertThatThrownBy(putTask::await).isInstanceOf(QueueShutDown.class);
            assertThat(q.get()).isEqualTo("data");
            tick();
            assertThat(joinTask.isDone()).isFalse();
            assertThatThrownBy(() -> q.put("data")).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(() -> q.putNowait("data")).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(q::get).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDown.class);
            q.taskDone();
            tick();
            assertThat(joinTask.isDone()).isTrue();
            joinTask.await();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void shutdownImmediate(String k) { // test_shutdown_immediate
        run(() -> {
            Queue<String> q = kind(k).apply(0);
            q.putNowait("data");
            Task<Void> joinTask = spawn(q::join);
            q.shutdown(true);
            assertThat(q.size()).isZero();
            tick();
            assertThat(joinTask.isDone()).isTrue();
            joinTask.await();
            assertThatThrownBy(() -> q.put("data")).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(() -> q.putNowait("data")).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(q::get).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void shutdownImmediateWithUnfinished(String k) { // test_shutdown_immediate_with_unfinished
        run(() -> {
            Queue<String> q = kind(k).apply(0);
            q.putNowait("data");
            q.putNowait("data");
            Task<Void> joinTask = spawn(q::join);
            assertThat(q.get()).isEqualTo("data");
            q.shutdown(true);
            assertThat(q.size()).isZero();
            tick();
            assertThat(joinTask.isDone()).isFalse();
            assertThatThrownBy(() -> q.put("data")).isInstanceOf(QueueShutDown.class);
            assertThatThrownBy(q::get).isInstanceOf(QueueShutDown.class);
            q.taskDone();
            assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
            tick();
            assertThat(joinTask.isDone()).isTrue();
        });
    }

    @Test
    void shutdownWakesEveryPutterAndGetter() {
        run(() -> {
            Queue<Integer> full = new Queue<>(1);
            full.putNowait(0);
            List<Task<Void>> putters = List.of(spawn(() -> full.put(1)), spawn(() -> full.put(2)));
            Queue<Integer> empty = new Queue<>();
            List<Task<Integer>> getters = List.of(spawn(empty::get), spawn(empty::get));
            tick();
            full.shutdown(false);
            empty.shutdown(true);
            Weft.gatherSettled(putters).await();
            Weft.gatherSettled(getters).await();
            for (Task<?> t : List.of(putters.get(0), putters.get(1), getters.get(0), getters.get(1))) {
                assertThat(t.exception()).isInstanceOf(QueueShutDown.class);
            }
            assertThat(full.getNowait()).isZero();
        });
    }

    @Test
    void putterGrantedThenShutDownThrows() {
        run(() -> {
            Queue<Integer> q = new Queue<>(1);
            q.putNowait(0);
            Task<Void> p = spawn(() -> q.put(1));
            tick();
            q.getNowait();      // slot reserved for p
            q.shutdown(false);  // before p ran
            assertThatThrownBy(p::await).isInstanceOf(QueueShutDown.class);
            assertThat(q.size()).isZero();
        });
    }

    @Test
    void itemGivenBackAfterImmediateShutdownIsDropped() {
        run(() -> {
            Queue<Integer> q = new Queue<>();
            Task<Integer> g = spawn(q::get);
            tick();
            q.putNowait(7);     // handed to g
            q.shutdown(true);
            g.cancel();         // g gives 7 back: dropped and counted done
            assertThat(endedCancelled(g)).isTrue();
            assertThat(q.size()).isZero();
            assertThat(q.unfinishedTasks()).isZero();
            q.join();
        });
    }

    @Test
    void lifoAndPriorityGiveBack() {
        run(() -> {
            Queue<Integer> q = new PriorityQueue<>();
            Task<Integer> g = spawn(q::get);
            tick();
            q.putNowait(5);
            q.putNowait(9);
            q.putNowait(1);
            g.cancel();
            assertThat(endedCancelled(g)).isTrue();
            assertThat(List.of(q.getNowait(), q.getNowait(), q.getNowait())).containsExactly(1, 5, 9);
        });
    }
}
