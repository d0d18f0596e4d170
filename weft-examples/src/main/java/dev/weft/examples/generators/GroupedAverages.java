package dev.weft.examples.generators;

import dev.weft.gen.Generator;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What it teaches: a coroutine can <em>return</em> a result, and {@code yieldFrom} wires a caller
 * straight through a delegating generator to a sub-generator (PEP 380).
 *
 * <ul>
 *   <li>{@link #averager()} is the sub-generator: it takes terms by {@code send} and, when sent the
 *       sentinel {@code null}, returns its {@link Result} instead of yielding.
 *   <li>{@link #grouper} is the delegating generator: in a loop, it runs a fresh averager with
 *       {@code yieldFrom} and stores what the averager returned under its key. Every value the caller
 *       sends passes through the grouper untouched to the averager.
 *   <li>{@link #run} is the caller: for each key it makes a grouper, sends it the key's values, then
 *       {@code null} to make the averager return.
 * </ul>
 *
 * The shape is the "averager/grouper" example that Fluent Python uses to explain {@code yield from}.
 */
public final class GroupedAverages {

    private GroupedAverages() {}

    /**
     * What an averager returns.
     *
     * @param count how many terms it was sent
     * @param average their mean (NaN for none)
     */
    public record Result(int count, double average) {}

    /**
     * The sub-generator: averages the terms sent to it; returns the result when sent {@code null}.
     *
     * @return a new averager
     */
    public static Generator<Void, Double, Result> averager() {
        return Generator.returning(y -> {
            double total = 0;
            int count = 0;
            while (true) {
                Double term = y.yield(null); // yields nothing useful: it is fed, not read
                if (term == null) {
                    break; // the sentinel: stop and return the result
                }
                total += term;
                count++;
            }
            return new Result(count, count == 0 ? Double.NaN : total / count);
        });
    }

    /**
     * The delegating generator: runs averagers one after another, storing each result under {@code key}.
     *
     * @param results where results go
     * @param key the key to store them under
     * @return a new grouper
     */
    public static Generator<Void, Double, Void> grouper(Map<String, Result> results, String key) {
        return Generator.of(y -> {
            while (true) {
                results.put(key, y.yieldFrom(averager())); // the averager's return value
            }
        });
    }

    /** Heights and weights of a class of pupils, per group and unit (the book's sample data). */
    static final Map<String, List<Double>> DATA = new LinkedHashMap<>();

    static {
        DATA.put("girls;kg", List.of(40.9, 38.5, 44.3, 42.2, 45.2, 41.7, 44.5, 38.0, 40.6, 44.5));
        DATA.put("girls;m", List.of(1.6, 1.51, 1.4, 1.3, 1.41, 1.39, 1.33, 1.46, 1.45, 1.43));
        DATA.put("boys;kg", List.of(39.0, 40.8, 43.2, 40.8, 43.1, 38.6, 41.4, 40.6, 36.3));
        DATA.put("boys;m", List.of(1.38, 1.5, 1.32, 1.25, 1.37, 1.48, 1.25, 1.49, 1.46));
    }

    /**
     * Averages every group of {@code data}.
     *
     * @param data values per key
     * @return the result per key, in key order
     */
    public static Map<String, Result> averageAll(Map<String, List<Double>> data) {
        Map<String, Result> results = new LinkedHashMap<>();
        data.forEach((key, values) -> {
            Generator<Void, Double, Void> group = grouper(results, key);
            group.next(); // prime: the grouper starts an averager and waits in it
            for (double v : values) {
                group.send(v); // goes through the grouper to the averager
            }
            group.send(null); // the averager returns; the grouper stores it and starts a new averager
            group.close();
        });
        return results;
    }

    /**
     * Prints the averages of the sample data.
     *
     * @param out where to print
     */
    public static void run(PrintStream out) {
        averageAll(DATA).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    String[] groupUnit = e.getKey().split(";");
                    out.printf(Locale.ROOT, "%2d %-5s averaging %.2f%s%n",
                            e.getValue().count(), groupUnit[0], e.getValue().average(), groupUnit[1]);
                });
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out);
    }
}
