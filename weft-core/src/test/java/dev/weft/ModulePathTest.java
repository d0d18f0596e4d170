package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weft as the named module {@code dev.weft}: a small modular application that {@code requires dev.weft}
 * is compiled against weft-core's classes and run on the module path in a child JVM, on both backends.
 * (The rest of the suite runs on the class path.) The child JVMs choose their backends themselves, so
 * the suite's portable-backend execution leaves this class out (tag {@code child-jvms}).
 */
@Tag("child-jvms")
class ModulePathTest {
    private static final String MODULE_INFO = """
            module weft.sample.app {
                requires dev.weft;
                requires jdk.jfr;
            }
            """;

    /** Tasks, a generator, the module's exports; with "debug", a slow step seen through JFR. */
    private static final String MAIN = """
            package app;

            import dev.weft.Task;
            import dev.weft.Weft;
            import dev.weft.gen.Generator;
            import java.lang.module.ModuleDescriptor;
            import java.time.Duration;
            import java.util.List;
            import java.util.TreeSet;
            import java.util.concurrent.CountDownLatch;
            import java.util.concurrent.TimeUnit;
            import jdk.jfr.consumer.RecordingStream;

            public class Main {
                public static void main(String[] args) throws Exception {
                    List<String> r = Weft.run(() -> {
                        Task<String> a = Weft.spawn(() -> { Weft.sleep(Duration.ofMillis(10)); return "a"; });
                        Task<String> b = Weft.spawn(() -> { Weft.sleep(Duration.ofMillis(10)); return "b"; });
                        Generator<String, Object, Void> g = Generator.of(y -> y.yield("g"));
                        List<String> both = Weft.gather(a, b).await();
                        return List.of(both.get(0), both.get(1), g.next());
                    });
                    Module weft = Weft.class.getModule();
                    TreeSet<String> exports = new TreeSet<>();
                    for (ModuleDescriptor.Exports e : weft.getDescriptor().exports()) {
                        exports.add(e.source());
                    }
                    System.out.println("module=" + weft.getName() + " backend=" + Weft.backend() + " result=" + r);
                    System.out.println("exports=" + exports);
                    if (args.length > 0 && args[0].equals("debug")) {
                        CountDownLatch seen = new CountDownLatch(1);
                        try (RecordingStream rs = new RecordingStream()) {
                            rs.enable("dev.weft.SlowCallback").withoutThreshold();
                            rs.onEvent("dev.weft.SlowCallback", e -> seen.countDown());
                            rs.startAsync();
                            Weft.run(() -> {
                                Weft.loop().setSlowCallbackDuration(Duration.ofMillis(5));
                                long end = System.nanoTime() + 30_000_000L;
                                while (System.nanoTime() < end) {
                                    Thread.onSpinWait(); // blocks the loop, as a blocking call would
                                }
                                return null;
                            });
                            System.out.println("jfr=" + seen.await(60, TimeUnit.SECONDS));
                        }
                    }
                }
            }
            """;

    /** Uses the backend's package, which dev.weft does not export. */
    private static final String INTRUDER = """
            package app;

            public class Intruder {
                Class<?> kernel = dev.weft.internal.Kernel.class;
            }
            """;

    private static Path weftModule; // weft-core's classes, an exploded module with module-info.class
    @TempDir
    static Path dir;
    private static Path app;

    record Outcome(int exit, String out, String err) {}

