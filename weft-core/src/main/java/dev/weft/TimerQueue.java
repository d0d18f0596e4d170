package dev.weft;

import java.util.Arrays;

/**
 * The loop's timers: a binary min-heap ordered by (deadline, seq), each entry knowing its index so a
 * cancelled timer leaves at once in O(log n). Loop thread only.
 *
 * <p>An entry is a {@link TimerHandle}, or a sleeping {@link Task} itself (Task.sleep: no handle
 * object per sleep, issue 13's bytes per task). Deadlines and sequence numbers live in arrays
 * parallel to the entries, so sifting compares without reading the entries: a heap of a million
 * sleepers touches one entry per level moved, not three.
 */
final class TimerQueue {
    private Object[] entries = new Object[16];
    private long[] deadlines = new long[16];
    private int[] seqs = new int[16];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The first deadline; only when not empty. */
    long firstDeadline() {
        return deadlines[0];
    }

    void add(Object entry, long deadline, int seq) {
        if (size == entries.length) {
            int n = size * 2;
            entries = Arrays.copyOf(entries, n);
            deadlines = Arrays.copyOf(deadlines, n);
            seqs = Arrays.copyOf(seqs, n);
        }
        siftUp(size++, entry, deadline, seq);
    }

    /** Removes and returns the first entry; only when not empty. */
    Object poll() {
        Object top = entries[0];
        removeAt(0);
        return top;
    }

    /** Removes {@code entry}, if queued. */
    void remove(Object entry) {
        int i = indexOf(entry);
        if (i >= 0 && i < size && entries[i] == entry) {
            removeAt(i);
        }
    }

    private void removeAt(int i) {
        setIndex(entries[i], -1);
        int last = --size;
        Object moved = entries[last];
        long d = deadlines[last];
        int s = seqs[last];
        entries[last] = null;
        if (i != last) {
            siftDown(i, moved, d, s);
            if (entries[i] == moved) {
                siftUp(i, moved, d, s);
            }
        }
    }

    private static int indexOf(Object e) {
        return e instanceof Task<?> t ? t.timerIndex : ((TimerHandle) e).heapIndex;
    }

    private static void setIndex(Object e, int i) {
        if (e instanceof Task<?> t) {
            t.timerIndex = i;
        } else {
            ((TimerHandle) e).heapIndex = i;
        }
    }

    /** Whether (d1, s1) goes before (d2, s2). */
    private static boolean before(long d1, int s1, long d2, int s2) {
        // seq wraps after 2^32 timers: compared by difference, exact while the timers of one deadline
        // were made less than 2^31 timers apart
        return d1 < d2 || (d1 == d2 && s1 - s2 < 0);
    }

    /** Puts (e, d, s) at hole {@code i} or above it. */
    private void siftUp(int i, Object e, long d, int s) {
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (!before(d, s, deadlines[p], seqs[p])) {
                break;
            }
            place(i, entries[p], deadlines[p], seqs[p]);
            i = p;
        }
        place(i, e, d, s);
    }

    /** Puts (e, d, s) at hole {@code i} or below it. */
    private void siftDown(int i, Object e, long d, int s) {
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && before(deadlines[r], seqs[r], deadlines[c], seqs[c])) {
                c = r;
            }
            if (!before(deadlines[c], seqs[c], d, s)) {
                break;
            }
            place(i, entries[c], deadlines[c], seqs[c]);
            i = c;
        }
        place(i, e, d, s);
    }

    private void place(int i, Object e, long d, int s) {
        entries[i] = e;
        deadlines[i] = d;
        seqs[i] = s;
        setIndex(e, i);
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            setIndex(entries[i], -1);
            entries[i] = null;
        }
        size = 0;
    }
}
