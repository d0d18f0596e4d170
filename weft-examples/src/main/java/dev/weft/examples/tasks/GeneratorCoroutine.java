package dev.weft.examples.tasks;

import dev.weft.Future;
import dev.weft.Task;
import dev.weft.gen.Generator;
import dev.weft.gen.StopIteration;
import dev.weft.EventLoop;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The generator-era form of a coroutine ({@code @asyncio.coroutine} with {@code yield from}, Python
 * 3.4): the body is a generator that yields the futures it waits for, and a small driver, run by the
 * loop's callbacks, sends each result back in. This is how asyncio worked before {@code async def},
 * and it still works in Weft, because generators are real coroutines.
 *
 * <p>Which to use: a {@link Task} (write the body as plain code that calls {@code future.await()} at any
 * depth). The generator form needs every waiting function to be a generator and every call to be a
 * {@code yieldFrom}: the "function colouring" Weft's stackful tasks avoid. It is here to show how the
 * loop drives coroutines, not as a style to copy.
 */
public final class GeneratorCoroutine {
    private GeneratorCoroutine() {}

    /**
     * Drives {@code body} on the running loop: each future it yields is awaited by callback, and its
     * result is sent back in (or its exception thrown in). Returns a future of the body's return value.
     *
     * @param body a generator yielding futures of its loop
     * @param <R> its return type
     * @return a future of what the body returns
     */
    public static <R> Future<R> drive(Generator<Future<?>, Object, R> body) {
        EventLoop loop = EventLoop.running();
        Future<R> result = loop.createFuture();
        loop.callSoon(() -> step(body, null, null, result));
        return result;
    }

    private static <R> void step(Generator<Future<?>, Object, R> body, Object value, Throwable error, Future<R> result) {
        Future<?> next;
        try {
            next = error == null ? body.send(value) : body.throwInto(error);
        } catch (StopIteration stop) {
            result.setResult(body.result());
            return;
        } catch (RuntimeException | Error e) {
            result.setException(e);
            return;
        }
        next.addDoneCallback(f -> { // what asyncio's Task.__wakeup did
            Throwable e = f.isCancelled() ? new dev.weft.CancelledError() : f.exception();
            step(body, e == null ? f.result() : null, e, result);
        });
    }

    /** A sleep as a future: what {@code yield from asyncio.sleep(d)} waited for. */
    static Future<Void> sleepFuture(Duration d) {
        EventLoop loop = EventLoop.running();
        Future<Void> f = loop.createFuture();
        loop.callLater(d, () -> f.setResult(null));
        return f;
    }

    /**
     * The seed's hello, generator style: {@code yield} a sleep future where a task would call
     * {@code Weft.sleep}.
     *
     * @param out where to print
     * @param pause how long to sleep
     * @return the generator
     */
    public static Generator<Future<?>, Object, Void> hello(PrintStream out, Duration pause) {
        return Generator.of(y -> {
            out.println("Hello world! (" + Thread.currentThread() + ")");
            y.yield(sleepFuture(pause)); // like `yield from asyncio.sleep(1)`
            out.println("Hello again! (" + Thread.currentThread() + ")");
        });
    }
}
