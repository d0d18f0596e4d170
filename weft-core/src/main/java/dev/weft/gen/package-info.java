/**
 * Generators as Python has them (PEP 255, 342, 380): {@link dev.weft.gen.Generator} (a generator
 * object: {@code next}, {@code send}, {@code throw} as {@code throwInto}, {@code close}),
 * {@link dev.weft.gen.Yielder} ({@code yield} and {@code yield from} as {@code yieldFrom}),
 * {@link dev.weft.gen.StopIteration} (the end, with the return value) and
 * {@link dev.weft.gen.GeneratorExit} (raised at the yield by {@code close}).
 *
 * <p>A generator whose body awaits while a task drives it is an asynchronous generator (PEP 525); no
 * second type is needed.
 */
package dev.weft.gen;
