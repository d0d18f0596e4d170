package dev.weft.examples.generators;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** Captures what an example prints, as lines. */
public final class Output {
    private Output() {}

    public static List<String> of(Consumer<PrintStream> example) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The 15 lines the seed's producer/consumer prints, in order. */
    public static List<String> seedLines() {
        return java.util.stream.IntStream.rangeClosed(1, 5)
                .boxed()
                .flatMap(n -> java.util.stream.Stream.of(
                        "[PRODUCER] Producing " + n + "...",
                        "[CONSUMER] Consuming " + n + "...",
                        "[PRODUCER] Consumer return: 200 OK"))
                .toList();
    }
}
