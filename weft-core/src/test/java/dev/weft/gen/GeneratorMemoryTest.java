package dev.weft.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Garbage collection of suspended generators, and deep recursion through yieldFrom. */
class GeneratorMemoryTest {

    /** Runs the collector until {@code ref} is cleared, a bounded number of times; no sleeping. */
    private static boolean collected(WeakReference<?> ref) {
        // On the portable backend a collected generator's body is unwound by a Cleaner on its own
        // thread before what the body held can go: give those threads their turn.
        for (int i = 0; i < 300 && ref.get() != null; i++) {
            System.gc();
            Thread.yield();
            byte[][] pressure = new byte[16][];
            for (int j = 0; j < pressure.length; j++) {
                pressure[j] = new byte[64 * 1024];
            }
        }
        return ref.get() == null;
    }

    private static WeakReference<Generator<Integer, Object, Void>> suspendedAndDropped() {
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            int i = 0;
            while (true) {
                y.yield(i++);
            }
        });
        g.next();
        g.next();
        return new WeakReference<>(g);
    }

    @Test
    void unreferencedSuspendedGeneratorIsCollected() {
        WeakReference<Generator<Integer, Object, Void>> ref = suspendedAndDropped();
        assertThat(collected(ref)).as("suspended generator collected").isTrue();
    }

    /** A generator whose suspended frame alone holds {@code payload}. */
    private static WeakReference<Object> payloadHeldBySuspendedFrame() {
        Object payload = new byte[1024];
        WeakReference<Object> ref = new WeakReference<>(payload);
        Generator<Integer, Object, Void> g = Generator.of(y -> {
            Object mine = payload;
            y.yield(System.identityHashCode(mine));
            y.yield(System.identityHashCode(mine));
        });
        g.next();
        return ref;
    }

    @Test
    void objectsHeldOnlyBySuspendedFramesAreCollectedWithTheGenerator() {
        WeakReference<Object> ref = payloadHeldBySuspendedFrame();
        assertThat(collected(ref)).as("payload held by the suspended body collected").isTrue();
    }

    private static WeakReference<Generator<Integer, Object, Void>> delegatingChainDropped() {
        Generator<Integer, Object, Void> sub = Generator.of(y -> {
            while (true) {
                y.yield(1);
            }
        });
        Generator<Integer, Object, Void> g = Generator.of(y -> y.yieldFrom(sub));
        g.next();
        return new WeakReference<>(sub);
    }

    @Test
    void unreferencedDelegatingChainIsCollected() {
        WeakReference<Generator<Integer, Object, Void>> ref = delegatingChainDropped();
        assertThat(collected(ref)).as("sub-generator of a dropped delegator collected").isTrue();
    }

    @Test
    void manySuspendedGeneratorsCanBeCreatedAndDropped() {
        // 100k suspended continuations would be several hundred MB if they leaked. On the portable
        // backend each one is a parked virtual thread, unwound by a Cleaner once collected: 10k keep
        // that backlog from starving the rest of this JVM's tests.
        int n = dev.weft.Weft.backend().equals("portable") ? 10_000 : 100_000;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int start = i;
            Generator<Integer, Object, Void> g = Generator.of(y -> {
                y.yield(start);
                y.yield(start + 1);
            });
            sum += g.next();
        }
        assertThat(sum).isEqualTo((long) n * (n - 1) / 2);
    }

    // ---- deep recursion ----

    /** Counts down from n: yields n, then delegates to countDown(n - 1); returns how deep it went. */
    private static Generator<Integer, Object, Integer> countDown(int n) {
        return Generator.returning(y -> {
            if (n == 0) {
                return 0;
            }
            y.yield(n);
            return 1 + y.yieldFrom(countDown(n - 1));
        });
    }

    @Test
    void recursiveDelegationAThousandLevelsDeep() {
        Generator<Integer, Object, Integer> g = countDown(1000);
        List<Integer> values = new ArrayList<>();
        g.forEachRemaining(values::add);
        assertThat(values).hasSize(1000).startsWith(1000, 999, 998).endsWith(2, 1);
        assertThat(g.result()).isEqualTo(1000);
    }

    @Test
    void closeAtTheBottomOfAThousandLevelsRunsEveryFinally() {
        List<Integer> finallies = new ArrayList<>();
        Generator<Integer, Object, Void> g = nest(1000, finallies);
        assertThat(g.next()).isEqualTo(0);
        g.close();
        assertThat(finallies).hasSize(1001);
        assertThat(finallies.get(0)).isEqualTo(0); // innermost first
        assertThat(finallies.get(1000)).isEqualTo(1000);
    }

    private static Generator<Integer, Object, Void> nest(int level, List<Integer> finallies) {
        return Generator.of(y -> {
            try {
                if (level == 0) {
                    while (true) {
                        y.yield(0);
                    }
                }
                y.yieldFrom(nest(level - 1, finallies));
            } finally {
                finallies.add(level);
            }
        });
    }

    /** A node of a binary tree, for the PEP 255 in-order traversal. */
    private record Node(int label, Node left, Node right) {}

    private static Node degenerateTree(int depth) {
        Node n = null;
        for (int i = depth; i >= 1; i--) {
            n = new Node(i, null, n); // each node's right child is the next: a list 'depth' levels deep
        }
        return n;
    }

    private static Node balancedTree(int lo, int hi) {
        if (lo > hi) {
            return null;
        }
        int mid = (lo + hi) >>> 1;
        return new Node(mid, balancedTree(lo, mid - 1), balancedTree(mid + 1, hi));
    }

    private static Generator<Integer, Object, Void> inorder(Node t) {
        return Generator.of(y -> {
            if (t == null) {
                return;
            }
            y.yieldFrom(inorder(t.left));
            y.yield(t.label);
            y.yieldFrom(inorder(t.right));
        });
    }

    @Test
    void inorderTraversalOfABalancedTree() {
        Node t = balancedTree(1, 1023);
        List<Integer> labels = inorder(t).stream().toList();
        assertThat(labels).hasSize(1023).isSorted().startsWith(1).endsWith(1023);
    }

    @Test
    void inorderTraversalOfATreeAThousandLevelsDeep() {
        Node t = degenerateTree(1000);
        List<Integer> labels = inorder(t).stream().toList();
        assertThat(labels).hasSize(1000).isSorted().startsWith(1).endsWith(1000);
    }
}
