package dev.weft.internal;

/**
 * What a waiting task waits for, as its {@code toString()} and the task dump show it:
 * {@code Task[Task-3 WAITING QUEUE_GET]} (cf. curio's {@code 'FUTURE_WAIT'}). A closed set, so that a
 * task keeps its reason in one byte (issue 13's bytes per task). Not public API.
 */
public enum WaitReason {
    /** Awaiting a future or another task. */
    FUTURE_WAIT,
    /** In {@code Weft.sleep}. */
    SLEEP,
    /** In {@code Weft.yieldNow}: ready again at once. */
    YIELD,
    /** {@code Event.await}. */
    EVENT_WAIT,
    /** {@code Lock.acquire}. */
    LOCK_ACQUIRE,
    /** {@code Condition.await}. */
    CONDITION_WAIT,
    /** {@code Semaphore.acquire}. */
    SEMAPHORE_ACQUIRE,
    /** {@code Barrier.await}. */
    BARRIER_WAIT,
    /** {@code Queue.get} on an empty queue. */
    QUEUE_GET,
    /** {@code Queue.put} on a full queue. */
    QUEUE_PUT,
    /** {@code Queue.join}. */
    QUEUE_JOIN
}
