package dev.weft.examples.net;

import dev.weft.net.Net;
import dev.weft.net.Server;
import dev.weft.net.StreamReader;
import dev.weft.net.StreamWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat server: each client sends its name on the first line, then chat lines; every line is
 * broadcast to every other client as {@code "name: line"}, and joins and leaves are announced.
 *
 * <p>All clients are tasks of one loop, so the map of members needs no lock: between two awaits,
 * nothing else runs. A member whose socket is too slow to drain is dropped rather than allowed to
 * hold up everybody (the broadcast never waits on one reader).
 */
public final class ChatServer {
    /** A chat server, not yet started. */
    public ChatServer() {}

    /** A member's write buffer beyond which it is dropped: a reader that does not keep up. */
    static final long MAX_BACKLOG = 1 << 20;

    private final Map<String, StreamWriter> members = new LinkedHashMap<>();
    private Server server;

    /**
     * Starts serving on {@code host:port} (port 0: any). Call from a task.
     *
     * @param host the address to bind
     * @param port the port, or 0
     * @return the server
     * @throws IOException if it cannot bind
     */
    public Server start(String host, int port) throws IOException {
        server = Net.startServer(this::serve, host, port);
        return server;
    }

    /**
     * The names of the members now, in order of arrival.
     *
     * @return the names
     */
    public List<String> members() {
        return new ArrayList<>(members.keySet());
    }

    private void serve(StreamReader reader, StreamWriter writer) throws IOException {
        byte[] first = reader.readLine();
        if (first.length == 0) {
            return;
        }
        String name = new String(first, StandardCharsets.UTF_8).strip();
        if (name.isEmpty() || members.containsKey(name)) {
            writer.write("name taken or empty: " + name + "\n");
            return;
        }
        writer.write("welcome " + name + ", here: " + members.keySet() + "\n");
        broadcast(name, "* " + name + " joined\n");
        members.put(name, writer);
        try {
            for (String line : reader.lines()) {
                broadcast(name, name + ": " + line + "\n");
            }
        } finally {
            members.remove(name);
            broadcast(name, "* " + name + " left\n");
        }
    }

    /** Sends {@code text} to everybody but {@code from}; never waits. */
    private void broadcast(String from, String text) {
        for (Map.Entry<String, StreamWriter> e : new ArrayList<>(members.entrySet())) {
            if (e.getKey().equals(from)) {
                continue;
            }
            StreamWriter w = e.getValue();
            if (w.isClosing()) {
                continue;
            }
            w.write(text);
            if (w.transport().writeBufferSize() > MAX_BACKLOG) {
                w.transport().abort(); // too slow: drop it rather than buffer without end
            }
        }
    }
}
