package dev.weft.process;

import dev.weft.net.StreamReader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to start a child: its working directory, its environment (inherited with additions and
 * removals, or replaced), where its standard streams go (a pipe, this process's, nowhere, or a
 * file), and the limit of its output readers. Immutable: each method returns a changed copy. As the
 * keyword arguments of asyncio's {@code create_subprocess_exec} ({@code cwd}, {@code env},
 * {@code stdin}, {@code stdout}, {@code stderr}, {@code limit}).
 *
 * {@snippet :
 * SubprocessOptions o = SubprocessOptions.defaults()
 *         .directory(Path.of("/tmp"))
 *         .env("LC_ALL", "C")
 *         .stdin(Stdio.DISCARD)
 *         .mergeStderr();
 *
 * SubprocessOptions job = SubprocessOptions.defaults()
 *         .clearEnv().env("PATH", "/usr/bin:/bin")          // nothing else of this process's environment
 *         .stdinFrom(Path.of("in.txt"))                      // read from a file
 *         .stdoutAppendTo(Path.of("job.log"))                // a log that grows
 *         .mergeStderr();                                    // errors into the same log
 * }
 *
 * <h2>Exceptions</h2>
 * A name or value no environment can carry is refused here ({@link IllegalArgumentException}). A
 * file that is missing when the child starts (the input file, or the directory of an output file)
 * makes {@link Subprocess#exec(java.util.List, SubprocessOptions)} throw
 * {@link java.nio.file.NoSuchFileException} naming it; no child is started and nothing is left open.
 *
 * <p>The defaults pipe all three streams (as {@link ProcessBuilder} does; asyncio inherits them
 * unless told {@code PIPE}), keep this process's directory and environment, and use
 * {@link StreamReader#DEFAULT_LIMIT}.
 */
public final class SubprocessOptions {
    private static final SubprocessOptions DEFAULTS = new SubprocessOptions(null, Map.of(), true, Set.of(),
            Stdio.PIPE, Stdio.PIPE, Stdio.PIPE, false, StreamReader.DEFAULT_LIMIT, null, null, null, false, false);

    private final Path directory;
    private final Map<String, String> env; // added or replaced variables
    private final boolean inheritEnv; // start from this process's environment
    private final Set<String> removedEnv; // taken out of the inherited environment; empty unless inheritEnv
    private final Stdio stdin;
    private final Stdio stdout;
    private final Stdio stderr;
    private final boolean mergeStderr;
    private final int limit;
    private final Path stdinFile; // non-null iff stdin == FILE
    private final Path stdoutFile; // non-null iff stdout == FILE
    private final Path stderrFile; // non-null iff stderr == FILE
    private final boolean stdoutAppend;
    private final boolean stderrAppend;

    private SubprocessOptions(Path directory, Map<String, String> env, boolean inheritEnv, Set<String> removedEnv,
            Stdio stdin, Stdio stdout, Stdio stderr, boolean mergeStderr, int limit, Path stdinFile, Path stdoutFile,
            Path stderrFile, boolean stdoutAppend, boolean stderrAppend) {
        this.directory = directory;
        this.env = env;
        this.inheritEnv = inheritEnv;
        this.removedEnv = removedEnv;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.mergeStderr = mergeStderr;
        this.limit = limit;
        this.stdinFile = stdinFile;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
        this.stdoutAppend = stdoutAppend;
        this.stderrAppend = stderrAppend;
    }

    private SubprocessOptions with(Path directory, Map<String, String> env, boolean inheritEnv, Set<String> removedEnv) {
        return new SubprocessOptions(directory, env, inheritEnv, removedEnv, stdin, stdout, stderr, mergeStderr, limit,
                stdinFile, stdoutFile, stderrFile, stdoutAppend, stderrAppend);
    }

    private SubprocessOptions withStdin(Stdio mode, Path file) {
        return new SubprocessOptions(directory, env, inheritEnv, removedEnv, mode, stdout, stderr, mergeStderr, limit,
                file, stdoutFile, stderrFile, stdoutAppend, stderrAppend);
    }

    private SubprocessOptions withStdout(Stdio mode, Path file, boolean append) {
        return new SubprocessOptions(directory, env, inheritEnv, removedEnv, stdin, mode, stderr, mergeStderr, limit,
                stdinFile, file, stderrFile, append, stderrAppend);
    }

    private SubprocessOptions withStderr(Stdio mode, Path file, boolean append, boolean merge) {
        return new SubprocessOptions(directory, env, inheritEnv, removedEnv, stdin, stdout, mode, merge, limit,
                stdinFile, stdoutFile, file, stdoutAppend, append);
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
        return with(Objects.requireNonNull(dir, "dir"), env, inheritEnv, removedEnv);
    }

    /**
     * Adds (or replaces) one variable of the child's environment: on top of this process's
     * environment, or of the one given by {@link #environment(Map)} or {@link #clearEnv()}.
     *
     * @param name the variable
     * @param value its value
     * @return changed options
     * @throws IllegalArgumentException if {@code name} is empty or holds {@code '='} or NUL, or
     *     {@code value} holds NUL (no environment can carry them)
     */
    public SubprocessOptions env(String name, String value) {
        checkVariable(name, value);
        Map<String, String> m = new LinkedHashMap<>(env);
        m.put(name, value);
        Set<String> removed = new LinkedHashSet<>(removedEnv);
        removed.remove(name);
        return with(directory, Collections.unmodifiableMap(m), inheritEnv, Collections.unmodifiableSet(removed));
    }

    /**
     * Replaces the child's whole environment with {@code vars}: nothing of this process's environment
     * is inherited. As asyncio's {@code env=} (which always replaces). Later {@link #env(String, String)}
     * calls add to it.
     *
     * {@snippet :
     * SubprocessOptions o = SubprocessOptions.defaults()
     *         .environment(Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C"));   // exactly these two
     * }
     *
     * @param vars the variables, copied
     * @return changed options
     * @throws IllegalArgumentException for a name or value no environment can carry (see
     *     {@link #env(String, String)})
     */
    public SubprocessOptions environment(Map<String, String> vars) {
        Objects.requireNonNull(vars, "vars");
        Map<String, String> m = new LinkedHashMap<>();
        vars.forEach((k, v) -> {
            checkVariable(k, v);
            m.put(k, v);
        });
        return with(directory, Collections.unmodifiableMap(m), false, Set.of());
    }

    /**
     * Starts the child with an empty environment (plus what {@link #env(String, String)} adds after).
     * The same as {@code environment(Map.of())}. Note that without {@code PATH}, a program given by
     * name is looked up by the JVM (in this process's {@code PATH}), not by the child.
     *
     * @return changed options
     */
    public SubprocessOptions clearEnv() {
        return environment(Map.of());
    }

    /**
     * Takes one variable out of the child's environment (out of the inherited one, or out of what
     * was added or given). Removing a variable that is not there is not an error.
     *
     * @param name the variable
     * @return changed options
     * @throws IllegalArgumentException if {@code name} is empty or holds {@code '='} or NUL
     */
    public SubprocessOptions removeEnv(String name) {
        checkVariable(name, "");
        Map<String, String> m = new LinkedHashMap<>(env);
        m.remove(name);
        Set<String> removed = new LinkedHashSet<>(removedEnv);
        if (inheritEnv) {
            removed.add(name);
        }
        return with(directory, Collections.unmodifiableMap(m), inheritEnv, Collections.unmodifiableSet(removed));
    }

    private static void checkVariable(String name, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value of " + name);
        if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("environment variable name '" + name.replace("\0", "\\0")
                    + "' (expected: not empty, without '=' or NUL)");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("value of environment variable " + name + " holds NUL (expected: none)");
        }
    }

    /**
     * Where the child's standard input comes from.
     *
     * @param mode pipe, inherit or discard (empty input)
     * @return changed options
     * @throws IllegalArgumentException for {@link Stdio#FILE}: use {@link #stdinFrom(Path)}
     */
    public SubprocessOptions stdin(Stdio mode) {
        return withStdin(notFile(mode, "stdinFrom(path)"), null);
    }

    /**
     * Where the child's standard output goes.
     *
     * @param mode pipe, inherit or discard
     * @return changed options
     * @throws IllegalArgumentException for {@link Stdio#FILE}: use {@link #stdoutTo(Path)}
     */
    public SubprocessOptions stdout(Stdio mode) {
        return withStdout(notFile(mode, "stdoutTo(path)"), null, false);
    }

    /**
     * Where the child's standard error goes. Clears {@link #mergeStderr()}.
     *
     * @param mode pipe, inherit or discard
     * @return changed options
     * @throws IllegalArgumentException for {@link Stdio#FILE}: use {@link #stderrTo(Path)}
     */
    public SubprocessOptions stderr(Stdio mode) {
        return withStderr(notFile(mode, "stderrTo(path)"), null, false, false);
    }

    private static Stdio notFile(Stdio mode, String instead) {
        Objects.requireNonNull(mode, "mode");
        if (mode == Stdio.FILE) {
            throw new IllegalArgumentException("Stdio.FILE needs a file: use " + instead);
        }
        return mode;
    }

    /**
     * The child reads its standard input from {@code file}. As asyncio's {@code stdin=open(file)},
     * without an open file in this process ({@link ProcessBuilder.Redirect#from}).
     *
     * @param file the file to read; it must exist when the child starts
     * @return changed options
     */
    public SubprocessOptions stdinFrom(Path file) {
        return withStdin(Stdio.FILE, Objects.requireNonNull(file, "file"));
    }

    /**
     * The child writes its standard output to {@code file}, created or truncated when the child
     * starts ({@link ProcessBuilder.Redirect#to}).
     *
     * @param file the file; its directory must exist when the child starts
     * @return changed options
     */
    public SubprocessOptions stdoutTo(Path file) {
        return withStdout(Stdio.FILE, Objects.requireNonNull(file, "file"), false);
    }

    /**
     * As {@link #stdoutTo(Path)}, appending to the file ({@link ProcessBuilder.Redirect#appendTo}).
     *
     * @param file the file, created if missing; its directory must exist
     * @return changed options
     */
    public SubprocessOptions stdoutAppendTo(Path file) {
        return withStdout(Stdio.FILE, Objects.requireNonNull(file, "file"), true);
    }

    /**
     * The child writes its standard error to {@code file}, created or truncated when it starts.
     * Clears {@link #mergeStderr()}.
     *
     * @param file the file; its directory must exist when the child starts
     * @return changed options
     */
    public SubprocessOptions stderrTo(Path file) {
        return withStderr(Stdio.FILE, Objects.requireNonNull(file, "file"), false, false);
    }

    /**
     * As {@link #stderrTo(Path)}, appending to the file.
     *
     * @param file the file, created if missing; its directory must exist
     * @return changed options
     */
    public SubprocessOptions stderrAppendTo(Path file) {
        return withStderr(Stdio.FILE, Objects.requireNonNull(file, "file"), true, false);
    }

    /**
     * Sends the child's standard error where its standard output goes (into the same pipe if that is
     * piped, into the same file if {@link #stdoutTo(Path)}). As {@code stderr=asyncio.subprocess.STDOUT}.
     *
     * @return changed options
     */
    public SubprocessOptions mergeStderr() {
        return withStderr(stderr, stderrFile, stderrAppend, true);
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
        return new SubprocessOptions(directory, env, inheritEnv, removedEnv, stdin, stdout, stderr, mergeStderr, bytes,
                stdinFile, stdoutFile, stderrFile, stdoutAppend, stderrAppend);
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
     * The variables added (or, after {@link #environment(Map)}, given).
     *
     * @return an unmodifiable map
     */
    public Map<String, String> env() {
        return env;
    }

    /**
     * Whether the child starts from this process's environment; false after {@link #environment(Map)}
     * or {@link #clearEnv()}.
     *
     * @return true if inherited
     */
    public boolean inheritsEnv() {
        return inheritEnv;
    }

    /**
     * The variables taken out of the inherited environment by {@link #removeEnv(String)}.
     *
     * @return an unmodifiable set
     */
    public Set<String> removedEnv() {
        return removedEnv;
    }

    /**
     * The file standard input is read from, when {@link #stdin()} is {@link Stdio#FILE}.
     *
     * @return the file or null
     */
    public Path stdinFile() {
        return stdinFile;
    }

    /**
     * The file standard output goes to, when {@link #stdout()} is {@link Stdio#FILE}.
     *
     * @return the file or null
     */
    public Path stdoutFile() {
        return stdoutFile;
    }

    /**
     * The file standard error goes to, when {@link #stderr()} is {@link Stdio#FILE}.
     *
     * @return the file or null
     */
    public Path stderrFile() {
        return stderrFile;
    }

    /**
     * Whether {@link #stdoutFile()} is appended to rather than truncated.
     *
     * @return true to append
     */
    public boolean appendsStdout() {
        return stdoutAppend;
    }

    /**
     * Whether {@link #stderrFile()} is appended to rather than truncated.
     *
     * @return true to append
     */
    public boolean appendsStderr() {
        return stderrAppend;
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
        return "SubprocessOptions[directory=" + directory + ", env=" + (inheritEnv ? "inherited+" : "only ")
                + env.keySet() + (removedEnv.isEmpty() ? "" : "-" + removedEnv) + ", stdin="
                + (stdinFile != null ? "<" + stdinFile : stdin) + ", stdout="
                + (stdoutFile != null ? (stdoutAppend ? ">>" : ">") + stdoutFile : stdout) + ", stderr="
                + (mergeStderr ? "STDOUT" : stderrFile != null ? (stderrAppend ? ">>" : ">") + stderrFile : stderr)
                + ", limit=" + limit + "]";
    }
}
