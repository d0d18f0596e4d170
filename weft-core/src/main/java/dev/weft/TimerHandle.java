package dev.weft;

/**
 * A callback scheduled for a time by {@link EventLoop#callLater} or {@link EventLoop#callAt}. As
 * asyncio's {@code TimerHandle}: cancelling it removes it from the loop's timer queue at once.
 *
 * {@snippet :
 * EventLoop loop = Weft.loop();
 * TimerHandle reminder = loop.callLater(Duration.ofSeconds(30), () -> System.out.println("still there?"));
 * double due = reminder.when();                 // loop.time() + 30, in seconds
 * String answer = readAnswer();                 // may suspend
 * reminder.cancel();                            // answered in time: the callback never runs
 * }
 *
 * <p>Not thread-safe: cancel it on its loop's thread.
 */
public final class TimerHandle extends Handle {
    final EventLoop loop;
    final long deadline; // loop clock nanoseconds
    int heapIndex = -1; // position in the loop's TimerQueue; -1 when not queued

    TimerHandle(EventLoop loop, long deadline, Runnable callback) {
        super(callback);
        this.loop = loop;
        this.deadline = deadline;
    }

    /**
     * When the callback is due, in the loop's {@link EventLoop#time()} seconds.
     *
     * @return the deadline in seconds
     */
    public double when() {
        return deadline / 1e9;
    }

    /**
     * The deadline in the loop's clock nanoseconds.
     *
     * @return the deadline
     */
    public long deadlineNanos() {
        return deadline;
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            loop.timerCancelled(this);
        }
    }

    @Override
    public String toString() {
        return "TimerHandle[when=" + when() + (cancelled ? " cancelled " : " ") + callback + "]";
    }
}
