package dev.weft;

/**
 * The JMX view of every {@link EventLoop} of the JVM, registered as {@code dev.weft:type=Loops} when
 * the first loop runs: what an application calls to print its own tasks, and what a JMX client
 * (jconsole, VisualVM) that one chooses to connect sees. {@code ./weft ps PID} prints the same report
 * from outside the process without JMX and without a port: it reads the JFR event
 * {@code dev.weft.TaskDump} over the Attach API's socket (the same user on the same machine).
 * As asyncio 3.14's {@code python -m asyncio ps PID} and {@code pstree PID}.
 *
 * {@snippet :
 * LoopsMXBean loops = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
 *         new ObjectName(LoopsMXBean.OBJECT_NAME), LoopsMXBean.class);
 * System.err.print(loops.dumpTasks());   // every loop: tasks, states, stacks, awaited-by tree
 * }
 *
 * <h2>Pitfalls</h2>
 * The bean appears shortly after the first loop runs (Weft's watchdog thread registers it, so that a
 * loop never waits for the MBean server to start), and {@code -Dweft.jmx=false} leaves it out.
 *
 * @see EventLoopMXBean
 */
public interface LoopsMXBean {
    /** The bean's JMX name: {@value}. */
    String OBJECT_NAME = "dev.weft:type=Loops";

    /**
     * The names of the loops that have run and are not closed, oldest first.
     *
     * @return the names
     */
    String[] getLoopNames();

    /**
     * Every live loop's report, as {@link EventLoopMXBean#dumpTasks()}, one after the other.
     *
     * @return the reports
     */
    String dumpTasks();

    /**
     * One loop's report, as {@link EventLoopMXBean#dumpTasks()}.
     *
     * @param loopName the loop's name, such as {@code EventLoop-1}
     * @return the report
     * @throws IllegalArgumentException if no live loop has that name (the message lists those that do)
     */
    String dumpLoop(String loopName);
}
