package dev.weft.bench.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python peers: finds the newest CPython on the machine, unpacks the scripts shipped in the jar
 * ({@code src/main/python}) and runs them, reading their {@code RESULT key=value ...} line.
 */
final class Python {
    static final List<String> SCRIPTS = List.of("_common.py", "generator_bench.py", "switch_bench.py",
            "queue_bench.py", "sleepers_bench.py", "million_bench.py");

    final String exe;
    final String version;
    /** uvloop's version, or empty when it cannot be imported. */
    final String uvloop;
    final Path scripts;

    private Python(String exe, String version, String uvloop, Path scripts) {
        this.exe = exe;
        this.version = version;
        this.uvloop = uvloop;
        this.scripts = scripts;
    }

    /**
     * The newest CPython: {@code python3.N} on the PATH or under {@code ~/.pyenv/versions/}*, else
     * {@code python3}; empty when there is none.
     */
    static Optional<Python> find() throws IOException {
        List<String> candidates = new ArrayList<>();
        for (String home : List.of(System.getProperty("user.home"), "/root")) {
            Path versions = Path.of(home, ".pyenv", "versions");
            if (Files.isDirectory(versions)) {
                try (var s = Files.list(versions)) {
                    s.map(v -> v.resolve("bin").resolve("python3")).filter(Files::isExecutable)
                            .forEach(p -> candidates.add(p.toString()));
                }
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (dir.isEmpty() || !Files.isDirectory(Path.of(dir))) {
                continue;
            }
            try (var s = Files.list(Path.of(dir))) {
                s.filter(p -> p.getFileName().toString().matches("python3(\\.\\d+)?")).filter(Files::isExecutable)
                        .forEach(p -> candidates.add(p.toString()));
            } catch (IOException e) {
                // unreadable PATH entry
            }
        }
        String best = null;
        int[] bestVersion = null;
        String bestText = null;
        for (String c : candidates.stream().distinct().toList()) {
            String out = capture(List.of(c, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3], "
                    + "sys.implementation.name)"), Duration.ofSeconds(10));
            Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+) cpython").matcher(out.strip());
            if (!m.find()) {
                continue;
            }
            int[] v = {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
            if (v[0] == 3 && (bestVersion == null || compare(v, bestVersion) > 0)) {
                best = c;
                bestVersion = v;
                bestText = m.group(1) + "." + m.group(2) + "." + m.group(3);
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String uv = capture(List.of(best, "-c", "import uvloop; print(uvloop.__version__)"), Duration.ofSeconds(10))
                .strip();
        if (!uv.matches("[0-9][0-9A-Za-z.+-]*")) {
            uv = "";
        }
        Path dir = Files.createTempDirectory("weft-bench-python");
        for (String name : SCRIPTS) {
            try (InputStream in = Python.class.getResourceAsStream("/python/" + name)) {
                if (in == null) {
                    throw new IOException("python/" + name + " is missing from the benchmark jar");
                }
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        dir.toFile().deleteOnExit();
        try (var s = Files.list(dir)) {
            s.forEach(p -> p.toFile().deleteOnExit());
        }
        return Optional.of(new Python(best, bestText, uv, dir));
    }

    static int compare(int[] a, int[] b) {
        return Comparator.<int[]>comparingInt(x -> x[0]).thenComparingInt(x -> x[1]).thenComparingInt(x -> x[2])
                .compare(a, b);
    }

    /**
     * Runs a script; each output line but the RESULT goes to {@code progress}.
     *
     * @return the RESULT line's fields
     * @throws IOException when the script fails or prints no RESULT (the message holds its output's tail)
     */
    Map<String, String> run(String script, List<String> args, Duration timeout, Consumer<String> progress)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(exe, scripts.resolve(script).toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(scripts.toFile()).redirectErrorStream(true).start();
        Map<String, String> result = null;
        StringBuilder all = new StringBuilder();
        Thread killer = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    result = new LinkedHashMap<>(Csv.keyValues(line.substring(7)));
                } else {
                    progress.accept(line);
                }
            }
        }
        int code = p.waitFor();
        killer.interrupt();
        if (result == null || code != 0) {
            String out = all.toString().strip();
            throw new IOException(script + " " + String.join(" ", args) + " failed (exit " + code + "): "
                    + (out.length() > 400 ? "..." + out.substring(out.length() - 400) : out));
        }
        return result;
    }

    static String capture(List<String> cmd, Duration timeout) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
