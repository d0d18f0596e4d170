package dev.weft.examples.ps;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.weft.loop.LoopsMXBean;
import java.io.IOException;
import java.io.PrintStream;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code ./weft ps PID [LOOP]}: prints the event loops of a running JVM, with each task's name, state
 * and wait reason, what it awaits, its suspended stack, and the awaited-by tree. As asyncio 3.14's
 * {@code python -m asyncio ps PID} and {@code pstree PID}.
 *
 * <p>How: the Attach API (a Unix socket the JVM checks is the same user's, as {@code jcmd} uses) asks the
 * target to start the JDK's local JMX agent, the one jconsole starts when it attaches to a local JVM,
 * and this client calls {@link LoopsMXBean} through it. Weft opens no port of its own. That JDK agent
 * does listen on an ephemeral TCP port that accepts connections from this machine only, and stays on
 * until the target exits (as after jconsole); a program that must not have it runs with
 * {@code -XX:+DisableAttachMechanism}, and then {@code ./weft ps} cannot reach it. Lives here, not in
 * weft-core, so that the library needs no {@code jdk.attach}.
 *
 * <p>Exit status: 0 when printed; 1 when there is nothing to print (no such process, not a JVM one
 * may attach to, a JVM without a Weft loop, no loop of that name); 2 for a usage error.
 */
public final class WeftPs {
    private WeftPs() {}

    /**
     * Prints the report of the JVM {@code args[0]} (one loop if {@code args[1]} names it) and exits with
     * the status above.
     *
     * @param args PID [LOOP]
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Does the work of {@link #main}; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            err.println("usage: ./weft ps PID [LOOP]   (the JVM's process id, as jps lists them; LOOP: one loop, "
                    + "such as EventLoop-1)");
            return 2;
        }
        long pid;
        try {
            pid = Long.parseLong(args[0]);
        } catch (NumberFormatException e) {
            err.println("weft ps: '" + args[0] + "' is not a process id (expected a number, as jps lists them)");
            return 2;
        }
        if (pid == ProcessHandle.current().pid()) {
            err.println("weft ps: " + pid + " is this tool's own process");
            return 1;
        }
        if (ProcessHandle.of(pid).isEmpty()) {
            err.println("weft ps: no process with pid " + pid);
            return 1;
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException | IOException | SecurityException e) {
            boolean alive = ProcessHandle.of(pid).isPresent();
            err.println(alive
                    ? "weft ps: cannot attach to process " + pid + " (" + e.getMessage() + "): is it a JVM (17 or "
                            + "newer) of the same user, started without -XX:+DisableAttachMechanism?"
                    : "weft ps: no process with pid " + pid + " (it ended)");
            return 1;
        }
        try {
            String address = vm.startLocalManagementAgent();
            try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection server = c.getMBeanServerConnection();
                ObjectName name = new ObjectName(LoopsMXBean.OBJECT_NAME);
                if (!server.isRegistered(name)) {
                    err.println("weft ps: the JVM with pid " + pid + " runs no Weft event loop (Weft is not "
                            + "loaded there, no loop has run yet, or it runs with -Dweft.jmx=false)");
                    return 1;
                }
                LoopsMXBean loops = JMX.newMXBeanProxy(server, name, LoopsMXBean.class);
                String report;
                try {
                    report = args.length == 2 ? loops.dumpLoop(args[1]) : loops.dumpTasks();
                } catch (IllegalArgumentException noSuchLoop) {
                    err.println("weft ps: pid " + pid + ": " + noSuchLoop.getMessage());
                    return 1;
                }
                out.print("pid " + pid + "\n" + report);
                out.flush();
                return 0;
            }
        } catch (IOException | javax.management.JMException | RuntimeException e) {
            err.println("weft ps: pid " + pid + ": " + e);
            return 1;
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // detached anyway: the process may have ended meanwhile
            }
        }
    }
}
