package dev.weft;

/**
 * The JMX view of one {@link EventLoop}, for jconsole, VisualVM or any JMX client: registered as
 * {@code dev.weft:type=EventLoop,name=EventLoop-N} by Weft's watchdog thread shortly after the loop's
 * first run, and removed when it closes. Counts are read from outside the loop while it runs: each is
 * current within a step, not a consistent snapshot with the others.
 *
 * <p>Only the platform MBean server is used: Weft opens no port. A JMX client on the same machine
 * reaches it as it reaches any local JVM (the Attach API and the JDK's local management agent, as
 * jconsole and jcmd do), as the same user.
 *
 * {@snippet :
 * MBeanServer server = ManagementFactory.getPlatformMBeanServer();
 * EventLoopMXBean loop = JMX.newMXBeanProxy(server,
 *         new ObjectName("dev.weft:type=EventLoop,name=EventLoop-1"), EventLoopMXBean.class);
 * System.out.println(loop.getTaskCount() + " tasks, " + loop.getBlockedLoopWarnings() + " stalls");
 * }
 *
 * @see LoopsMXBean
 */
public interface EventLoopMXBean {
    /**
     * The loop's name, as {@link EventLoop#name()}.
     *
     * @return the name
     */
    String getName();

    /**
     * {@code running}, {@code idle} or {@code closed}.
     *
     * @return the state
     */
    String getState();

    /**
     * The name of the thread running the loop, or the empty string when it does not run.
     *
     * @return the thread's name or ""
     */
    String getThread();

    /**
     * The number of unfinished tasks.
     *
     * @return the count
     */
    int getTaskCount();

    /**
     * The number of callbacks and task steps ready to run.
     *
     * @return the count
     */
    int getReadyCount();

    /**
     * The number of scheduled timers (sleeps, {@code callLater}, timeouts).
     *
     * @return the count
     */
    int getTimerCount();

    /**
     * The number of loop iterations since the loop was made.
     *
     * @return the count
     */
    long getIterations();

    /**
     * The number of callbacks and task steps debug mode reported as slower than
     * {@link EventLoop#slowCallbackDuration()} (always 0 unless debug mode is on).
     *
     * @return the count
     */
    long getSlowSteps();

    /**
     * The number of blocked-loop warnings logged for this loop (see
     * {@link EventLoop#setBlockedLoopThreshold}).
     *
     * @return the count
     */
    long getBlockedLoopWarnings();

    /**
     * The blocked-loop threshold in milliseconds; 0 when the warning is off.
     *
     * @return the threshold in ms
     */
    long getBlockedLoopThresholdMillis();

    /**
     * Sets the blocked-loop threshold, as {@link EventLoop#setBlockedLoopThreshold}.
     *
     * @param millis the threshold in ms, 0 for off
     * @throws IllegalArgumentException if {@code millis} is negative
     */
    void setBlockedLoopThresholdMillis(long millis);

    /**
     * Whether debug mode is on.
     *
     * @return true in debug mode
     */
    boolean isDebug();

    /**
     * The loop's tasks as {@code ./weft ps} prints them: for each its name, state and wait reason,
     * what it awaits and its suspended stack, then the awaited-by tree. Taken on the loop's thread
     * between two steps; a loop stuck in one step for more than half a second is read from outside
     * instead, and the report says so and shows where it is stuck.
     *
     * @return the report
     */
    String dumpTasks();
}
