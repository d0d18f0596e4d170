package dev.weft;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A JFR event for a task still pending when its loop was closed ("Task was destroyed but it is pending!"). */
@Name("dev.weft.PendingTaskDestroyed")
@Label("Pending Task Destroyed")
@Category("Weft")
@Description("A task was still pending when its event loop was closed")
final class PendingTaskDestroyedEvent extends Event {
    @Label("Task")
    String task;

    static void emit(String task) {
        PendingTaskDestroyedEvent e = new PendingTaskDestroyedEvent();
        if (e.isEnabled()) {
            e.task = task;
            e.commit();
        }
    }
}
