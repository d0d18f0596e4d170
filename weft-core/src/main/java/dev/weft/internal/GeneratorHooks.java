package dev.weft.internal;

import java.util.function.Consumer;

/**
 * The generator layer's one hook into the task layer, as Python's {@code sys.set_asyncgen_hooks}
 * {@code firstiter}: called when a generator's body first starts, so that a generator a task drives
 * can be finalised by {@code Weft.run}. Not public API.
 */
public final class GeneratorHooks {
    private GeneratorHooks() {}

    private static volatile Consumer<GeneratorHandle> firstIter;

    /**
     * Installs the hook (the task layer does, once).
     *
     * @param hook called with each generator whose body starts
     */
    public static void setFirstIter(Consumer<GeneratorHandle> hook) {
        firstIter = hook;
    }

    /**
     * A generator's body is about to start.
     *
     * @param generator the generator
     */
    public static void firstIter(GeneratorHandle generator) {
        Consumer<GeneratorHandle> h = firstIter;
        if (h != null) {
            h.accept(generator);
        }
    }
}
