package dev.weft;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR events of a task's life: spawned, cancel requested, finished. No stack trace is taken, and
 * with no recording each costs one check of a flag the JIT folds (the event object is never
 * allocated: escape analysis). Spawn and finish are off unless a recording asks for them
 * ({@code +dev.weft.TaskSpawn#enabled=true}), as the JDK's own {@code jdk.VirtualThreadStart}/{@code End}
 * are: recorded, they cost microseconds per task (VisibilityBench, docs/design.md section 4). Cancel
 * requests are rare and on.
 */
final class TaskEvents {
    private TaskEvents() {}

    static void spawned(Task<?> t, Task<?> parent) {
        Spawn e = new Spawn();
        if (e.isEnabled()) {
            e.taskId = t.id();
            e.task = t.name();
            e.loop = t.loop.name();
            e.parent = parent == null ? null : parent.name();
            e.commit();
        }
    }

    static void cancelRequested(Task<?> t, String message) {
        Cancel e = new Cancel();
        if (e.isEnabled()) {
            e.taskId = t.id();
            e.task = t.name();
            e.loop = t.loop.name();
            e.message = message;
            e.commit();
        }
    }

    static void finished(Task<?> t) {
        Finish e = new Finish();
        if (e.isEnabled()) {
            e.taskId = t.id();
            e.task = t.name();
            e.loop = t.loop.name();
            Throwable x = t.peekException();
            e.outcome = t.isCancelled() ? "cancelled" : x != null ? "exception: " + x : "result";
            e.commit();
        }
    }

    @Name("dev.weft.TaskSpawn")
    @Label("Task Spawned")
    @Category("Weft")
    @Description("A task was created on an event loop")
    @StackTrace(false)
    @Enabled(false) // per task: opt in, as jdk.VirtualThreadStart
    static final class Spawn extends Event {
        @Label("Task Id")
        long taskId;

        @Label("Task")
        String task;

        @Label("Event Loop")
        String loop;

        @Label("Parent Task")
        @Description("The task that spawned it, or null from a plain callback or outside the loop")
        String parent;
    }

    @Name("dev.weft.TaskCancel")
    @Label("Task Cancel Requested")
    @Category("Weft")
    @Description("Task.cancel was called on an unfinished task")
    @StackTrace(false)
    static final class Cancel extends Event {
        @Label("Task Id")
        long taskId;

        @Label("Task")
        String task;

        @Label("Event Loop")
        String loop;

        @Label("Message")
        String message;
    }

    @Name("dev.weft.TaskFinish")
    @Label("Task Finished")
    @Category("Weft")
    @Description("A task's body returned, threw or was cancelled")
    @StackTrace(false)
    @Enabled(false) // per task: opt in, as jdk.VirtualThreadEnd
    static final class Finish extends Event {
        @Label("Task Id")
        long taskId;

        @Label("Task")
        String task;

        @Label("Event Loop")
        String loop;

        @Label("Outcome")
        @Description("result, cancelled, or exception: followed by the exception")
        String outcome;
    }
}
