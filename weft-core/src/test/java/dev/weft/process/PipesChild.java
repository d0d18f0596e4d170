package dev.weft.process;

import dev.weft.Weft;
import dev.weft.net.StreamReader;

/** Run by {@link PipesTest} in a JVM of its own, with its standard streams piped to the test. */
public final class PipesChild {
    private PipesChild() {}

    public static void main(String[] args) {
        switch (args[0]) {
            case "upper" -> Weft.run(() -> {
                StreamReader in = Pipes.stdin(16); // a small limit: flow control pauses the reading thread
                try {
                    Pipes.stdin();
                } catch (IllegalStateException e) {
                    System.err.println("second reader: " + e.getMessage());
                }
                PipeWriter out = Pipes.stdout();
                int n = 0;
                for (String line : in.lines()) {
                    out.write(line.toUpperCase() + "\n");
                    out.drain();
                    n++;
                }
                out.close();
                System.err.println("lines " + n);
            });
            case "flood" -> Weft.run(() -> {
                PipeWriter out = Pipes.stdout();
                byte[] chunk = "y".repeat(8191).concat("\n").getBytes();
                try {
                    while (true) {
                        out.write(chunk);
                        out.drain();
                    }
                } catch (BrokenPipeException e) {
                    System.err.println("broken: " + e.getMessage());
                }
            });
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
