package dev.weft;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A JFR event for a loop stuck in one callback or task step beyond its blocked-loop threshold. */
@Name("dev.weft.BlockedLoop")
@Label("Blocked Loop")
@Category("Weft")
@Description("An event loop has been stuck in one callback or task step longer than its blocked-loop threshold")
@StackTrace(false) // the watchdog thread's own stack; the stuck thread's is in `stack`
final class BlockedLoopEvent extends Event {
    @Label("Event Loop")
    String loop;

    @Label("Task")
    @Description("The task whose step blocks the loop, or null for a plain callback")
    String task;

    @Label("Blocked For")
    @Timespan
    long blocked;

    @Label("Threshold")
    @Timespan
    long threshold;

    @Label("Stack")
    @Description("The stuck thread's stack when the stall was seen, innermost first")
    String stack;

    static void emit(String loop, String task, long blockedNanos, long thresholdNanos, StackTraceElement[] frames) {
        BlockedLoopEvent e = new BlockedLoopEvent();
        if (e.isEnabled()) {
            e.loop = loop;
            e.task = task;
            e.blocked = blockedNanos;
            e.threshold = thresholdNanos;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < frames.length && i < 64; i++) {
                sb.append(frames[i]).append('\n');
            }
            e.stack = sb.toString();
            e.commit();
        }
    }
}
