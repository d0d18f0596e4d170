package dev.weft.process;

import dev.weft.CancelledError;
import dev.weft.Future;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.EventLoop;
import dev.weft.net.StreamReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;

/**
 * A child process started by {@link #exec(String...)} or {@link #shell(String)}, with its piped
 * standard streams as a {@link StdinWriter} and two {@link StreamReader}s. As asyncio's
 * {@code create_subprocess_exec}, {@code create_subprocess_shell} and {@code Process}.
 *
 * {@snippet :
 * Subprocess p = Subprocess.exec("git", "log", "--oneline");
 * for (String line : p.stdout().lines()) {       // each line as it comes
 *     System.out.println(line);
 * }
 * int code = p.waitFor();
 *
 * SubprocessOutput r = Subprocess.shell("sort | uniq -c").communicate("b\na\nb\n".getBytes());
 * }
 *
 * <h2>How it works</h2>
 * {@link ProcessBuilder#start()} runs on a virtual thread (it may block briefly); each output pipe
 * is read by a virtual thread that hands chunks to the loop, held back while the reader holds more
 * than about twice its limit; stdin is written by a virtual thread; the exit ({@link
 * java.lang.Process#onExit()}) is handed to the loop. The loop thread never blocks.
 *
 * <h2>Deadlocks</h2>
 * As in asyncio, {@link #waitFor()} alone does not read the pipes: a child that writes more than a
 * pipe and the reader's buffer hold waits for a reader forever. Use {@link #communicate(byte[])}, or
 * read {@link #stdout()}/{@link #stderr()} before (or while) waiting.
 *
 * <h2>Cancellation</h2>
 * Cancelling a task in {@link #waitFor()} or {@link #communicate(byte[])} cancels only the waiting,
 * as asyncio does: the child goes on running (call {@link #kill()} in a {@code finally} or a
 * {@code catch (CancelledError e)} if it must not). A task cancelled while {@code exec}/{@code shell}
 * waits for the start, though, kills the child as soon as it has started: nobody could reach it.
 *
 * <h2>Exit codes</h2>
 * {@link #returnCode()} and {@link #waitFor()} give {@link java.lang.Process#exitValue()}: on Unix,
 * 128 + N when signal N ended the child (143 after {@link #terminate()}, 137 after {@link #kill()};
 * any other signal with {@link #sendSignal(String)}),
 * where asyncio gives -N; Java does not tell the two cases apart.
 *
 * <p>Every method must be called on the loop's thread; the suspending ones from a task.
 */
public final class Subprocess {
    private final EventLoop loop;
    private final java.lang.Process process;
    private final String what;
    private final StdinWriter stdin;
    private final StreamReader stdout;
    private final StreamReader stderr;
    private final List<Future<Integer>> waiters = new ArrayList<>();
    private final List<OutputPump> pumps = new ArrayList<>(2);
    private Integer returnCode;

    private Subprocess(EventLoop loop, java.lang.Process process, List<String> command, SubprocessOptions o) {
        this.loop = loop;
        this.process = process;
        this.what = "process " + process.pid() + " (" + command.get(0) + ")";
        this.stdin = o.stdin() == Stdio.PIPE ? new StdinWriter(loop, process.getOutputStream(), what) : null;
        this.stdout = o.stdout() == Stdio.PIPE ? pump(process.getInputStream(), "stdout", o.limit()) : null;
        this.stderr = o.stderr() == Stdio.PIPE && !o.isStderrMerged()
                ? pump(process.getErrorStream(), "stderr", o.limit())
                : null;
        process.onExit().whenComplete((p, e) -> {
            try {
                loop.callSoonThreadsafe(this::exited);
            } catch (IllegalStateException closed) {
                // The loop closed before the child exited: nobody will read or write its pipes, so
                // release them here (a pump held back by an unread reader would otherwise keep its pipe).
                for (OutputPump pump : pumps) {
                    pump.abandon();
                }
                closeStreams(process);
            }
        });
    }

