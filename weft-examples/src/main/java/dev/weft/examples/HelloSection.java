package dev.weft.examples;

import dev.weft.Weft;
import dev.weft.examples.tasks.AsyncGenerator;
import dev.weft.examples.tasks.GeneratorCoroutine;
import dev.weft.examples.tasks.Hello;
import java.io.PrintStream;
import java.time.Duration;

/** {@code ./weft demo hello}: the seed's two tasks, in one thread, finishing together. */
final class HelloSection implements Section {
    @Override
    public String name() {
        return "hello";
    }

    @Override
    public String summary() {
        return "two tasks sleep one second each, in one thread, and finish together";
    }

    @Override
    public void run(PrintStream out) {
        double took = Hello.run(out, Duration.ofSeconds(1));
        out.printf("Both finished in %.2f s: one second, not two. Same thread for all four lines.%n", took);

        out.println();
        out.println("The same in the generator-era style (@asyncio.coroutine + yield from): the body is a");
        out.println("generator yielding futures, driven by loop callbacks. It works, but prefer tasks.");
        long start = System.nanoTime();
        Weft.run(() -> Weft.gather(
                        GeneratorCoroutine.drive(GeneratorCoroutine.hello(out, Duration.ofMillis(500))),
                        GeneratorCoroutine.drive(GeneratorCoroutine.hello(out, Duration.ofMillis(500))))
                .await());
        out.printf("Generator-driven pair finished in %.2f s.%n", (System.nanoTime() - start) / 1e9);

        out.println();
        out.println("An asynchronous generator: it sleeps between values; a task's for loop consumes it");
        out.println("while another task keeps beating.");
        AsyncGenerator.run(out, Duration.ofMillis(100));
    }
}
