package dev.weft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The future behind {@link Weft#gather} and {@link Weft#gatherSettled}: asyncio's
 * {@code _GatheringFuture}. Cancelling it cancels the children; it ends once they end.
 */
final class Gathering<T> {
    private final List<Future<? extends T>> children;
    private final boolean settled; // return_exceptions=True: the result is the list of futures (or outcomes)
    private final boolean outcomes; // settled, and the result is the list of their Outcomes
    private final Outer outer;
    private int finished;

    Gathering(EventLoop loop, Collection<? extends Future<? extends T>> futures, boolean settled) {
        this(loop, futures, settled, false);
    }

    Gathering(EventLoop loop, Collection<? extends Future<? extends T>> futures, boolean settled, boolean outcomes) {
        this.children = new ArrayList<>(futures);
        this.settled = settled || outcomes;
        this.outcomes = outcomes;
        this.outer = new Outer(loop);
        if (children.isEmpty()) {
            outer.finishWithResult(List.of());
            return;
        }
        for (Future<? extends T> f : children) {
            f.addDoneCallback(this::childDone);
        }
    }

    Future<List<T>> outer() {
        return outer;
    }

    @SuppressWarnings("unchecked")
    private void childDone(Future<? extends T> f) {
        finished++;
        if (outer.isDone()) {
            if (!f.isCancelled()) {
                f.exception(); // mark it retrieved: the gather already reported its outcome
            }
            return;
        }
        if (!settled) {
            if (f.isCancelled()) {
                outer.cancelFuture(f.cancelMessage());
                return;
            }
            Throwable e = f.exception();
            if (e != null) {
                outer.finishWithException(e);
                return;
            }
        }
        if (finished == children.size()) {
            if (outer.cancelRequested) {
                outer.cancelFuture(outer.cancelMessageRequested);
                return;
            }
            List<Object> results = new ArrayList<>(children.size());
            for (Future<? extends T> c : children) {
                if (outcomes) {
                    results.add(Outcome.of(c));
                } else if (settled) {
                    if (!c.isCancelled()) {
                        c.exception();
                    }
                    results.add(c);
                } else {
                    results.add(c.result());
                }
            }
            outer.finishWithResult(nullSafe(results));
        }
    }

    private static List<Object> nullSafe(List<Object> l) {
        return java.util.Collections.unmodifiableList(l);
    }

    /** The outer future: its cancel cancels the children. */
    private final class Outer extends Future<List<T>> {
        boolean cancelRequested;
        String cancelMessageRequested;

        Outer(EventLoop loop) {
            super(loop);
        }

        @Override
        public boolean cancel(String message) {
            loop.checkThread();
            if (isDone()) {
                return false;
            }
            boolean any = false;
            for (Future<? extends T> c : children) {
                if (c.cancel(message)) {
                    any = true;
                }
            }
            if (any) {
                cancelRequested = true;
                cancelMessageRequested = message;
            }
            return any;
        }
    }
}
