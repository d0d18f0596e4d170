package dev.weft.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One measurement in a fresh process (Sleepers, Million): the child prints progress lines and one
 * {@code RESULT key=value ...} line; this runs it, passes the progress on, and returns the result's fields.
 */
final class ChildRun {
    private ChildRun() {}

    /** The child's RESULT fields, or, when it printed none, why (the tail of its output). */
    record Outcome(Map<String, String> fields, String failure) {}

    static Outcome run(List<String> cmd, Consumer<String> progress) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String result = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("RESULT ")) {
                    result = line;
                } else {
                    progress.accept(line);
                }
            }
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        if (result == null) {
            String out = all.toString().strip();
            return new Outcome(null, "failed: " + (out.length() > 300 ? out.substring(out.length() - 300) : out)
                    .replace('\n', ' '));
        }
        return new Outcome(dev.weft.bench.report.Csv.keyValues(result.substring("RESULT ".length())), null);
    }
}
