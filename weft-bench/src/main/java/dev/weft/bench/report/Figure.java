package dev.weft.bench.report;

/**
 * One measured figure of the comparison suite, or one that could not be measured (value NaN, the
 * note says why). Every table and plot of {@code docs/benchmarks.md} is built from a list of these,
 * and {@code docs/benchmarks/results.csv} holds them, so the page can be regenerated.
 *
 * @param section the comparison: {@code generator}, {@code switch}, {@code queue}, {@code sleepers},
 *     {@code echo}, {@code group}
 * @param metric what was measured in that comparison, e.g. {@code time}, {@code wall}, {@code rss}
 * @param subject who was measured: {@code weft}, {@code weft-portable}, {@code python-asyncio}, ...
 * @param param the varied parameter (N activities, connections), empty when there is none
 * @param value the figure (a median or JMH's mean score); NaN when not measured
 * @param error its uncertainty as a half-width (JMH's 99.9% interval, or half the range of the
 *     repeated runs); NaN when unknown
 * @param unit the unit, e.g. {@code ns}, {@code s}, {@code B}, {@code round trips/s}
 * @param note how it was measured, or why it is missing
 */
public record Figure(String section, String metric, String subject, String param, double value, double error,
        String unit, String note) {

    /** The figure with no parameter and no note. */
    public static Figure of(String section, String metric, String subject, double value, double error, String unit) {
        return new Figure(section, metric, subject, "", value, error, unit, "");
    }

    /** A figure that could not be measured, saying why. */
    public static Figure missing(String section, String metric, String subject, String param, String unit,
            String why) {
        return new Figure(section, metric, subject, param, Double.NaN, Double.NaN, unit, why);
    }

    /** A figure whose ± is wider than this share of its value is noise: shown, marked, used for no claim. */
    public static final double NOISE = 0.25;

    /** Whether the figure is measured but its ± exceeds {@link #NOISE} of its value. */
    public boolean noisy() {
        return present() && !Double.isNaN(error) && value != 0 && error > NOISE * Math.abs(value);
    }

    /** Whether there is a value. */
    public boolean present() {
        return !Double.isNaN(value);
    }

    /** The same figure in another unit (the number unchanged): for a table whose header names the unit. */
    public Figure withUnit(String u) {
        return new Figure(section, metric, subject, param, value, error, u, note);
    }

    /** The same figure with another note. */
    public Figure withNote(String n) {
        return new Figure(section, metric, subject, param, value, error, unit, n);
    }
}
