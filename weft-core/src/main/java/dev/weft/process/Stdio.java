package dev.weft.process;

/**
 * Where one of a child's standard streams goes. As asyncio's {@code subprocess.PIPE},
 * {@code DEVNULL} and {@code None} (inherit); asyncio's {@code stderr=STDOUT} is
 * {@link SubprocessOptions#mergeStderr()}.
 */
public enum Stdio {
    /** A pipe to this process: read it with {@link Subprocess#stdout()}/{@link Subprocess#stderr()}, write it with {@link Subprocess#stdin()}. As {@code PIPE}. */
    PIPE,
    /** The same stream as this (Java) process. As {@code None}. */
    INHERIT,
    /** Nothing: output is discarded, input is empty ({@code /dev/null}). As {@code DEVNULL}. */
    DISCARD
}
