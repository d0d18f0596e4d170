package dev.weft.examples.process;

import dev.weft.Future;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.examples.Section;
import dev.weft.process.Subprocess;
import dev.weft.process.SubprocessOutput;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Three shell commands run at once, each awaited by a task of its own; their outputs are printed as
 * they finish (asyncio's {@code create_subprocess_shell} with {@code as_completed}). One thread runs
 * the tasks; the children run side by side.
 */
public final class ParallelCommands implements Section {
    /** The section. */
    public ParallelCommands() {}

    /**
     * One finished command.
     *
     * @param command the command line
     * @param output what it wrote to standard output, trimmed
     * @param exitCode its exit code
     */
    public record Result(String command, String output, int exitCode) {}

    /** The commands the demo runs: a slow one, a fast one, one in between. */
    public static final List<String> COMMANDS = List.of(
            "sleep 0.4; echo slow",
            "echo fast",
            "sleep 0.2; printf 'a\\nb\\nc\\n' | wc -l");

    @Override
    public String name() {
        return "process";
    }

    @Override
    public String summary() {
        return "three shell commands at once, outputs printed as they finish";
    }

    @Override
    public void run(PrintStream out) {
        runAll(COMMANDS, out);
    }

    /**
     * Runs {@code commands} at once through the shell, prints each one's output as it finishes.
     *
     * @param commands shell command lines
     * @param out where to print
     * @return the results in the order they finished
     */
    public static List<Result> runAll(List<String> commands, PrintStream out) {
        return Weft.run(() -> {
            List<Task<Result>> tasks = new ArrayList<>();
            for (String c : commands) {
                tasks.add(Weft.spawn(c, () -> {
                    SubprocessOutput o = Subprocess.shell(c).communicate();
                    return new Result(c, o.stdoutText().trim(), o.exitCode());
                }));
            }
            List<Result> done = new ArrayList<>();
            for (Future<Result> f : Weft.asCompleted(tasks)) {
                Result r = f.await();
                out.printf("[exit %d] %-40s -> %s%n", r.exitCode(), r.command(), r.output());
                done.add(r);
            }
            return done;
        });
    }

    /**
     * Runs the demo.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        new ParallelCommands().run(System.out);
    }
}
