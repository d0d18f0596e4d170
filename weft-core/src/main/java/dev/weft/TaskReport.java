package dev.weft;

import dev.weft.internal.Bridge;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The task report of {@code ./weft ps} and the JMX beans: each task with its state, wait reason, what
 * it awaits and its suspended stack, then the awaited-by tree (asyncio 3.14's {@code ps} and
 * {@code pstree} in one).
 */
final class TaskReport {
    /** How long a report waits for the loop to take it between two steps before reading from outside. */
    private static final long ON_LOOP_WAIT_MS = 500;
    private static final int MAX_FRAMES = 40;

    private TaskReport() {}

    /** The report of {@code loop}, taken on its own thread if it runs (see EventLoopMXBean#dumpTasks). */
    static String of(EventLoop loop) {
        if (!loop.isRunning() || loop.inLoopThread()) {
            return render(loop, true);
        }
        CompletableFuture<String> done = new CompletableFuture<>();
        AtomicBoolean wanted = new AtomicBoolean(true);
        try {
            loop.callSoonThreadsafe(() -> {
                if (wanted.get()) {
                    done.complete(render(loop, true));
                }
            });
        } catch (IllegalStateException closed) {
            return loop.name() + " [closed]\n";
        }
        try {
            return done.get(ON_LOOP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException busy) {
            wanted.set(false);
            return render(loop, false);
        } catch (ExecutionException e) {
            return loop.name() + ": the report failed: " + e.getCause() + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return loop.name() + ": the report was interrupted\n";
        }
    }

    /**
     * @param consistent on the loop's thread (or the loop is not running): the stacks of suspended
     *     tasks are read too. From outside a busy loop they are not (a continuation may not be
     *     walked while its loop could mount it), and the stuck thread's stack is shown instead.
     */
    private static String render(EventLoop loop, boolean consistent) {
        StringBuilder sb = new StringBuilder();
        Thread t = loop.runningThread();
        List<Task<?>> tasks;
        try {
            tasks = loop.isClosed() ? List.of() : Task.allOf(loop);
        } catch (RuntimeException racy) {
            tasks = List.of();
        }
        sb.append(loop.name()).append(" [")
                .append(loop.isClosed() ? "closed" : t != null ? "running on thread '" + t.getName() + "'" : "idle")
                .append("; tasks=").append(tasks.size())
                .append(", ready=").append(loop.readyCount())
                .append(", timers=").append(loop.timerCount())
                .append(", iterations=").append(loop.iterations())
                .append(", slow steps=").append(loop.slowSteps())
                .append(", blocked-loop warnings=").append(loop.watch.warnings)
                .append(loop.isDebug() ? ", debug" : "")
                .append("]\n");
        if (!consistent) {
            Task<?> cur = Task.currentOf(loop);
            Thread runs = t;
            if (cur != null && cur.runningThread() != null) {
                runs = cur.runningThread();
            }
            sb.append("  BUSY: the loop has not come back from one step for ").append(ON_LOOP_WAIT_MS)
                    .append(" ms (").append(cur != null ? "a step of " + cur : "a callback")
                    .append("); what follows was read from outside while it runs, without suspended stacks.\n");
            if (runs != null) {
                sb.append("  thread '").append(runs.getName()).append("' is at:\n");
                appendFrames(sb, runs.getStackTrace(), "      ");
            }
        }
        if (tasks.isEmpty()) {
            sb.append("  (no unfinished task)\n");
            return sb.toString();
        }
        Map<Task<?>, StackTraceElement[]> stacks = new IdentityHashMap<>();
        for (Task<?> task : tasks) {
            stacks.put(task, consistent ? task.suspendedStack() : new StackTraceElement[0]);
        }
        for (Task<?> task : tasks) {
            sb.append("  ").append(task);
            String awaits = awaits(task);
            if (awaits != null) {
                sb.append("  awaits ").append(awaits);
            }
            sb.append('\n');
            appendFrames(sb, stacks.get(task), "      ");
        }
        // The awaited-by tree: an awaiter above what it awaits; roots are the tasks no task awaits.
        Set<Task<?>> awaited = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Task<?> task : tasks) {
            if (task.waitingOn() instanceof Task<?> w) {
                awaited.add(w);
            }
        }
        sb.append("  awaited-by tree (an awaiter above what it awaits):\n");
        List<Task<?>> roots = new ArrayList<>();
        for (Task<?> task : tasks) {
            if (!awaited.contains(task)) {
                roots.add(task);
            }
        }
        if (roots.isEmpty()) { // every task awaits another: a cycle (a deadlock); start anywhere
            roots.add(tasks.get(0));
        }
        for (int i = 0; i < roots.size(); i++) {
            tree(sb, roots.get(i), "  ", i == roots.size() - 1, stacks, new HashSet<>());
        }
        return sb.toString();
    }