    private StreamReader pump(java.io.InputStream in, String name, int limit) {
        StreamReader r = new StreamReader(loop, limit);
        OutputPump pump = new OutputPump(loop, r, in, process.pid() + "-" + name);
        pumps.add(pump);
        pump.start();
        return r;
    }

    // ---- starting ----

    /**
     * Starts {@code args[0]} with the other arguments, piping all three standard streams. As
     * {@code asyncio.create_subprocess_exec(*args, stdin=PIPE, stdout=PIPE, stderr=PIPE)}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param args the program and its arguments
     * @return the started child
     * @throws IOException if the program cannot be started (say it does not exist); the message names it
     * @throws IllegalStateException if called outside a task
     */
    public static Subprocess exec(String... args) throws IOException {
        return exec(List.of(args), SubprocessOptions.defaults());
    }

    /**
     * Starts {@code args.get(0)} with the other arguments and {@code options}. As
     * {@code asyncio.create_subprocess_exec}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param args the program and its arguments, at least one
     * @param options directory, environment, standard streams, limit
     * @return the started child
     * @throws IOException if the program cannot be started (say it does not exist); the message names it
     * @throws IllegalStateException if called outside a task
     * @throws IllegalArgumentException if {@code args} is empty
     */
    public static Subprocess exec(List<String> args, SubprocessOptions options) throws IOException {
        EventLoop loop = requireTask("Subprocess.exec()", null);
        List<String> command = List.copyOf(args);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no program given: args is empty");
        }
        Objects.requireNonNull(options, "options");
        ProcessBuilder pb = new ProcessBuilder(command);
        if (options.directory() != null) {
            pb.directory(options.directory().toFile());
        }
        java.util.Map<String, String> env = pb.environment();
        if (!options.inheritsEnv()) {
            env.clear();
        }
        env.keySet().removeAll(options.removedEnv());
        env.putAll(options.env());
        checkFiles(options);
        pb.redirectInput(switch (options.stdin()) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case DISCARD -> ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null"));
            case FILE -> ProcessBuilder.Redirect.from(options.stdinFile().toFile());
        });
        pb.redirectOutput(output(options.stdout(), options.stdoutFile(), options.appendsStdout()));
        if (options.isStderrMerged()) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(output(options.stderr(), options.stderrFile(), options.appendsStderr()));
        }
        java.lang.Process p = start(loop, pb, command);
        return new Subprocess(loop, p, command, options);
    }

    /**
     * Runs {@code command} through the shell ({@code /bin/sh -c}, or {@code cmd /c} on Windows),
     * piping all three standard streams. As {@code asyncio.create_subprocess_shell}. The caller must
     * quote whatever comes from outside.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param command the shell command line
     * @return the started shell
     * @throws IOException if the shell cannot be started
     * @throws IllegalStateException if called outside a task
     */
    public static Subprocess shell(String command) throws IOException {
        return shell(command, SubprocessOptions.defaults());
    }

    /**
     * Runs {@code command} through the shell with {@code options}. As
     * {@code asyncio.create_subprocess_shell}.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param command the shell command line
     * @param options directory, environment, standard streams, limit
     * @return the started shell
     * @throws IOException if the shell cannot be started
     * @throws IllegalStateException if called outside a task
     */
    public static Subprocess shell(String command, SubprocessOptions options) throws IOException {
        Objects.requireNonNull(command, "command");
        return exec(isWindows() ? List.of("cmd", "/c", command) : List.of("/bin/sh", "-c", command), options);
    }

    private static ProcessBuilder.Redirect output(Stdio mode, java.nio.file.Path file, boolean append) {
        return switch (mode) {
            case PIPE -> ProcessBuilder.Redirect.PIPE;
            case INHERIT -> ProcessBuilder.Redirect.INHERIT;
            case DISCARD -> ProcessBuilder.Redirect.DISCARD;
            case FILE -> append ? ProcessBuilder.Redirect.appendTo(file.toFile()) : ProcessBuilder.Redirect.to(file.toFile());
        };
    }

    /**
     * A missing redirect file is named before anything starts: ProcessBuilder would report it as
     * "cannot start <program>", which points at the wrong thing. (Checked again by the start itself:
     * a file removed in between still fails, only with the JDK's message.)
     */
    private static void checkFiles(SubprocessOptions o) throws java.nio.file.NoSuchFileException {
        if (o.stdinFile() != null && !java.nio.file.Files.exists(o.stdinFile())) {
            throw new java.nio.file.NoSuchFileException(o.stdinFile().toString(), null,
                    "the child's standard input (SubprocessOptions.stdinFrom) does not exist");
        }
        for (java.nio.file.Path out : new java.nio.file.Path[] {o.stdoutFile(), o.isStderrMerged() ? null : o.stderrFile()}) {
            if (out == null) {
                continue;
            }
            java.nio.file.Path dir = out.toAbsolutePath().getParent();
            if (dir != null && !java.nio.file.Files.isDirectory(dir)) {
                throw new java.nio.file.NoSuchFileException(out.toString(), null,
                        "the directory for the child's output file does not exist: " + dir);
            }
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }

    /** ProcessBuilder.start on a virtual thread; a child whose starter was cancelled is killed. */
    private static java.lang.Process start(EventLoop loop, ProcessBuilder pb, List<String> command)
            throws IOException {
        Future<Object> started = loop.createFuture(); // the Process, or the Throwable start threw
        Thread.ofVirtual().name("weft-exec").start(() -> {
            Object outcome;
            try {
                outcome = pb.start();
            } catch (Throwable e) {
                outcome = e;
            }
            Object o = outcome;
            try {
                loop.callSoonThreadsafe(() -> {
                    if (started.isDone()) {
                        orphan(o); // the awaiting task was cancelled
                    } else {
                        started.setResult(o);
                    }
                });
            } catch (IllegalStateException closed) {
                orphan(o);
            }
        });
        Object o = started.await();
        if (o instanceof java.lang.Process p) {
            return p;
        }
        if (o instanceof IOException e) {
            throw new IOException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        if (o instanceof RuntimeException e) {
            throw e;
        }
        throw (Error) o;
    }

    private static void orphan(Object o) {
        if (o instanceof java.lang.Process p) {
            p.destroyForcibly();
            closeStreams(p);
        }
    }

    private static void closeStreams(java.lang.Process p) {
        for (java.io.Closeable c : new java.io.Closeable[] {p.getOutputStream(), p.getInputStream(), p.getErrorStream()}) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    static EventLoop requireTask(String what, EventLoop owner) {
        EventLoop loop = EventLoop.runningOrNull();
        if (loop == null) {
            throw new IllegalStateException(what + " must be called from inside a task, and no event loop runs "
                    + "on thread '" + Thread.currentThread().getName() + "': start one with Weft.run(...)");
        }
        if (loop.currentTask() == null) {
            throw new IllegalStateException(what + " must be called from inside a task, not from a plain callback "
                    + "of " + loop + ": spawn a task with Weft.spawn(...) for it");
        }
        if (owner != null && loop != owner) {
            throw new IllegalStateException(what + ": this object belongs to " + owner + ", but the calling task "
                    + "runs on " + loop);
        }
        return loop;
    }

    // ---- the child ----

    private void exited() {
        if (returnCode != null) {
            return;
        }
        returnCode = process.exitValue();
        if (stdin != null) {
            stdin.processExited();
        }
        for (Future<Integer> w : List.copyOf(waiters)) {
            if (!w.isDone()) {
                w.setResult(returnCode);
            }
        }
    }

    /**
     * The child's process id.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * The exit code, or null while the child runs (or its exit has not reached the loop yet). As
     * asyncio's {@code returncode}.
     *
     * @return the exit code or null
     */
    public Integer returnCode() {
        return returnCode;
    }

    /**
     * The child's standard input. As asyncio's {@code Process.stdin}.
     *
     * @return the writer
     * @throws IllegalStateException if standard input is not piped
     */
    public StdinWriter stdin() {
        if (stdin == null) {
            throw new IllegalStateException("stdin of " + what + " is not piped (see SubprocessOptions.stdin)");
        }
        return stdin;
    }

    /**
     * The child's standard output (with its standard error if merged). As asyncio's {@code Process.stdout}.
     *
     * @return the reader
     * @throws IllegalStateException if standard output is not piped
     */
    public StreamReader stdout() {
        if (stdout == null) {
            throw new IllegalStateException("stdout of " + what + " is not piped (see SubprocessOptions.stdout)");
        }
        return stdout;
    }

    /**
     * The child's standard error. As asyncio's {@code Process.stderr}.
     *
     * @return the reader
     * @throws IllegalStateException if standard error is not piped, or merged into standard output
     */
    public StreamReader stderr() {
        if (stderr == null) {
            throw new IllegalStateException("stderr of " + what
                    + " is not piped, or merged into stdout (see SubprocessOptions.stderr)");
        }
        return stderr;
    }

    /**
     * Waits for the child to exit and returns its exit code. As asyncio's {@code Process.wait()}.
     * Does not read the pipes (see the class comment on deadlocks). Cancelling the waiting task does
     * not stop the child.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @return the exit code
     * @throws IllegalStateException if called outside a task of the child's loop
     */
    public int waitFor() {
        requireTask("Subprocess.waitFor()", loop);
        if (returnCode != null) {
            return returnCode;
        }
        Future<Integer> w = loop.createFuture();
        waiters.add(w);
        try {
            return w.await();
        } finally {
            waiters.remove(w);
        }
    }

    /**
     * Writes {@code input} to standard input and closes it, reads standard output and standard error
     * to their ends (both at once, so a child filling both pipes cannot deadlock), waits for the
     * exit, and returns it all. As asyncio's {@code Process.communicate(input)}. Standard input is
     * closed even without input; a child that exits without reading all of {@code input} is not an
     * error (as asyncio). The output is held in memory: for large or endless output, read the
     * streams instead. Cancelling the waiting task does not stop the child.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param input the bytes to send, or null for none
     * @return the output (null for a stream that is not piped) and the exit code
     * @throws IOException if reading a pipe failed
     * @throws IllegalStateException if called outside a task of the child's loop, if {@code input} is
     *     given but standard input is not piped, or if another task reads the output streams
     */
    public SubprocessOutput communicate(byte[] input) throws IOException {
        requireTask("Subprocess.communicate()", loop);
        if (input != null && stdin == null) {
            throw new IllegalStateException("input given, but stdin of " + what + " is not piped");
        }
        Task<byte[]> out = stdout == null ? null : Weft.spawn("communicate-stdout", () -> stdout.read());
        Task<byte[]> err = stderr == null ? null : Weft.spawn("communicate-stderr", () -> stderr.read());
        try {
            if (stdin != null && !stdin.isClosing()) {
                if (input != null) {
                    stdin.write(input);
                    try {
                        stdin.drain();
                    } catch (BrokenPipeException ignored) {
                        // the child did not want it all: as asyncio, not an error
                    }
                }
                stdin.close();
            }
            byte[] o = collect(out);
            byte[] e = collect(err);
            return new SubprocessOutput(o, e, waitFor());
        } finally {
            if (out != null && !out.isDone()) {
                out.cancel();
            }
            if (err != null && !err.isDone()) {
                err.cancel();
            }
        }
    }

    /**
     * As {@link #communicate(byte[])} with {@code input} encoded as UTF-8.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @param input the text to send
     * @return the output and the exit code
     * @throws IOException if reading a pipe failed
     */
    public SubprocessOutput communicate(String input) throws IOException {
        return communicate(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * As {@link #communicate(byte[])} with no input.
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError.
     *
     * @return the output and the exit code
     * @throws IOException if reading a pipe failed
     */
    public SubprocessOutput communicate() throws IOException {
        return communicate((byte[]) null);
    }

    private static byte[] collect(Task<byte[]> t) throws IOException {
        if (t == null) {
            return null;
        }
        try {
            return t.await();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (CancelledError e) {
            throw e;
        }
    }

    /**
     * Asks the child to stop: SIGTERM on Unix ({@link ProcessHandle#destroy()}). Does nothing if
     * it already exited. Unlike {@link java.lang.Process#destroy()}, it leaves the pipes open: what
     * the child wrote before it stopped can still be read. As asyncio's {@code terminate()}. Never suspends: await {@link #waitFor()}.
     */
    public void terminate() {
        if (returnCode == null) {
            process.toHandle().destroy(); // not Process.destroy(): that also closes our ends of the pipes
        }
    }

    /**
     * Stops the child at once: SIGKILL on Unix ({@link ProcessHandle#destroyForcibly()}). Does
     * nothing if it already exited; leaves the pipes open, as {@link #terminate()}. As asyncio's {@code kill()}. Never suspends: await {@link #waitFor()}.
     */
    public void kill() {
        if (returnCode == null) {
            process.toHandle().destroyForcibly(); // keeps the pipes: output written so far stays readable
        }
    }

    /**
     * Sends {@code signal} to the child. As asyncio's {@code send_signal}, by name: {@code "HUP"},
     * {@code "SIGUSR1"}, {@code "int"}. TERM and KILL go through {@link ProcessHandle} (as
     * {@link #terminate()} and {@link #kill()}); the others through the system's {@code kill -s NAME pid}
     * command, run on a virtual thread, since the JDK can send no other signal.
     *
     * {@snippet :
     * Subprocess server = Subprocess.exec("nginx", "-g", "daemon off;");
     * server.sendSignal("HUP");                       // reload its configuration
     * }
     *
     * <p>This is a suspension point: other tasks may run, and it may throw CancelledError. It returns
     * once the signal is sent (not once the child has acted on it).
     *
     * <h4>Differences from asyncio</h4>
     * asyncio's {@code send_signal} takes a number and never suspends. Here a signal other than TERM and
     * KILL costs starting a small process (a few milliseconds), so the call suspends the task meanwhile.
     * Signal numbers differ between platforms, so names are used. On Windows only TERM and KILL exist.
     *
     * @param signal the signal's name, with or without "SIG", in any case
     * @throws IllegalArgumentException if {@code signal} is not a signal of this platform (the message
     *     lists some)
     * @throws IllegalStateException if the child has exited (no signal is sent: its pid may already
     *     belong to another process), or if called outside a task of the child's loop
     * @throws UnsupportedOperationException for a signal other than TERM and KILL on Windows
     * @throws IOException if the {@code kill} command could not be run or refused (its message is included)
     */
    public void sendSignal(String signal) throws IOException {
        requireTask("Subprocess.sendSignal()", loop);
        String name = dev.weft.internal.Signals.canonical(signal);
        if (returnCode != null || !process.isAlive()) {
            throw new IllegalStateException("cannot send SIG" + name + " to " + what + ": it has exited"
                    + (returnCode != null ? " (code " + returnCode + ")" : ""));
        }
        switch (name) {
            case "TERM" -> process.toHandle().destroy();
            case "KILL" -> process.toHandle().destroyForcibly();
            default -> {
                if (isWindows()) {
                    throw new UnsupportedOperationException("SIG" + name + ": on Windows only TERM and KILL can be sent");
                }
                String pid = Long.toString(process.pid());
                String[] result = Weft.toThread(() -> {
                    Process kill = new ProcessBuilder("kill", "-s", name, pid).redirectErrorStream(true).start();
                    kill.getOutputStream().close();
                    String out = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    return new String[] {Integer.toString(kill.waitFor()), out.strip()};
                });
                if (!result[0].equals("0")) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("cannot send SIG" + name + " to " + what + ": it has exited");
                    }
                    throw new IOException("kill -s " + name + " " + pid + " failed (status " + result[0] + "): " + result[1]);
                }
            }
        }
    }

    /**
     * The underlying {@link ProcessHandle}: process info, descendants.
     *
     * @return the handle
     */
    public ProcessHandle toHandle() {
        return process.toHandle();
    }

    @Override
    public String toString() {
        return "Subprocess[" + what + (returnCode == null ? ", running" : ", exited " + returnCode) + "]";
    }
}
