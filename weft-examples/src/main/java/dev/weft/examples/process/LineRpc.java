package dev.weft.examples.process;

import dev.weft.TaskGroup;
import dev.weft.Weft;
import dev.weft.process.PipeWriter;
import dev.weft.process.Pipes;
import java.io.IOException;
import java.time.Duration;

/**
 * A line-based RPC server on standard input and output, the shape of a JSON-RPC or LSP server
 * without the JSON: each input line is a request {@code <id> <method> <args...>}, each output line
 * the response {@code <id> ok <result>} or {@code <id> error <message>}. Requests are served
 * concurrently, one task each, so a slow one does not hold up the others: responses come in the
 * order they finish, matched by id. At the end of input it waits for the requests in flight, then
 * exits; SIGTERM or Ctrl-C cancels them (Weft.run's graceful shutdown) and exits 143 or 130.
 *
 * <pre>
 * $ printf '1 sleep 200\n2 upper hello\n3 add 2 40\n4 nope\n' | ./weft java -cp ... dev.weft.examples.process.LineRpc
 * 2 ok HELLO
 * 3 ok 42
 * 4 error unknown method 'nope' (expected: upper, add, sleep)
 * 1 ok slept 200 ms
 * </pre>
 *
 * asyncio's counterpart reads {@code connect_read_pipe(sys.stdin)} into a {@code StreamReader} and
 * writes through {@code connect_write_pipe(sys.stdout)}; here {@link Pipes#stdin()} and
 * {@link Pipes#stdout()}.
 */
public final class LineRpc {
    private LineRpc() {}

    /**
     * Serves standard input until its end.
     *
     * @param args none
     */
    public static void main(String[] args) {
        Weft.run(() -> {
            PipeWriter out = Pipes.stdout();
            try (TaskGroup requests = TaskGroup.open()) {
                for (String line : Pipes.stdin().lines()) {        // suspends this task only
                    if (!line.isBlank()) {
                        requests.spawn(() -> respond(out, line));
                    }
                }
                requests.join();                                     // the end of input: finish what is in flight
            }
            out.close();
        });
    }

    /** Serves one request and writes its response; a bad request is an error response, not a crash. */
    static Void respond(PipeWriter out, String line) throws IOException {
        String[] words = line.strip().split("\\s+", 3);
        String id = words[0];
        String response;
        try {
            response = id + " ok " + call(words.length > 1 ? words[1] : "", words.length > 2 ? words[2] : "");
        } catch (IllegalArgumentException e) {
            response = id + " error " + e.getMessage();
        }
        out.write(response + "\n");
        out.drain();                                                 // a slow reader holds up only this task
        return null;
    }

    /** The methods. */
    static String call(String method, String args) {
        return switch (method) {
            case "upper" -> args.toUpperCase();
            case "add" -> {
                long sum = 0;
                for (String n : args.split("\\s+")) {
                    try {
                        sum += Long.parseLong(n);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("add: not a number: '" + n + "'");
                    }
                }
                yield Long.toString(sum);
            }
            case "sleep" -> {
                long ms;
                try {
                    ms = Long.parseLong(args.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("sleep: not a number of milliseconds: '" + args + "'");
                }
                Weft.sleep(Duration.ofMillis(ms));                   // other requests go on meanwhile
                yield "slept " + ms + " ms";
            }
            case "" -> throw new IllegalArgumentException("no method (expected: <id> <method> <args>)");
            default -> throw new IllegalArgumentException("unknown method '" + method + "' (expected: upper, add, sleep)");
        };
    }
}
