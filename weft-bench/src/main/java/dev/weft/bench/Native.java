package dev.weft.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The echo benchmark's C peers (src/main/c: {@code echo_server}, the floor row, and {@code echo_load},
 * the native load client of the CPU table), built on first use with the machine's C compiler
 * ({@code cc -O2}) into {@code target/native/}. Where there is no C compiler, or the build fails,
 * {@link #unavailable()} says so in one line and the rows are left out with that reason.
 */
final class Native {
    private Native() {}

    static final List<String> PROGRAMS = List.of("echo_server", "echo_load");
    static final Path DIR = Path.of("target", "native");
    private static String why; // null: not tried yet
    private static boolean built;

    /** Null when the C peers are built, else why they cannot be (one line). */
    static synchronized String unavailable() {
        if (built) {
            return null;
        }
        if (why != null) {
            return why;
        }
        try {
            Files.createDirectories(DIR);
            for (String name : PROGRAMS) {
                Path src = DIR.resolve(name + ".c");
                try (InputStream in = Native.class.getResourceAsStream("/c/" + name + ".c")) {
                    if (in == null) {
                        return why = "c/" + name + ".c is not in the benchmark jar";
                    }
                    Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
                }
                Process p;
                try {
                    p = new ProcessBuilder("cc", "-O2", "-o", DIR.resolve(name).toString(), src.toString())
                            .redirectErrorStream(true).start();
                } catch (IOException e) {
                    return why = "no C compiler (cc) on the PATH to build " + src;
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (p.waitFor() != 0) {
                    return why = "cc could not build " + src + ": " + out.replaceAll("\\s+", " ");
                }
            }
            built = true;
            return null;
        } catch (IOException | InterruptedException e) {
            return why = "could not build the C peers in " + DIR + ": " + e;
        }
    }

    /** The built program (call {@link #unavailable()} first). */
    static Path binary(String name) {
        return DIR.resolve(name).toAbsolutePath();
    }
}
