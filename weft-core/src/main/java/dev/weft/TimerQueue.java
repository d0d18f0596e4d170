package dev.weft;

import java.util.Arrays;

/**
 * The loop's timers, ordered by (deadline, seq), each entry knowing its index so a cancelled timer
 * leaves at once. Loop thread only.
 *
 * <p>An entry is a {@link TimerHandle}, or a sleeping {@link Task} itself (Task.sleep: no handle
 * object per sleep, issue 13's bytes per task). Deadlines and sequence numbers live in arrays
 * parallel to the entries, so ordering compares without reading the entries.
 */
final class TimerQueue {
    /* Overview:
     * Two parts, the first entry being the earlier of their two heads.
     * - A sorted run (a ring buffer): an entry whose (deadline, seq) is not before the run's last one
     *   is appended there. Timers made with one delay, or with growing delays, arrive in order (a
     *   million tasks each sleeping 1 s: every deadline is "now + 1 s" read later), so adding and
     *   taking the first are O(1), and taking it moves nothing: a binary heap's poll moves an entry
     *   on each of ~20 levels at a million and writes the index of each, a cache miss per level.
     * - A binary min-heap for the entries that arrive out of order.
     * Indices: -1 not queued; i >= 0 heap slot i; i <= -2 ring slot (-2 - i), a physical slot.
     * A cancelled run entry leaves a hole (null) where it was, skipped when it reaches the head; the
     * run is compacted when its holes outnumber its entries (amortised O(1) per removal), so a
     * workload of timeouts cancelled early (asyncio's wait_for, mostly) holds no more than twice its
     * live timers. Invariant: the ring's head slot holds an entry whenever the run has any. */
    private static final int NOT_QUEUED = -1;
    private static final int COMPACT_AT = 64; // holes below this are left for the head to pass

    private Object[] entries = new Object[16];
    private long[] deadlines = new long[16];
    private int[] seqs = new int[16];
    private int size;

    private Object[] ring = new Object[16]; // capacity a power of two
    private long[] ringDeadlines = new long[16];
    private int[] ringSeqs = new int[16];
    private int head; // physical slot of the run's first entry
    private int slots; // slots in use from head, holes included
    private int live; // entries in the run (slots - holes)

    int size() {
        return size + live;
    }

    boolean isEmpty() {
        return size + live == 0;
    }

    /** Slots the sorted run holds, holes included: under twice its entries plus 64 (tests). */
    int runSlots() {
        return slots;
    }

    /** The first deadline; only when not empty. */
    long firstDeadline() {
        return ringFirst() ? ringDeadlines[head] : deadlines[0];
    }

    void add(Object entry, long deadline, int seq) {
        if (slots == 0 || !before(deadline, seq, ringDeadlines[lastSlot()], ringSeqs[lastSlot()])) {
            append(entry, deadline, seq);
            return;
        }
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
        if (ringFirst()) {
            Object top = ring[head];
            removeFromRing(head);
            return top;
        }
        Object top = entries[0];
        removeAt(0);
        return top;
    }

    /** Removes {@code entry}, if queued. */
    void remove(Object entry) {
        int i = indexOf(entry);
        if (i >= 0) {
            if (i < size && entries[i] == entry) {
                removeAt(i);
            }
        } else if (i != NOT_QUEUED) {
            int p = -2 - i;
            if (p < ring.length && ring[p] == entry) {
                removeFromRing(p);
            }
        }
    }

    /** Whether the run's head is the first entry of all. */
    private boolean ringFirst() {
        return live > 0 && (size == 0 || before(ringDeadlines[head], ringSeqs[head], deadlines[0], seqs[0]));
    }

    // ---- the sorted run ----

    private int lastSlot() {
        return (head + slots - 1) & (ring.length - 1);
    }

    private void append(Object e, long d, int s) {
        if (slots == ring.length) {
            if (slots - live >= live) {
                compact(); // mostly holes: squeeze them out rather than grow
            }
            if (slots == ring.length) {
                grow();
            }
        }
        int p = (head + slots) & (ring.length - 1);
        ring[p] = e;
        ringDeadlines[p] = d;
        ringSeqs[p] = s;
        setIndex(e, -2 - p);
        slots++;
        live++;
    }

    private void removeFromRing(int p) {
        setIndex(ring[p], NOT_QUEUED);
        ring[p] = null;
        live--;
        if (live == 0) {
            head = 0;
            slots = 0;
        } else if (p == head) {
            int mask = ring.length - 1;
            do { // keep the invariant: the head slot holds an entry
                head = (head + 1) & mask;
                slots--;
            } while (ring[head] == null);
        } else if (slots - live >= Math.max(live, COMPACT_AT)) {
            compact();
        }
    }

    /** Moves the run's entries, in order, to the start of new arrays of {@code capacity} slots. */
    private void relayout(int capacity) {
        Object[] r = new Object[capacity];
        long[] ds = new long[capacity];
        int[] ss = new int[capacity];
        int mask = ring.length - 1;
        int n = 0;
        for (int k = 0; k < slots; k++) {
            int p = (head + k) & mask;
            Object e = ring[p];
            if (e != null) {
                r[n] = e;
                ds[n] = ringDeadlines[p];
                ss[n] = ringSeqs[p];
                setIndex(e, -2 - n);
                n++;
            }
        }
        ring = r;
        ringDeadlines = ds;
        ringSeqs = ss;
        head = 0;
        slots = n;
    }

    private void grow() {
        relayout(ring.length * 2);
    }

    private void compact() {
        relayout(ring.length);
    }

    // ---- the heap ----

    private void removeAt(int i) {
        setIndex(entries[i], NOT_QUEUED);
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
            setIndex(entries[i], NOT_QUEUED);
            entries[i] = null;
        }
        size = 0;
        int mask = ring.length - 1;
        for (int k = 0; k < slots; k++) {
            int p = (head + k) & mask;
            if (ring[p] != null) {
                setIndex(ring[p], NOT_QUEUED);
                ring[p] = null;
            }
        }
        head = 0;
        slots = 0;
        live = 0;
    }
}
