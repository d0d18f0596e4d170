package dev.weft;

import java.util.Arrays;

/**
 * The loop's timers: a binary min-heap ordered by (deadline, seq), each handle knowing its index so a
 * cancelled timer leaves at once in O(log n). Loop thread only.
 */
final class TimerQueue {
    private TimerHandle[] heap = new TimerHandle[16];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    TimerHandle peek() {
        return size == 0 ? null : heap[0];
    }

    void add(TimerHandle h) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = h;
        h.heapIndex = size;
        siftUp(size++);
    }

    TimerHandle poll() {
        if (size == 0) {
            return null;
        }
        TimerHandle top = heap[0];
        removeAt(0);
        return top;
    }

    void remove(TimerHandle h) {
        int i = h.heapIndex;
        if (i >= 0 && i < size && heap[i] == h) {
            removeAt(i);
        }
    }

    private void removeAt(int i) {
        TimerHandle removed = heap[i];
        removed.heapIndex = -1;
        int last = --size;
        if (i != last) {
            heap[i] = heap[last];
            heap[i].heapIndex = i;
            heap[last] = null;
            siftDown(i);
            siftUp(i);
        } else {
            heap[last] = null;
        }
    }

    private static boolean less(TimerHandle a, TimerHandle b) {
        // seq wraps after 2^32 timers: compared by difference, exact while the timers of one deadline
        // were made less than 2^31 timers apart
        return a.deadline < b.deadline || (a.deadline == b.deadline && a.seq - b.seq < 0);
    }

    private void siftUp(int i) {
        TimerHandle h = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            TimerHandle parent = heap[p];
            if (!less(h, parent)) {
                break;
            }
            heap[i] = parent;
            parent.heapIndex = i;
            i = p;
        }
        heap[i] = h;
        h.heapIndex = i;
    }

    private void siftDown(int i) {
        TimerHandle h = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && less(heap[r], heap[c])) {
                c = r;
            }
            if (!less(heap[c], h)) {
                break;
            }
            heap[i] = heap[c];
            heap[i].heapIndex = i;
            i = c;
        }
        heap[i] = h;
        h.heapIndex = i;
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i] = null;
        }
        size = 0;
    }
}
