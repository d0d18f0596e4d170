package dev.weft.net;

/**
 * What a stream server runs for each connection, as a task of its own: the
 * {@code client_connected_cb} of asyncio's {@code start_server}. Given to {@link Net#startServer}.
 *
 * <p>When it returns or throws, the connection is closed (the writer flushes first). An exception
 * other than cancellation goes to the loop's exception handler ("Unhandled exception in client
 * handler"). Each connection's task starts with the {@link dev.weft.TaskLocal} values and the
 * {@linkplain dev.weft.ThreadContextElement thread context} of the task that started the server, as
 * asyncio's handler tasks start in the context {@code start_server} was called in.
 *
 * {@snippet :
 * ClientHandler shout = (reader, writer) -> {
 *     for (String line : reader.lines()) {         // each line until the client's EOF
 *         writer.write(line.toUpperCase() + "\n");
 *         writer.drain();                          // waits while the client reads slowly
 *     }
 * };                                               // returning closes the connection
 * Server server = Net.startServer(shout, "127.0.0.1", 0);
 * }
 *
 * <h2>Differences from asyncio</h2>
 * asyncio closes the connection only when the callback fails or is cancelled; one that returns
 * leaves it open, a common leak. Weft closes it in every case, as trio's {@code serve_tcp} does: to
 * keep using the connection after the handler, do not return from it (await something instead).
 */
@FunctionalInterface
public interface ClientHandler {
    /**
     * Serves one connection. Runs in a new task; it may await anywhere.
     *
     * @param reader the connection's incoming bytes
     * @param writer the connection's outgoing bytes
     * @throws Exception anything; reported, then the connection is closed
     */
    void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
