package dev.weft.sync;

import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.VirtualClock;
import java.util.concurrent.Callable;

/** Test helpers: run a body on a loop with a virtual clock; let ready tasks run. */
final class T {
    private T() {}

    static <R> R run(Callable<R> body) {
        return Weft.run(new VirtualClock(), body);
    }

    static void run(Weft.Action body) {
        Weft.run(new VirtualClock(), () -> {
            body.run();
            return null;
        });
    }

    /** One loop iteration for every task ready now: asyncio.sleep(0). */
    static void tick() {
        Weft.yieldNow();
    }

    static void ticks(int n) {
        for (int i = 0; i < n; i++) {
            Weft.yieldNow();
        }
    }

    static Task<Void> spawn(Weft.Action body) {
        return Weft.spawn(body);
    }

    static <R> Task<R> spawn(Callable<R> body) {
        return Weft.spawn(body);
    }

    /** Awaits a task that is expected to end cancelled, and says whether it did. */
    static boolean endedCancelled(Task<?> t) {
        try {
            t.await();
            return false;
        } catch (dev.weft.CancelledError e) {
            return t.isCancelled();
        }
    }
}
