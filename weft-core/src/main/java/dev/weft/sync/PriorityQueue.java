package dev.weft.sync;

import java.util.Comparator;
import java.util.Objects;

/**
 * A {@link Queue} that returns the smallest item first: by a {@link Comparator}, or by the items'
 * natural order ({@link Comparable}). As asyncio's {@code PriorityQueue}, where entries are often
 * {@code (priority, data)} tuples: in Java, give a comparator, or put records that are
 * {@code Comparable}. Ties come out in no particular order. Everything else is as {@link Queue}.
 *
 * {@snippet :
 * record Job(int priority, String name) {}
 * PriorityQueue<Job> q = new PriorityQueue<>(0, Comparator.comparingInt(Job::priority));
 * q.putNowait(new Job(5, "later"));
 * q.putNowait(new Job(1, "first"));
 * q.getNowait();   // Job[priority=1, name=first]
 * }
 *
 * <h2>Cancellation</h2>
 * As {@link Queue}: an item handed to a getter cancelled before it ran goes back into the heap.
 *
 * <h2>Exceptions</h2>
 * With natural order, putting an item that is not {@link Comparable} throws
 * {@link ClassCastException}, as {@link java.util.PriorityQueue} does.
 *
 * @param <E> the type of the items
 */
public final class PriorityQueue<E> extends Queue<E> {
    /** An unbounded queue in natural order. */
    public PriorityQueue() {
        this(0);
    }

    /**
     * A queue in natural order of at most {@code maxsize} items.
     *
     * @param maxsize the bound; zero or negative means unbounded
     */
    public PriorityQueue(int maxsize) {
        super(maxsize, new Heap<>(null));
    }

    /**
     * A queue ordered by {@code comparator} of at most {@code maxsize} items.
     *
     * @param maxsize the bound; zero or negative means unbounded
     * @param comparator the order; smallest first
     */
    public PriorityQueue(int maxsize, Comparator<? super E> comparator) {
        super(maxsize, new Heap<>(Objects.requireNonNull(comparator, "comparator")));
    }

    /** Smallest first: a binary heap. */
    private static final class Heap<E> implements Store<E> {
        private final java.util.PriorityQueue<E> items;

        Heap(Comparator<? super E> comparator) {
            items = new java.util.PriorityQueue<>(comparator);
        }

        @Override
        public void add(E item) {
            items.add(item);
        }

        @Override
        public E poll() {
            return items.poll();
        }

        @Override
        public void putBack(E item) {
            items.add(item);
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
