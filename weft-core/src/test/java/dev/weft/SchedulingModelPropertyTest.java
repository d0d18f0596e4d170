package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Model-based property: random programs of spawns, sleeps, awaits, failures and cancels run on the
 * virtual clock end exactly as a small hand-written discrete-event model says: every task's outcome
 * (value, failure or cancellation) and the virtual time it ended, and tasks are observed ending in time
 * order.
 *
 * <p>Programs: task {@code i} runs its ops in order (sleep {@code d} whole seconds, {@code d = 0} being
 * a plain yield; or await an earlier task {@code j < i}, adding its value), then returns
 * {@code i + 1 + sum of awaited values} or fails. The main task spawns them all, cancels some at once
 * (before they start), then sleeps to each other cancel time {@code k + 0.5} seconds and cancels. Whole
 * seconds for timers and half seconds for cancels keep the two from tying, so the outcome never depends
 * on tie-breaking.
 */
class SchedulingModelPropertyTest {

    /** One op: SLEEP (arg = seconds) or AWAIT (arg picks an earlier task). */
    record Op(boolean await, int arg) {
        @Override
        public String toString() {
            return await ? "await#" + arg : "sleep " + arg;
        }
    }

    record TaskSpec(List<Op> ops, boolean fails) {}

    /** Cancel task {@code task} at {@code at + 0.5} seconds, or before it starts if {@code at < 0}. */
    record Cancel(int task, int at) {}

    record Program(List<TaskSpec> tasks, List<Cancel> cancels) {
        /** The task an await op of task {@code i} targets, or -1 (task 0 cannot await: it sleeps instead). */
        int target(int i, Op op) {
            return op.await() && i > 0 ? op.arg() % i : -1;
        }
    }

    /** How a task ended: value, failure (of the task that threw first) or cancellation. */
    record Outcome(String kind, long value) {
        static Outcome result(long v) {
            return new Outcome("result", v);
        }

        static Outcome failed(int origin) {
            return new Outcome("failed", origin);
        }

        static final Outcome CANCELLED = new Outcome("cancelled", 0);
    }

    record End(int task, long timeNanos, Outcome outcome) {}

    /** The failure a task throws: the same object reaches everyone awaiting it. */
    static final class ModelFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int origin;

