package dev.weft;

import java.util.List;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * A JFR event carrying one loop's task report, as {@link LoopsMXBean#dumpTasks()} prints it: what
 * {@code ./weft ps PID} reads. Off unless a recording enables it; then its periodic hook builds the
 * report of every live loop (the same {@link TaskReport#of} as the MXBean: ask the loop, else read from
 * outside after 500 ms and say BUSY) and commits it, in parts of at most {@link #PART} characters.
 */
@Name(TaskDumpEvent.NAME)
@Label("Task Dump")
@Category("Weft")
@Description("One event loop's tasks (states, wait reasons, suspended stacks, awaited-by tree), as ./weft ps "
        + "prints them; an empty loop name means no loop lives")
@Enabled(false)
@Period("endChunk")
@StackTrace(false)
final class TaskDumpEvent extends Event {
    /* Overview:
     * Registered with FlightRecorder.addPeriodicEvent by the watchdog thread when it starts (the first
     * loop's run), so a JVM that runs no loop has no hook. JFR calls the hook only while a recording
     * enables the event, at the period that recording asks for (./weft ps: endChunk, once, when it stops
     * its short recording); otherwise the hook costs nothing. A report is split in parts because one
     * event must fit JFR's buffers; the reader joins the parts of a loop by `part` in order.
     */

    /** The event's JFR name: {@value}. */
    static final String NAME = "dev.weft.TaskDump";
    /** The most characters of a report one event carries. */
    static final int PART = 32 * 1024;

    @Label("Event Loop")
    @Description("The loop's name, such as EventLoop-1; empty when no loop lives")
    String loop;

    @Label("Part")
    @Description("This part's number, from 0")
    int part;

    @Label("Parts")
    @Description("How many parts the loop's report has")
    int parts;

    @Label("Report")
    String text;

    private static boolean registered; // guarded by TaskDumpEvent.class

    /** Adds the hook once; on the watchdog thread. A runtime without JFR just has no ./weft ps. */
    static synchronized void register() {
        if (!registered) {
            registered = true;
            try {
                FlightRecorder.addPeriodicEvent(TaskDumpEvent.class, TaskDumpEvent::emitAll);
            } catch (LinkageError | RuntimeException e) {
                System.getLogger("dev.weft").log(System.Logger.Level.DEBUG,
                        "the JFR task dump (./weft ps) is off: the hook could not be added", e);
            }
        }
    }

    private static void emitAll() {
        List<EventLoop> loops = Watchdog.loops();
        if (loops.isEmpty()) {
            emit("", "no live event loop\n");
        }
        for (EventLoop l : loops) {
            emit(l.name(), TaskReport.of(l));
        }
    }

    private static void emit(String loop, String report) {
        int parts = Math.max(1, (report.length() + PART - 1) / PART);
        for (int i = 0; i < parts; i++) {
            TaskDumpEvent e = new TaskDumpEvent();
            e.loop = loop;
            e.part = i;
            e.parts = parts;
            e.text = report.substring(i * PART, Math.min(report.length(), (i + 1) * PART));
            e.commit();
        }
    }
}
