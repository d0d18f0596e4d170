/**
 * Weft: coroutines and asynchronous I/O on the JDK's own continuations, in the spirit of Python's
 * {@code asyncio}. The front door is {@link dev.weft.Weft}.
 *
 * <table class="striped">
 * <caption>The exported packages and their asyncio counterparts</caption>
 * <thead><tr><th>package</th><th>asyncio</th><th>what it holds</th></tr></thead>
 * <tbody>
 * <tr><td>{@link dev.weft}</td><td>{@code base_events.py}, {@code events.py}, {@code tasks.py}, {@code futures.py}, {@code taskgroups.py}, {@code timeouts.py}</td><td>the event loop, handles, the virtual clock, running, tasks, futures, task groups, timeouts, loop groups</td></tr>
 * <tr><td>{@link dev.weft.gen}</td><td>generators ({@code send}, {@code throw}, {@code yield from})</td><td>generators and their yielder</td></tr>
 * <tr><td>{@link dev.weft.sync}</td><td>{@code locks.py}, {@code queues.py}</td><td>locks, events, semaphores, barriers, queues</td></tr>
 * <tr><td>{@link dev.weft.net}</td><td>{@code streams.py}, protocols and transports</td><td>TCP, UDP, Unix sockets, TLS</td></tr>
 * <tr><td>{@link dev.weft.process}</td><td>{@code subprocess.py}</td><td>subprocesses</td></tr>
 * </tbody>
 * </table>
 *
 * <p>The package {@code dev.weft.internal} (the two backends) is not exported.
 *
 * <h2>The JVM flag</h2>
 * The fast backend uses {@code jdk.internal.vm.Continuation}, which {@code java.base} exports to
 * nobody. On the module path, export it to this module:
 * {@snippet :
 * java --add-exports java.base/jdk.internal.vm=dev.weft -p mods -m my.app/my.app.Main
 * }
 * On the class path the flag names {@code ALL-UNNAMED} instead. Without it Weft runs on its portable
 * backend (virtual threads; same semantics, slower) and logs one WARNING naming the flag in the form
 * that fits where Weft was loaded from.
 *
 * <h2>Pitfalls</h2>
 * On the module path, {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} exports the package
 * to the class path only: Weft, a named module, still runs on its portable backend.
 */
module dev.weft {
    requires jdk.jfr; // the loop's flight-recorder events (slow callbacks, pending tasks destroyed)
    requires java.management; // the JMX views: dev.weft:type=Loops and one bean per loop
    requires jdk.unsupported; // sun.misc.Signal: SIGINT/SIGTERM shut Weft.run down gracefully

    exports dev.weft;
    exports dev.weft.gen;
    exports dev.weft.sync;
    exports dev.weft.net;
    exports dev.weft.process;
}
