package dev.weft.examples.ps;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import sun.tools.attach.HotSpotVirtualMachine;

/**
 * {@code ./weft ps PID [LOOP]}: prints the event loops of a running JVM, with each task's name, state
 * and wait reason, what it awaits, its suspended stack, and the awaited-by tree. As asyncio 3.14's
 * {@code python -m asyncio ps PID} and {@code pstree PID}.
 *
 * <p>How, without a port: over the Attach API's own channel (a Unix domain socket in the temp folder,
 * which the target accepts from the same user only: the channel {@code jcmd} uses) this client runs two
 * diagnostic commands in the target, {@code JFR.start} of a short in-memory recording with nothing in
 * it but Weft's {@code dev.weft.TaskDump} event ({@code settings=none disk=false}), then {@code JFR.stop}
 * with a file in a private folder (0700) of this client's. Stopping the recording runs the event's hook
 * in the target, which commits each live loop's report, the same text as
 * {@link dev.weft.LoopsMXBean#dumpTasks()}; this client reads it back with
 * {@link RecordingFile}, prints it and deletes the file. Nothing listens on a TCP port, in the target
 * or here, and nothing stays running in the target: the recording is stopped and closed. What stays is
 * what any {@code jcmd} leaves: the JVM's Attach Listener thread, and after the first look JFR's two
 * idle threads. The first look at a JVM costs it about a second (attach and JFR start up); later ones
 * tens of milliseconds. A program that must not be looked at runs with
 * {@code -XX:+DisableAttachMechanism}, and then {@code ./weft ps} cannot reach it. Lives here, not in
 * weft-core, so that the library needs no {@code jdk.attach}; it calls the JDK's
 * {@code HotSpotVirtualMachine.executeJCmd}, which is what {@code jcmd} does, hence the
 * {@code --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED} with which {@code ./weft ps} runs it.
 *
 * <p>Exit status: 0 when printed; 1 when there is nothing to print (no such process, not a JVM one
 * may attach to, a JVM without a Weft loop, no loop of that name); 2 for a usage error.
 */
public final class WeftPs {
    private static final String EVENT = "dev.weft.TaskDump";

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
        Path dir = null;
        try {
            // A private folder (0700) for the recording the target writes: the same user, as the attach socket.
            dir = Files.createTempDirectory("weft-ps-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path file = dir.resolve("tasks.jfr");
            String recording = "weft-ps-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            String started = jcmd(vm, "JFR.start name=" + recording + " settings=none disk=false duration=60s"
                    + " +" + EVENT + "#enabled=true +" + EVENT + "#period=endChunk");
            if (!started.contains("Started recording")) {
                err.println("weft ps: pid " + pid + ": could not start a JFR recording there: "
                        + started.strip().replace('\n', ' '));
                return 1;
            }
            String stopped;
            try {
                stopped = jcmd(vm, "JFR.stop name=" + recording + " filename=" + file);
            } catch (IOException | RuntimeException e) {
                jcmdQuietly(vm, "JFR.stop name=" + recording); // never leave it running
                throw e;
            }
            if (!Files.isRegularFile(file)) {
                err.println("weft ps: pid " + pid + ": the JFR recording was not written: "
                        + stopped.strip().replace('\n', ' '));
                return 1;
            }
            Map<String, StringBuilder> reports = new LinkedHashMap<>(); // by loop name, in the target's order
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (e.getEventType().getName().equals(EVENT)) {
                    reports.computeIfAbsent(e.getString("loop"), k -> new StringBuilder()).append(e.getString("text"));
                }
            }
            if (reports.isEmpty()) {
                err.println("weft ps: the JVM with pid " + pid + " runs no Weft event loop (Weft is not "
                        + "loaded there, or no loop has run yet)");
                return 1;
            }
            String report;
            if (args.length == 2) {
                StringBuilder one = reports.get(args[1]);
                if (one == null || args[1].isEmpty()) {
                    List<String> names = new ArrayList<>(reports.keySet());
                    names.remove("");
                    err.println("weft ps: pid " + pid + ": no live event loop named '" + args[1] + "'"
                            + (names.isEmpty() ? "; none runs" : "; the live ones: " + String.join(", ", names)));
                    return 1;
                }
                report = one.toString();
            } else if (reports.containsKey("")) {
                report = reports.get("").toString();
            } else {
                StringBuilder all = new StringBuilder();
                reports.values().forEach(r -> all.append(r).append('\n'));
                report = all.toString();
            }
            out.print("pid " + pid + "\n" + report);
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("weft ps: pid " + pid + ": " + e);
            return 1;
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // detached anyway: the process may have ended meanwhile
            }
            deleteQuietly(dir);
        }
    }

    /** Runs a diagnostic command in the target over the attach socket, as jcmd does; returns its output. */
    private static String jcmd(VirtualMachine vm, String command) throws IOException {
        try (InputStream in = ((HotSpotVirtualMachine) vm).executeJCmd(command)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void jcmdQuietly(VirtualMachine vm, String command) {
        try {
            jcmd(vm, command);
        } catch (IOException | RuntimeException ignored) {
            // the target may have ended: then so has the recording
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder of our own: the system cleans it up at worst
        }
    }
}
