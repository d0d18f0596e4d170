package dev.weft;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Small helpers shared by the tests: runs on a virtual clock and times in seconds. */
final class TestSupport {
    private TestSupport() {}

    /** Runs {@code main} with {@link Weft#run} on a fresh {@link VirtualClock}. */
    static <T> T runVirtual(Callable<T> main) {
        return Weft.run(new VirtualClock(), main);
    }

    /** As {@link #runVirtual(Callable)}, for a body that returns nothing. */
    static void runVirtual(Weft.Action main) {
        Weft.run(new VirtualClock(), () -> {
            main.run();
            return null;
        });
    }

    /** The running loop's time in seconds. */
    static double now() {
        return Weft.loop().time();
    }

    /** A duration of {@code s} seconds. */
    static Duration secs(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    /** Sleeps {@code s} seconds of loop time. */
    static void sleep(double s) {
        Weft.sleep(secs(s));
    }

    /** Lets the other ready tasks run {@code n} times. */
    static void yields(int n) {
        for (int i = 0; i < n; i++) {
            Weft.yieldNow();
        }
    }

    /**
     * Throws {@code e}. For a {@code finally} block that fails, as CPython's tests do with
     * {@code finally: 1 / 0}, without javac's "finally clause cannot complete normally".
     */
    static void raise(RuntimeException e) {
        throw e;
    }

    /** A marker exception, as CPython's tests use MyExc / ZeroDivisionError. */
    static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom(String message) {
            super(message);
        }
    }

    /** A checked exception, to test wrapping in CompletionException. */
    static final class CheckedBoom extends Exception {
        private static final long serialVersionUID = 1L;

        CheckedBoom(String message) {
            super(message);
        }
    }
}
