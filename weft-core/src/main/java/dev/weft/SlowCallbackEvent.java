package dev.weft;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** A JFR event for a callback or task step that blocked the loop (debug mode). */
@Name("dev.weft.SlowCallback")
@Label("Slow Callback")
@Category("Weft")
@Description("A callback or task step ran longer than the loop's slow-callback threshold, blocking the loop")
final class SlowCallbackEvent extends Event {
    @Label("What ran")
    String what;

    @Label("Duration")
    @Timespan
    long took;

    static void emit(String what, long tookNanos) {
        SlowCallbackEvent e = new SlowCallbackEvent();
        if (e.isEnabled()) {
            e.what = what;
            e.took = tookNanos;
            e.commit();
        }
    }
}
