package dev.weft.process;

/**
 * Where one of a child's standard streams goes. As asyncio's {@code subprocess.PIPE},
 * {@code DEVNULL} and {@code None} (inherit); asyncio's {@code stderr=STDOUT} is
 * {@link SubprocessOptions#mergeStderr()}.
 *
 * {@snippet :
 * SubprocessOptions o = SubprocessOptions.defaults()
 *         .stdin(Stdio.DISCARD)                    // reads /dev/null: EOF at once
 *         .stdout(Stdio.PIPE)                      // read through p.stdout()
 *         .stderr(Stdio.INHERIT);                  // straight to this process's standard error
 * Subprocess p = Subprocess.exec(List.of("sh", "-c", "cat; echo done"), o);
 * String out = new String(p.stdout().read(), StandardCharsets.UTF_8);   // "done\n"
 * int code = p.waitFor();
 * }
 */
public enum Stdio {
    /** A pipe to this process: read it with {@link Subprocess#stdout()}/{@link Subprocess#stderr()}, write it with {@link Subprocess#stdin()}. As {@code PIPE}. */
    PIPE,
    /** The same stream as this (Java) process. As {@code None}. */
    INHERIT,
    /** Nothing: output is discarded, input is empty ({@code /dev/null}). As {@code DEVNULL}. */
    DISCARD,
    /**
     * A file, chosen with {@link SubprocessOptions#stdinFrom}, {@link SubprocessOptions#stdoutTo},
     * {@link SubprocessOptions#stdoutAppendTo}, {@link SubprocessOptions#stderrTo} or
     * {@link SubprocessOptions#stderrAppendTo}; what {@link SubprocessOptions#stdout()} (and the others)
     * report then. Not accepted by {@link SubprocessOptions#stdout(Stdio)}: it needs the file.
     */
    FILE
}