    @BeforeAll
    static void compileTheApp() throws IOException, URISyntaxException {
        weftModule = Path.of(Weft.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(weftModule.resolve("module-info.class")).as("weft-core's module descriptor").exists();
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("app"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("app/Main.java"), MAIN);
        app = dir.resolve("app-classes");
        String errors = javac(app, src.resolve("module-info.java"), src.resolve("app/Main.java"));
        assertThat(errors).as("javac of the modular app").isEmpty();
    }

    /** Compiles on the module path with weft-core; returns javac's error output, empty when it succeeded. */
    private static String javac(Path out, Path... sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> cmd = new ArrayList<>(List.of("-d", out.toString(), "--module-path", weftModule.toString()));
        for (Path s : sources) {
            cmd.add(s.toString());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, new PrintStream(err, true, StandardCharsets.UTF_8), cmd.toArray(String[]::new));
        String text = err.toString(StandardCharsets.UTF_8);
        return rc == 0 ? "" : text.isEmpty() ? "javac exited " + rc : text;
    }

    private static Outcome run(String... jvmArgsThenAppArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> args = List.of(jvmArgsThenAppArgs);
        int split = args.indexOf("--");
        List<String> jvm = split < 0 ? args : args.subList(0, split);
        List<String> main = split < 0 ? List.of() : args.subList(split + 1, args.size());
        cmd.addAll(jvm);
        cmd.addAll(List.of("--module-path", weftModule + java.io.File.pathSeparator + app, "-m", "weft.sample.app/app.Main"));
        cmd.addAll(main);
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the child JVM ends").isTrue();
        String err = Files.readString(dir.resolve("err.txt"));
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8), err);
    }

    @Test
    void withTheModuleFlagTheAppRunsOnTheContinuationBackendAndSeesOnlyThePublicPackages() throws Exception {
        Outcome o = run("--add-exports", "java.base/jdk.internal.vm=dev.weft");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("module=dev.weft backend=continuation result=[a, b, g]");
        assertThat(o.out()).contains("exports=[dev.weft, dev.weft.gen, dev.weft.net, dev.weft.process, dev.weft.sync]");
        assertThat(o.err()).doesNotContain("portable backend");
    }

    @Test
    void withoutTheFlagTheAppRunsPortablyAndTheWarningNamesTheModule() throws Exception {
        Outcome o = run();
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("module=dev.weft backend=portable result=[a, b, g]");
        assertThat(o.err()).contains("add the JVM flag --add-exports java.base/jdk.internal.vm=dev.weft for the fast");
        assertThat(o.err()).as("the class-path form and the manifest do not help here").doesNotContain("ALL-UNNAMED", "manifest");
    }

    @Test
    void theClassPathFormOfTheFlagDoesNotReachTheModuleAndTheWarningSaysWhichDoes() throws Exception {
        Outcome o = run("--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("backend=portable");
        assertThat(o.err()).contains("--add-exports java.base/jdk.internal.vm=dev.weft");
    }

    @Test
    void forcingTheContinuationBackendWithoutTheFlagNamesTheModuleForm() throws Exception {
        Outcome o = run("-Dweft.backend=continuation");
        assertThat(o.exit()).isNotZero();
        assertThat(o.err()).contains("weft.backend=continuation needs the JVM flag --add-exports java.base/jdk.internal.vm=dev.weft;");
    }

    @Test
    void forcingThePortableBackendOnTheModulePathWorks() throws Exception {
        Outcome o = run("--add-exports", "java.base/jdk.internal.vm=dev.weft", "-Dweft.backend=portable");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("module=dev.weft backend=portable result=[a, b, g]");
    }

    @Test
    void debugModeReportsASlowStepThroughTheLogAndJfrFromTheNamedModule() throws Exception {
        Outcome o = run("--add-exports", "java.base/jdk.internal.vm=dev.weft", "-Dweft.debug=true", "--", "debug");
        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.err()).contains("took");
        assertThat(o.out()).contains("jfr=true");
    }

    @Test
    void theBackendPackageIsNotExported() {
        Path src = dir.resolve("intruder");
        Path out = dir.resolve("intruder-classes");
        try {
            Files.createDirectories(src.resolve("app"));
            Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
            Files.writeString(src.resolve("app/Intruder.java"), INTRUDER);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String errors = javac(out, src.resolve("module-info.java"), src.resolve("app/Intruder.java"));
        assertThat(errors).contains("package dev.weft.internal is not visible");
    }
}
