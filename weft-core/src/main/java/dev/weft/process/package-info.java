/**
 * Child processes with pipes, driven from tasks, as asyncio's subprocess layer
 * ({@code asyncio/subprocess.py}). Start at {@link dev.weft.process.Subprocess}.
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
 * <tr><td>{@link dev.weft.process.Subprocess#terminate terminate}, {@link dev.weft.process.Subprocess#kill kill}</td><td>{@code terminate()}, {@code kill()}</td></tr>
 * <tr><td>{@link dev.weft.process.StdinWriter}</td><td>{@code Process.stdin} (a {@code StreamWriter})</td></tr>
 * <tr><td>{@link dev.weft.net.StreamReader}</td><td>{@code Process.stdout}, {@code Process.stderr}</td></tr>
 * <tr><td>{@link dev.weft.process.SubprocessOptions}</td><td>the {@code cwd}, {@code env}, {@code stdin}/{@code stdout}/{@code stderr}, {@code limit} arguments</td></tr>
 * <tr><td>{@link dev.weft.process.Stdio}</td><td>{@code PIPE}, {@code DEVNULL}, {@code None}; {@code STDOUT} is {@link dev.weft.process.SubprocessOptions#mergeStderr()}</td></tr>
 * <tr><td>{@link dev.weft.process.SubprocessOutput}</td><td>the {@code (stdout, stderr)} tuple of {@code communicate()}</td></tr>
 * <tr><td>{@link dev.weft.process.BrokenPipeException}</td><td>{@code BrokenPipeError}</td></tr>
 * </tbody>
 * </table>
 *
 * <p>Pipes cannot be selected portably, so each pipe is served by one virtual thread that blocks on
 * it and hands its work to the loop with {@code callSoonThreadsafe}; the loop thread never blocks.
 * Output is held back (the child blocks on a full pipe) while a reader holds more than about twice
 * its limit, so memory stays bounded however much a child writes.
 */
package dev.weft.process;
