package dev.weft.examples.net;

import dev.weft.Weft;
import dev.weft.net.Connection;
import dev.weft.net.Net;
import dev.weft.net.Server;
import dev.weft.net.ServerOptions;
import dev.weft.net.StreamReader;
import dev.weft.net.StreamWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A tiny HTTP/1.1 responder and client on Weft streams: enough for curl and for the downloader demo,
 * not a web server. {@code GET /r/<n>} answers a deterministic body of {@link #SIZE} bytes for
 * resource n (see {@link #body(int)}) after an optional delay spent awaiting on the loop; any other
 * path answers {@code "hello from weft\n"}. Keep-alive is honoured.
 */
public final class TinyHttp {
    /** The size of each {@code /r/<n>} resource. */
    public static final int SIZE = 16 * 1024;

    private TinyHttp() {}

    /**
     * Starts the responder. Call from a task.
     *
     * @param port the port, or 0
     * @param delay how long each answer waits before it is sent (awaited: the loop serves others meanwhile)
     * @return the server
     * @throws IOException if it cannot bind
     */
    public static Server start(int port, Duration delay) throws IOException {
        return Net.startServer((r, w) -> serve(r, w, delay), "127.0.0.1", port,
                ServerOptions.defaults().withBacklog(1024));
    }

    /**
     * The body of resource {@code n}: {@link #SIZE} bytes that differ per resource.
     *
     * @param n the resource number
     * @return the bytes
     */
    public static byte[] body(int n) {
        byte[] b = new byte[SIZE];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ('a' + (i * 7 + n * 13) % 26);
        }
        return b;
    }

    private static void serve(StreamReader reader, StreamWriter writer, Duration delay) throws IOException {
        while (true) {
            byte[] requestLine = reader.readLine();
            if (requestLine.length == 0) {
                return; // the client closed between requests
            }
            boolean close = false;
            for (String h : reader.lines()) { // the headers, up to the empty line
                if (h.isEmpty()) {
                    break;
                }
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            String[] parts = new String(requestLine, StandardCharsets.US_ASCII).trim().split(" ");
            if (parts.length < 3 || !parts[0].equals("GET")) {
                respond(writer, "400 Bad Request", "bad request\n".getBytes(StandardCharsets.US_ASCII), true);
                return;
            }
            if (!delay.isZero()) {
                Weft.sleep(delay);
            }
            byte[] body = parts[1].startsWith("/r/")
                    ? body(Integer.parseInt(parts[1].substring(3)))
                    : "hello from weft\n".getBytes(StandardCharsets.US_ASCII);
            respond(writer, "200 OK", body, close);
            if (close) {
                return;
            }
        }
    }

    private static void respond(StreamWriter w, String status, byte[] body, boolean close) throws IOException {
        w.write("HTTP/1.1 " + status + "\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                + body.length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n");
        w.write(body);
        w.drain();
    }

    /**
     * Fetches {@code path} with one GET on a new connection, and returns the body. Call from a task.
     *
     * @param port the server's port on 127.0.0.1
     * @param path the path
     * @return the body
     * @throws IOException on an I/O error or a status other than 200
     */
    public static byte[] get(int port, String path) throws IOException {
        try (Connection c = Net.openConnection("127.0.0.1", port)) {
            c.writer().write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            String status = new String(c.reader().readLine(), StandardCharsets.US_ASCII).trim();
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IOException("GET " + path + ": " + status);
            }
            int length = -1;
            for (String h : c.reader().lines()) {
                if (h.isEmpty()) {
                    break;
                }
                if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            return length >= 0 ? c.reader().readExactly(length) : c.reader().read();
        }
    }
}