    private static void tree(StringBuilder sb, Task<?> task, String indent, boolean last,
            Map<Task<?>, StackTraceElement[]> stacks, Set<Task<?>> path) {
        sb.append(indent).append(last ? "└── " : "├── ").append("(T) ").append(task.name());
        String state = task.toString();
        int sp = state.indexOf(' ', "Task[".length() + task.name().length());
        if (sp > 0) {
            sb.append("  ").append(state, sp + 1, state.length() - 1);
        }
        StackTraceElement at = userFrame(stacks.get(task));
        if (at != null) {
            sb.append("  at ").append(at);
        }
        sb.append('\n');
        String below = indent + (last ? "    " : "│   ");
        Object w = task.waitingOn();
        if (w instanceof Task<?> child) {
            if (!path.add(task) || path.contains(child)) {
                sb.append(below).append("└── (T) ").append(child.name()).append("  (a cycle: awaited above)\n");
                return;
            }
            if (stacks.containsKey(child)) {
                tree(sb, child, below, true, stacks, path);
            } else {
                sb.append(below).append("└── (T) ").append(child.name()).append("  (").append(child).append(")\n");
            }
            path.remove(task);
        } else if (w instanceof Future<?> f) {
            sb.append(below).append("└── (F) ").append(f).append(f.loop() != task.loop() ? " of " + f.loop().name() : "")
                    .append('\n');
        }
    }

    private static String awaits(Task<?> task) {
        Object w = task.waitingOn();
        if (w instanceof Task<?> other) {
            return "task '" + other.name() + "'";
        }
        if (w instanceof Future<?> f) {
            return f.toString();
        }
        return null;
    }

    /** The innermost frame outside weft-core (Weft.sleep is not where the user's task waits), else the first. */
    private static StackTraceElement userFrame(StackTraceElement[] stack) {
        if (stack == null || stack.length == 0) {
            return null;
        }
        java.security.CodeSource ours = EventLoop.class.getProtectionDomain().getCodeSource();
        for (StackTraceElement e : stack) {
            try {
                Class<?> c = Class.forName(e.getClassName(), false, EventLoop.class.getClassLoader());
                java.security.CodeSource cs = c.getProtectionDomain().getCodeSource();
                if (ours == null || cs == null || !ours.getLocation().equals(cs.getLocation())) {
                    return e;
                }
            } catch (ClassNotFoundException | LinkageError | SecurityException notOurs) {
                return e;
            }
        }
        return stack[0];
    }

    private static void appendFrames(StringBuilder sb, StackTraceElement[] frames, String indent) {
        int end = frames.length; // the portable backend's thread under the body: not the user's
        while (end > 1 && (frames[end - 1].getClassName().startsWith("dev.weft.internal.")
                || frames[end - 1].getClassName().startsWith("java.lang.VirtualThread"))) {
            end--;
        }
        int n = Math.min(end, MAX_FRAMES);
        for (int i = 0; i < n; i++) {
            sb.append(indent).append("at ").append(frames[i]).append('\n');
        }
        if (end > n) {
            sb.append(indent).append("... ").append(end - n).append(" more\n");
        }
    }
}
