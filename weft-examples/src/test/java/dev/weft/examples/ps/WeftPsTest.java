package dev.weft.examples.ps;

import static org.assertj.core.api.Assertions.*;

import com.sun.tools.attach.VirtualMachine;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sun.tools.attach.HotSpotVirtualMachine;

/**
 * {@code ./weft ps} against child JVMs (issue 14): a Weft program on either backend, a JVM without Weft,
 * a process that has ended, and bad arguments.
 */
@Timeout(120)
class WeftPsTest {

    private record Result(int status, String out, String err) {}

    private static Result ps(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = WeftPs.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Process child(String backend, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (backend.equals("portable")) {
            cmd.add("-Dweft.backend=portable");
        } else {
            cmd.add("--add-exports");
            cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PsTarget.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String awaitReady(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertThat(line).as("the child's first line").startsWith("ready");
        return line;
    }

    private static void end(Process p) throws Exception {
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    /** The inodes of the TCP sockets that listen in the target's network namespace, among the target's own fds. */
    private static Set<String> listeningTcpSockets(long pid) throws Exception {
        Set<String> listening = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path f = Path.of("/proc", Long.toString(pid), "net", table);
            if (Files.exists(f)) {
                for (String line : Files.readAllLines(f).subList(1, Files.readAllLines(f).size())) {
                    String[] col = line.trim().split("\\s+");
                    if (col[3].equals("0A")) { // TCP_LISTEN
                        listening.add(col[9]);
                    }
                }
            }
        }
        Set<String> own = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        own.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (java.io.IOException closedMeanwhile) {
                    // not a socket of interest
                }
            }
        }
        own.retainAll(listening);
        return own;
    }

    /** What ps leaves in the target: no TCP port, no JMX agent, no recording. */
    private static void assertNothingLeftIn(long pid) throws Exception {
        if (Files.isDirectory(Path.of("/proc", Long.toString(pid), "fd"))) {
            assertThat(listeningTcpSockets(pid)).as("TCP sockets the target listens on").isEmpty();
        }
        try (var tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(tmp.map(f -> f.getFileName().toString())).as("a JFR disk repository of the target")
                    .noneMatch(n -> n.endsWith("_" + pid));
        }
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            assertThat(vm.getAgentProperties()).as("the local JMX agent was not started")
                    .doesNotContainKey("com.sun.management.jmxremote.localConnectorAddress");
            try (var in = ((HotSpotVirtualMachine) vm).executeJCmd("JFR.check")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).as("JFR.check")
                        .contains("No available recordings");
            }
        } finally {
            vm.detach();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"continuation", "portable"})
    void printsTheTasksOfARunningWeftProgram(String backend) throws Exception {
        Process p = child(backend);
        try {
            String loop = awaitReady(p).substring("ready ".length());
            Result r = ps(Long.toString(p.pid()));
            assertThat(r.err()).isEmpty();
            assertThat(r.status()).isZero();
            assertThat(r.out()).startsWith("pid " + p.pid() + "\n" + loop + " [running on thread 'main'; tasks=3, ")
                    .contains("  Task[main WAITING FUTURE_WAIT]  awaits Future[pending cb=1]\n")
                    .contains("  Task[napper WAITING SLEEP]\n      at dev.weft.Weft.sleep(")
                    .contains("      at dev.weft.examples.ps.PsTarget.nap(PsTarget.java:")
                    .contains("  Task[boss WAITING FUTURE_WAIT]  awaits task 'napper'\n"
                            + "      at dev.weft.examples.ps.PsTarget.supervise(PsTarget.java:")
                    .contains("  awaited-by tree (an awaiter above what it awaits):\n"
                            + "  ├── (T) main  WAITING FUTURE_WAIT  at dev.weft.examples.ps.PsTarget.lambda$main$")
                    .contains("  └── (T) boss  WAITING FUTURE_WAIT  at dev.weft.examples.ps.PsTarget.supervise("
                            + "PsTarget.java:")
                    .contains("      └── (T) napper  WAITING SLEEP  at dev.weft.examples.ps.PsTarget.nap(PsTarget.java:");

            Result one = ps(Long.toString(p.pid()), loop);
            assertThat(one.status()).isZero();
            assertThat(one.out()).contains("(T) napper");

            Result wrong = ps(Long.toString(p.pid()), "EventLoop-999");
            assertThat(wrong.status()).isEqualTo(1);
            assertThat(wrong.out()).isEmpty();
            assertThat(wrong.err()).isEqualTo("weft ps: pid " + p.pid() + ": no live event loop named 'EventLoop-999'; "
                    + "the live ones: " + loop + "\n");
            assertNothingLeftIn(p.pid());
        } finally {
            end(p);
        }
        assertThat(p.exitValue()).isZero();
        Result dead = ps(Long.toString(p.pid()));
        assertThat(dead.status()).isEqualTo(1);
        assertThat(dead.err()).startsWith("weft ps: no process with pid " + p.pid());
    }

    @Test
    void aJvmWithoutWeftGetsOneClearLine() throws Exception {
        Process p = child("portable", "plain");
        try {
            awaitReady(p);
            Result r = ps(Long.toString(p.pid()));
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("weft ps: the JVM with pid " + p.pid() + " runs no Weft event loop (Weft is "
                    + "not loaded there, or no loop has run yet)\n");
            assertNothingLeftIn(p.pid());
        } finally {
            end(p);
        }
    }

    @Test
    void badArgumentsAndProcessesThatAreNoJvm() {
        assertThat(ps()).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).startsWith("usage: ./weft ps PID [LOOP]");
        });
        assertThat(ps("12x")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("weft ps: '12x' is not a process id (expected a number, as jps lists them)\n");
        });
        assertThat(ps(Long.toString(ProcessHandle.current().pid()))).satisfies(r -> {
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).contains("is this tool's own process");
        });
    }

    @Test
    void aProcessThatIsNoJvmGetsOneClearLineAndLivesOn() throws Exception {
        Process cat = new ProcessBuilder("cat").start(); // waits on its stdin: alive, and no JVM
        try {
            Result r = ps(Long.toString(cat.pid()));
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("weft ps: cannot attach to process " + cat.pid() + " (").hasLineCount(1);
            assertThat(cat.isAlive()).as("not killed by the attempt").isTrue();
        } finally {
            cat.getOutputStream().close();
            cat.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
