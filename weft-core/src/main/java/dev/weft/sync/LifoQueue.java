package dev.weft.sync;

import java.util.ArrayDeque;

/**
 * A {@link Queue} that returns the most recently added item first (a stack). As asyncio's
 * {@code LifoQueue}. Everything else, including bounds, fairness among waiting tasks, cancellation,
 * {@code join()} and shutdown, is as {@link Queue}.
 *
 * {@snippet :
 * LifoQueue<Integer> q = new LifoQueue<>();
 * q.putNowait(1);
 * q.putNowait(2);
 * q.getNowait();   // 2
 * }
 *
 * <h2>Cancellation</h2>
 * As {@link Queue}: an item handed to a getter cancelled before it ran goes back on top.
 *
 * @param <E> the type of the items
 */
public final class LifoQueue<E> extends Queue<E> {
    /** An unbounded LIFO queue. */
    public LifoQueue() {
        this(0);
    }

    /**
     * A LIFO queue of at most {@code maxsize} items.
     *
     * @param maxsize the bound; zero or negative means unbounded
     */
    public LifoQueue(int maxsize) {
        super(maxsize, new Lifo<>());
    }

    /** Last in, first out. */
    private static final class Lifo<E> implements Store<E> {
        private final ArrayDeque<E> items = new ArrayDeque<>();

        @Override
        public void add(E item) {
            items.addLast(item);
        }

        @Override
        public E poll() {
            return items.pollLast();
        }

        @Override
        public void putBack(E item) {
            items.addLast(item);
        }

        @Override
        public int size() {
            return items.size();
        }

        @Override
        public boolean isEmpty() {
            return items.isEmpty();
        }
    }
}
