/**
 * Synchronisation between the tasks of one event loop: locks, events, conditions, semaphores,
 * barriers and queues, as Python's {@code asyncio.locks} and {@code asyncio.queues}. None of them
 * holds a thread lock or blocks a thread: waiting suspends only the calling task.
 *
 * <h2>Map to asyncio</h2>
 * <table class="striped">
 *   <caption>Weft type, its asyncio counterpart, and what differs</caption>
 *   <thead><tr><th>Weft</th><th>asyncio</th><th>notes</th></tr></thead>
 *   <tbody>
 *   <tr><th colspan="3">Synchronizers</th></tr>
 *   <tr><td>{@link dev.weft.sync.Lock}</td><td>{@code Lock}</td>
 *       <td>{@code async with lock} is {@code try (var held = lock.acquire())}</td></tr>
 *   <tr><td>{@link dev.weft.sync.Held}</td><td>(the {@code async with} block)</td>
 *       <td>what {@code acquire()} returns; closing it releases once</td></tr>
 *   <tr><td>{@link dev.weft.sync.Event}</td><td>{@code Event}</td>
 *       <td>{@code wait()} is {@code await()}</td></tr>
 *   <tr><td>{@link dev.weft.sync.Condition}</td><td>{@code Condition}</td>
 *       <td>{@code wait}/{@code notify}/{@code notify_all} are {@code await}/{@code signal}/{@code signalAll};
 *       {@code wait_for} is {@code waitFor}</td></tr>
 *   <tr><td>{@link dev.weft.sync.Semaphore}</td><td>{@code Semaphore}</td><td></td></tr>
 *   <tr><td>{@link dev.weft.sync.BoundedSemaphore}</td><td>{@code BoundedSemaphore}</td>
 *       <td>over-release throws {@code IllegalStateException}</td></tr>
 *   <tr><td>{@link dev.weft.sync.Barrier}</td><td>{@code Barrier} (3.11)</td>
 *       <td>{@code wait()} is {@code await()}; {@code n_waiting} is {@code waiting()}</td></tr>
 *   <tr><td>{@link dev.weft.sync.BrokenBarrierError}</td><td>{@code BrokenBarrierError}</td><td></td></tr>
 *   <tr><th colspan="3">Queues</th></tr>
 *   <tr><td>{@link dev.weft.sync.Queue}</td><td>{@code Queue}</td>
 *       <td>{@code qsize}, {@code put_nowait}, {@code get_nowait}, {@code task_done} are
 *       {@code size}, {@code putNowait}, {@code getNowait}, {@code taskDone}</td></tr>
 *   <tr><td>{@link dev.weft.sync.LifoQueue}</td><td>{@code LifoQueue}</td><td></td></tr>
 *   <tr><td>{@link dev.weft.sync.PriorityQueue}</td><td>{@code PriorityQueue}</td>
 *       <td>takes a {@code Comparator}, or natural order</td></tr>
 *   <tr><td>{@link dev.weft.sync.QueueEmpty}</td><td>{@code QueueEmpty}</td><td></td></tr>
 *   <tr><td>{@link dev.weft.sync.QueueFull}</td><td>{@code QueueFull}</td><td></td></tr>
 *   <tr><td>{@link dev.weft.sync.QueueShutDown}</td><td>{@code QueueShutDown} (3.13)</td><td></td></tr>
 *   <tr><th colspan="3">Between threads and loops</th></tr>
 *   <tr><td>{@link dev.weft.sync.ThreadQueue}</td><td>({@code janus.Queue}; a {@code Queue} fed with
 *       {@code call_soon_threadsafe})</td>
 *       <td>the one type here shared by threads and loops: threads block ({@code blockingPut},
 *       {@code blockingGet}), tasks of any loop suspend ({@code put}, {@code get}); it holds a lock
 *       for a few field updates, never while anyone waits</td></tr>
 *   </tbody>
 * </table>
 *
 * <h2>Common rules</h2>
 * <ul>
 *   <li><b>Suspension points.</b> Every method that may wait says "This is a suspension point: other
 *       tasks may run, and it may throw CancelledError." It must then be called from a task (at any
 *       depth of calls); when it need not wait it returns at once, as asyncio does. Every other method
 *       says that it never suspends.
 *   <li><b>Fairness.</b> Waiters are served first come, first served. A wake-up hands the waiter what
 *       it waited for (the lock, a permit, an item, a free slot), so no task arriving later can take
 *       it first, and the woken task never has to queue again.
 *   <li><b>Cancellation.</b> A task cancelled while waiting leaves the queue and takes nothing. A task
 *       cancelled while being woken (granted, but not yet run) gives back what it was granted, which
 *       wakes the next waiter: no wake-up is ever lost. Each class says what this means for it under
 *       "Cancellation".
 *   <li><b>One loop.</b> A primitive belongs to the loop that first uses it. Using it from another
 *       loop, or from another thread while its loop runs, throws {@link java.lang.IllegalStateException}
 *       naming the fix ({@code loop.callSoonThreadsafe}). Created outside any loop, a primitive is
 *       bound when first used inside one.
 *   <li><b>Errors</b> are unchecked: misuse (releasing an unlocked lock, {@code taskDone()} too many
 *       times, waiting on a condition without its lock) throws {@link java.lang.IllegalStateException};
 *       the four exceptions of this package are {@link java.lang.RuntimeException}s. Null arguments
 *       throw {@link java.lang.NullPointerException}.
 * </ul>
 *
 * <h2>Differences from asyncio, in general</h2>
 * asyncio wakes a waiter and lets it take the resource when it runs; Weft hands the resource over at
 * the wake-up (trio's {@code ParkingLot} style). The order in which waiters are served is the same;
 * what differs is visible only in between: a lock handed over still reads {@code locked()}, an item
 * handed to a getter no longer counts in {@code size()}. Java reserves {@code wait()},
 * {@code notify()} and {@code notifyAll()} for thread monitors, hence {@code await()},
 * {@code signal()} and {@code signalAll()}.
 */
package dev.weft.sync;
