package dev.weft.sync;

import static org.assertj.core.api.Assertions.*;

import dev.weft.Weft;
import dev.weft.gen.Generator;
import dev.weft.gen.GeneratorExit;
import org.junit.jupiter.api.Test;

/**
 * Where Weft extends an asyncio message, asyncio's sentence comes first, word for word (issue 16), so
 * that a Python user searching for it finds it: locks.py, queues.py and the async generator errors.
 */
class MessagesTest {

    @Test
    void lockReleasedUnlocked() {
        // locks.py: RuntimeError('Lock is not acquired.')
        Weft.run(() -> {
            Lock lock = new Lock();
            assertThatIllegalStateException().isThrownBy(lock::release)
                    .withMessageStartingWith("Lock is not acquired. release() called on Lock[unlocked");
        });
    }

    @Test
    void queueTaskDoneTooOften() {
        // queues.py: ValueError('task_done() called too many times')
        Weft.run(() -> {
            Queue<String> q = new Queue<>();
            assertThatIllegalStateException().isThrownBy(q::taskDone)
                    .withMessageStartingWith("task_done() called too many times: Queue[");
        });
    }

    @Test
    void barrierOfNoParties() {
        // locks.py: ValueError('parties must be > 0')
        assertThatIllegalArgumentException().isThrownBy(() -> new Barrier(0))
                .withMessage("parties must be > 0 (parties: 0)");
    }

    @Test
    void anAsynchronousGeneratorIgnoringGeneratorExit() {
        // genobject.c: RuntimeError('async generator ignored GeneratorExit') for a generator a task drives
        Weft.run(() -> {
            Generator<Integer, Object, Void> g = Generator.of(y -> {
                while (true) {
                    try {
                        y.yield(1);
                    } catch (GeneratorExit e) {
                        // ignored
                    }
                }
            });
            g.next();
            assertThatIllegalStateException().isThrownBy(g::close).withMessage("async generator ignored GeneratorExit");
        });
        Generator<Integer, Object, Void> plain = Generator.of(y -> {
            while (true) {
                try {
                    y.yield(1);
                } catch (GeneratorExit e) {
                    // ignored
                }
            }
        });
        plain.next();
        assertThatIllegalStateException().isThrownBy(plain::close).withMessage("generator ignored GeneratorExit");
    }
}
