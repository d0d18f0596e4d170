package dev.weft.process;

import dev.weft.net.StreamReader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a child: its working directory, environment additions, where its standard streams
 * go, and the limit of its output readers. Immutable: each method returns a changed copy. As the
 * keyword arguments of asyncio's {@code create_subprocess_exec} ({@code cwd}, {@code env},
 * {@code stdin}, {@code stdout}, {@code stderr}, {@code limit}).
 *
 * {@snippet :
 * SubprocessOptions o = SubprocessOptions.defaults()
 *         .directory(Path.of("/tmp"))
 *         .env("LC_ALL", "C")
 *         .stdin(Stdio.DISCARD)
 *         .mergeStderr();
 * }
 *
 * <p>The defaults pipe all three streams (as {@link ProcessBuilder} does; asyncio inherits them
 * unless told {@code PIPE}), keep this process's directory and environment, and use
 * {@link StreamReader#DEFAULT_LIMIT}.
 */
public final class SubprocessOptions {
    private static final SubprocessOptions DEFAULTS = new SubprocessOptions(null, Map.of(), Stdio.PIPE, Stdio.PIPE,
            Stdio.PIPE, false, StreamReader.DEFAULT_LIMIT);

    private final Path directory;
    private final Map<String, String> env;
    private final Stdio stdin;
    private final Stdio stdout;
    private final Stdio stderr;
    private final boolean mergeStderr;
    private final int limit;

    private SubprocessOptions(Path directory, Map<String, String> env, Stdio stdin, Stdio stdout, Stdio stderr,
            boolean mergeStderr, int limit) {
        this.directory = directory;
        this.env = env;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.mergeStderr = mergeStderr;
        this.limit = limit;
    }

    /**
     * The defaults: all three streams piped, this process's directory and environment, the default limit.
     *
     * @return the default options
     */
    public static SubprocessOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Runs the child in {@code dir}. As {@code cwd=}.
     *
     * @param dir the working directory
     * @return changed options
     */
    public SubprocessOptions directory(Path dir) {
        return new SubprocessOptions(Objects.requireNonNull(dir, "dir"), env, stdin, stdout, stderr, mergeStderr,
                limit);
    }

    /**
     * Adds (or replaces) one variable of the child's environment, which otherwise is this process's.
     *
     * @param name the variable
     * @param value its value
     * @return changed options
     */
    public SubprocessOptions env(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(env);
        m.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new SubprocessOptions(directory, Collections.unmodifiableMap(m), stdin, stdout, stderr, mergeStderr,
                limit);
    }

    /**
     * Where the child's standard input comes from.
     *
     * @param mode pipe, inherit or discard (empty input)
     * @return changed options
     */
    public SubprocessOptions stdin(Stdio mode) {
        return new SubprocessOptions(directory, env, Objects.requireNonNull(mode, "mode"), stdout, stderr,
                mergeStderr, limit);
    }

    /**
     * Where the child's standard output goes.
     *
     * @param mode pipe, inherit or discard
     * @return changed options
     */
    public SubprocessOptions stdout(Stdio mode) {
        return new SubprocessOptions(directory, env, stdin, Objects.requireNonNull(mode, "mode"), stderr,
                mergeStderr, limit);
    }

    /**
     * Where the child's standard error goes. Clears {@link #mergeStderr()}.
     *
     * @param mode pipe, inherit or discard
     * @return changed options
     */
    public SubprocessOptions stderr(Stdio mode) {
        return new SubprocessOptions(directory, env, stdin, stdout, Objects.requireNonNull(mode, "mode"), false,
                limit);
    }

    /**
     * Sends the child's standard error where its standard output goes (into the same pipe if that is
     * piped). As {@code stderr=asyncio.subprocess.STDOUT}.
     *
     * @return changed options
     */
    public SubprocessOptions mergeStderr() {
        return new SubprocessOptions(directory, env, stdin, stdout, stderr, true, limit);
    }

    /**
     * The limit of the output readers (see {@link StreamReader}): the longest line
     * {@code readLine} accepts; about twice it is buffered before the child is held back.
     *
     * @param bytes the limit, positive
     * @return changed options
     * @throws IllegalArgumentException if {@code bytes <= 0}
     */
    public SubprocessOptions limit(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("limit must be positive (limit: " + bytes + ")");
        }
        return new SubprocessOptions(directory, env, stdin, stdout, stderr, mergeStderr, bytes);
    }

    /**
     * The working directory, or null for this process's.
     *
     * @return the directory or null
     */
    public Path directory() {
        return directory;
    }

    /**
     * The environment additions.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> env() {
        return env;
    }

    /**
     * Where standard input comes from.
     *
     * @return the mode
     */
    public Stdio stdin() {
        return stdin;
    }

    /**
     * Where standard output goes.
     *
     * @return the mode
     */
    public Stdio stdout() {
        return stdout;
    }

    /**
     * Where standard error goes (ignored when {@link #isStderrMerged()}).
     *
     * @return the mode
     */
    public Stdio stderr() {
        return stderr;
    }

    /**
     * Whether standard error goes where standard output goes.
     *
     * @return true if merged
     */
    public boolean isStderrMerged() {
        return mergeStderr;
    }

    /**
     * The output readers' limit.
     *
     * @return bytes
     */
    public int limit() {
        return limit;
    }

    @Override
    public String toString() {
        return "SubprocessOptions[directory=" + directory + ", env=" + env.keySet() + ", stdin=" + stdin + ", stdout="
                + stdout + ", stderr=" + (mergeStderr ? "STDOUT" : stderr) + ", limit=" + limit + "]";
    }
}