        ModelFailure(int origin) {
            super("task " + origin + " failed", null, false, false);
            this.origin = origin;
        }
    }

    @Provide
    Arbitrary<Program> programs() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 6))
                .as((kind, arg) -> kind == 0 ? new Op(true, arg) : new Op(false, arg % 6));
        Arbitrary<TaskSpec> task = Combinators.combine(op.list().ofMaxSize(5),
                Arbitraries.integers().between(0, 4).map(x -> x == 0)).as(TaskSpec::new);
        Arbitrary<List<TaskSpec>> tasks = task.list().ofMinSize(1).ofMaxSize(8);
        Arbitrary<Cancel> cancel = Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(-1, 14)).as(Cancel::new);
        return Combinators.combine(tasks, cancel.list().ofMaxSize(5)).as((ts, cs) ->
                new Program(ts, cs.stream().map(c -> new Cancel(c.task() % ts.size(), c.at())).toList()));
    }

    @Property(tries = 300)
    void weftAgreesWithTheModel(@ForAll("programs") Program program) {
        List<End> observed = runOnWeft(program);
        Map<Integer, End> expected = model(program);

        assertThat(observed).extracting(End::task).as("each task ends once")
                .containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (End e : observed) {
            assertThat(e).as("task %d of %s", e.task(), program).isEqualTo(expected.get(e.task()));
        }
        List<Long> times = observed.stream().map(End::timeNanos).toList();
        assertThat(times).as("completions are observed in time order").isSorted();
    }

    // ---- Weft ----

    private static List<End> runOnWeft(Program p) {
        int n = p.tasks().size();
        return Weft.run(new VirtualClock(), () -> {
            EventLoop loop = Weft.loop();
            List<End> ends = new ArrayList<>();
            @SuppressWarnings({"unchecked", "rawtypes"})
            Task<Long>[] tasks = new Task[n];
            for (int i = 0; i < n; i++) {
                int me = i;
                tasks[i] = Weft.spawn(() -> body(p, me, tasks));
                tasks[i].addDoneCallback(f -> ends.add(new End(me, loop.nanoTime(), outcomeOf(f))));
            }
            List<Cancel> timed = new ArrayList<>();
            for (Cancel c : p.cancels()) {
                if (c.at() < 0) {
                    tasks[c.task()].cancel();
                } else {
                    timed.add(c);
                }
            }
            timed.sort(Comparator.comparingInt(Cancel::at)); // stable: same-time cancels keep their order
            for (Cancel c : timed) {
                long when = c.at() * 1_000_000_000L + 500_000_000L;
                long wait = when - loop.nanoTime();
                if (wait > 0) {
                    Weft.sleep(Duration.ofNanos(wait));
                }
                tasks[c.task()].cancel();
            }
            Weft.gatherSettled(Arrays.asList(tasks)).await();
            return ends;
        });
    }

    private static long body(Program p, int me, Task<Long>[] tasks) {
        long acc = me + 1;
        for (Op op : p.tasks().get(me).ops()) {
            int target = p.target(me, op);
            if (target >= 0) {
                acc += tasks[target].await();
            } else {
                Weft.sleep(Duration.ofSeconds(op.await() ? 0 : op.arg()));
            }
        }
        if (p.tasks().get(me).fails()) {
            throw new ModelFailure(me);
        }
        return acc;
    }

    private static Outcome outcomeOf(Future<Long> f) {
        if (f.isCancelled()) {
            return Outcome.CANCELLED;
        }
        Throwable e = f.exception();
        if (e != null) {
            return Outcome.failed(((ModelFailure) e).origin);
        }
        return Outcome.result(f.result());
    }

    // ---- the model ----

    /** A discrete-event model of the same program: no loop, no continuations, just times. */
    private static Map<Integer, End> model(Program p) {
        return new Model(p).run();
    }

    private static final class Model {
        final Program p;
        final int n;
        final int[] pc;
        final long[] acc;
        final long[] wakeAt; // seconds * 2 (half-second units); -1 when not sleeping
        final int[] awaiting; // task awaited, or -1
        final Map<Integer, End> ends = new HashMap<>();

        Model(Program p) {
            this.p = p;
            this.n = p.tasks().size();
            this.pc = new int[n];
            this.acc = new long[n];
            this.wakeAt = new long[n];
            this.awaiting = new int[n];
            Arrays.fill(wakeAt, -1);
            Arrays.fill(awaiting, -1);
            for (int i = 0; i < n; i++) {
                acc[i] = i + 1;
            }
        }

        Map<Integer, End> run() {
            for (Cancel c : p.cancels()) {
                if (c.at() < 0 && !ends.containsKey(c.task())) {
                    finish(c.task(), 0, Outcome.CANCELLED); // the body never runs
                }
            }
            for (int i = 0; i < n; i++) {
                if (!ends.containsKey(i)) {
                    advance(i, 0);
                }
            }
            // Event times in half seconds: sleeps end on even ones, cancels happen on odd ones.
            TreeSet<Long> pendingCancelTimes = new TreeSet<>();
            for (Cancel c : p.cancels()) {
                if (c.at() >= 0) {
                    pendingCancelTimes.add(2L * c.at() + 1);
                }
            }
            while (true) {
                long next = Long.MAX_VALUE;
                for (int i = 0; i < n; i++) {
                    if (wakeAt[i] >= 0) {
                        next = Math.min(next, wakeAt[i]);
                    }
                }
                if (!pendingCancelTimes.isEmpty()) {
                    next = Math.min(next, pendingCancelTimes.first());
                }
                if (next == Long.MAX_VALUE) {
                    break;
                }
                long now = next;
                if (now % 2 == 1) {
                    pendingCancelTimes.remove(now);
                    for (Cancel c : p.cancels()) {
                        if (c.at() >= 0 && 2L * c.at() + 1 == now) {
                            cancel(c.task(), now);
                        }
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        if (wakeAt[i] == now) {
                            wakeAt[i] = -1;
                            advance(i, now);
                        }
                    }
                }
            }
            return ends;
        }

        /** Runs task i from its current op at time {@code now} until it sleeps, blocks or ends. */
        void advance(int i, long now) {
            List<Op> ops = p.tasks().get(i).ops();
            while (pc[i] < ops.size()) {
                Op op = ops.get(pc[i]);
                int target = p.target(i, op);
                if (target < 0) {
                    int seconds = op.await() ? 0 : op.arg();
                    pc[i]++;
                    if (seconds > 0) {
                        wakeAt[i] = now + 2L * seconds;
                        return;
                    }
                    continue; // a zero sleep only yields: no time passes
                }
                End done = ends.get(target);
                if (done == null) {
                    awaiting[i] = target;
                    return;
                }
                awaiting[i] = -1;
                switch (done.outcome().kind()) {
                    case "result" -> {
                        acc[i] += done.outcome().value();
                        pc[i]++;
                    }
                    case "failed" -> {
                        finish(i, now, done.outcome()); // the same exception goes on up
                        return;
                    }
                    default -> {
                        finish(i, now, Outcome.CANCELLED); // a CancelledError escaping the body
                        return;
                    }
                }
            }
            finish(i, now, p.tasks().get(i).fails() ? Outcome.failed(i) : Outcome.result(acc[i]));
        }

        void finish(int i, long now, Outcome outcome) {
            wakeAt[i] = -1;
            awaiting[i] = -1;
            ends.put(i, new End(i, now * 500_000_000L, outcome));
            for (int k = 0; k < n; k++) {
                if (awaiting[k] == i) {
                    advance(k, now);
                }
            }
        }

        /** Task.cancel: a sleeping task ends cancelled; an awaiting one passes it to what it awaits. */
        void cancel(int i, long now) {
            if (ends.containsKey(i)) {
                return;
            }
            if (awaiting[i] >= 0) {
                cancel(awaiting[i], now);
            } else {
                finish(i, now, Outcome.CANCELLED);
            }
        }
    }
}
