package dev.weft.process;

import java.nio.charset.StandardCharsets;

/**
 * What {@link Subprocess#communicate(byte[])} collected: all of the child's standard output and
 * standard error, and its exit code. As the {@code (stdout, stderr)} tuple of asyncio's
 * {@code Process.communicate()} (plus {@code returncode}).
 *
 * {@snippet :
 * SubprocessOutput r = Subprocess.exec("sort").communicate("pear\napple\n");   // the input, then EOF
 * if (r.exitCode() != 0) {
 *     throw new IOException("sort failed: " + r.stderrText());
 * }
 * String sorted = r.stdoutText();                  // "apple\npear\n"
 * }
 *
 * @param stdout everything the child wrote to its standard output, or null if it was not piped
 * @param stderr everything the child wrote to its standard error, or null if it was not piped (or
 *     was merged into standard output)
 * @param exitCode the child's exit code (on Unix, 128 + N if signal N ended it)
 */
public record SubprocessOutput(byte[] stdout, byte[] stderr, int exitCode) {
    /**
     * The standard output decoded as UTF-8.
     *
     * @return the text, or null if standard output was not piped
     */
    public String stdoutText() {
        return stdout == null ? null : new String(stdout, StandardCharsets.UTF_8);
    }

    /**
     * The standard error decoded as UTF-8.
     *
     * @return the text, or null if standard error was not piped
     */
    public String stderrText() {
        return stderr == null ? null : new String(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SubprocessOutput[stdout=" + (stdout == null ? "null" : stdout.length + " bytes") + ", stderr="
                + (stderr == null ? "null" : stderr.length + " bytes") + ", exitCode=" + exitCode + "]";
    }
}
