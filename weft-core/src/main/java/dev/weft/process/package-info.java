/**
 * Child processes with pipes, driven from tasks, as asyncio's subprocess layer
 * ({@code asyncio/subprocess.py}), and this process's own standard streams as pipes. Start at
 * {@link dev.weft.process.Subprocess} and {@link dev.weft.process.Pipes}.
 *
 * <table class="striped">
 * <caption>Each type and its asyncio counterpart</caption>
 * <thead><tr><th>Weft</th><th>asyncio</th></tr></thead>
 * <tbody>
 * <tr><td>{@link dev.weft.process.Subprocess#exec Subprocess.exec}</td><td>{@code asyncio.create_subprocess_exec}</td></tr>
 * <tr><td>{@link dev.weft.process.Subprocess#shell Subprocess.shell}</td><td>{@code asyncio.create_subprocess_shell}</td></tr>
 * <tr><td>{@link dev.weft.process.Subprocess}</td><td>{@code asyncio.subprocess.Process}</td></tr>
 * <tr><td>{@link dev.weft.process.Subprocess#waitFor waitFor}, {@link dev.weft.process.Subprocess#communicate communicate},
 *     {@link dev.weft.process.Subprocess#returnCode returnCode}</td><td>{@code wait()}, {@code communicate()}, {@code returncode}</td></tr>
 * <tr><td>{@link dev.weft.process.Subprocess#terminate terminate}, {@link dev.weft.process.Subprocess#kill kill},
 *     {@link dev.weft.process.Subprocess#sendSignal sendSignal}</td><td>{@code terminate()}, {@code kill()}, {@code send_signal()}</td></tr>
 * <tr><td>{@link dev.weft.process.StdinWriter}</td><td>{@code Process.stdin} (a {@code StreamWriter})</td></tr>
 * <tr><td>{@link dev.weft.net.StreamReader}</td><td>{@code Process.stdout}, {@code Process.stderr}</td></tr>
 * <tr><td>{@link dev.weft.process.SubprocessOptions}</td><td>the {@code cwd}, {@code env}, {@code stdin}/{@code stdout}/{@code stderr}, {@code limit} arguments;
 *     {@link dev.weft.process.SubprocessOptions#environment environment}/{@link dev.weft.process.SubprocessOptions#clearEnv clearEnv}
 *     replace the environment as {@code env=} does, {@link dev.weft.process.SubprocessOptions#env env}/{@link dev.weft.process.SubprocessOptions#removeEnv removeEnv} edit it;
 *     {@link dev.weft.process.SubprocessOptions#stdinFrom stdinFrom}, {@link dev.weft.process.SubprocessOptions#stdoutTo stdoutTo},
 *     {@link dev.weft.process.SubprocessOptions#stderrAppendTo stderrAppendTo} are {@code stdin=open(f)} and the like</td></tr>
 * <tr><td>{@link dev.weft.process.Stdio}</td><td>{@code PIPE}, {@code DEVNULL}, {@code None}, a file; {@code STDOUT} is {@link dev.weft.process.SubprocessOptions#mergeStderr()}</td></tr>
 * <tr><td>{@link dev.weft.process.Pipes#stdin Pipes.stdin}, {@link dev.weft.process.Pipes#connectReadPipe connectReadPipe}</td><td>{@code loop.connect_read_pipe} (with a {@code StreamReader})</td></tr>
 * <tr><td>{@link dev.weft.process.Pipes#stdout Pipes.stdout}, {@link dev.weft.process.Pipes#connectWritePipe connectWritePipe}, {@link dev.weft.process.PipeWriter}</td><td>{@code loop.connect_write_pipe} (with a {@code StreamWriter})</td></tr>
 * <tr><td>{@link dev.weft.process.SubprocessOutput}</td><td>the {@code (stdout, stderr)} tuple of {@code communicate()}</td></tr>
 * <tr><td>{@link dev.weft.process.BrokenPipeException}</td><td>{@code BrokenPipeError}</td></tr>
 * </tbody>
 * </table>
 *
 * <p>Pipes cannot be selected portably, so each pipe is served by one virtual thread that blocks on
 * it and hands its work to the loop with {@code callSoonThreadsafe}; the loop thread never blocks.
 * Output is held back (the child blocks on a full pipe) while a reader holds more than about twice
 * its limit, so memory stays bounded however much a child writes. {@link dev.weft.process.Pipes}
 * serves this process's own standard input and output the same way.
 *
 * <h2>Exceptions</h2>
 * Bad input is refused with a message that names it, and leaves nothing open: an unknown signal
 * name ({@link java.lang.IllegalArgumentException}), a signal to a child that has exited
 * ({@link java.lang.IllegalStateException}: its pid may already be another process's), an input file
 * or an output directory that is missing ({@link java.nio.file.NoSuchFileException}, before any child
 * starts), an environment variable no environment can carry, a second reader of standard input.
 */
package dev.weft.process;
