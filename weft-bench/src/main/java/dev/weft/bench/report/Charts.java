package dev.weft.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The plots of {@code docs/benchmarks.md}, drawn with JFreeChart, headless. Each method writes one PNG
 * when its section has figures and says whether it did.
 */
public final class Charts {
    private Charts() {}

    static final Color WEFT = new Color(0x1f77b4);
    static final Color WEFT_PORTABLE = new Color(0x9ecae1);
    static final Color PEER = new Color(0x8c8c8c);
    static final Color PYTHON = new Color(0xdd8452);
    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    /** Writes every chart whose data is there into {@code dir}; returns the file names written. */
    public static Set<String> writeAll(Path dir, List<Figure> figs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Set<String> written = new LinkedHashSet<>();
        for (String s : List.of(Report.GENERATOR, Report.SWITCH, Report.QUEUE)) {
            if (micro(dir.resolve(s + ".png"), s, figs)) {
                written.add(s + ".png");
            }
        }
        if (sleepers(dir.resolve("sleepers.png"), figs)) {
            written.add("sleepers.png");
        }
        if (echo(dir.resolve("echo.png"), figs)) {
            written.add("echo.png");
        }
        return written;
    }

    static String plain(String label) {
        return label.replace("`", "");
    }

    /**
     * Horizontal bars, one per subject: its time as a multiple of Weft's, on a linear axis (a bar twice
     * as long is twice the time), with error bars from both figures' ± (relative errors added in
     * quadrature). A figure marked as noise is drawn grey and says so in its label.
     */
    static boolean micro(Path file, String section, List<Figure> figs) throws IOException {
        var weft = Report.find(figs, section, Report.TIME, Report.WEFT, "").filter(Figure::present);
        if (weft.isEmpty()) {
            return false;
        }
        DefaultStatisticalCategoryDataset ds = new DefaultStatisticalCategoryDataset();
        List<Paint> paints = new ArrayList<>();
        for (Report.Peer p : Report.PEERS.get(section)) {
            var f = Report.find(figs, section, Report.TIME, p.id(), "").filter(Figure::present);
            if (f.isEmpty()) {
                continue;
            }
            double[] r = ratio(f.get(), weft.get());
            boolean noise = f.get().noisy() || weft.get().noisy();
            ds.add(r[0], r[1], "time", plain(p.label()) + (noise ? " (noise)" : ""));
            paints.add(noise ? NOISE : paint(p.id()));
        }
        NumberAxis axis = new NumberAxis("time as a multiple of Weft's (" + Report.UNITS_PER.get(section)
                + "; linear, lower is better)");
        axis.setLabelFont(FONT);
        axis.setUpperMargin(0.12);
        CategoryAxis cats = new CategoryAxis();
        cats.setTickLabelFont(FONT);
        cats.setMaximumCategoryLabelWidthRatio(0.6f);
        StatisticalBarRenderer r = new StatisticalBarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return paints.get(column);
            }
        };
        r.setErrorIndicatorPaint(Color.BLACK);
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}×", new DecimalFormat("#,##0.##")));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(FONT);
        r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        CategoryPlot plot = new CategoryPlot(ds, cats, axis, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(Report.TITLES.get(section), new Font(Font.SANS_SERIF, Font.BOLD, 14), plot,
                false);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 70 + 45 * ds.getColumnCount());
        return true;
    }

    /** a ÷ b and its ± (relative errors in quadrature; an unknown error counts as 0). */
    static double[] ratio(Figure a, Figure b) {
        double r = a.value() / b.value();
        double ea = Double.isNaN(a.error()) ? 0 : a.error() / a.value();
        double eb = Double.isNaN(b.error()) ? 0 : b.error() / b.value();
        return new double[] {r, r * Math.sqrt(ea * ea + eb * eb)};
    }

    static final Color NOISE = new Color(0xd9d9d9);

    /** Ten colours a reader can tell apart (matplotlib's tab10). */
    static final Color[] DISTINCT = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    static Paint paint(String subject) {
        if (subject.equals(Report.PORTABLE)) {
            return WEFT_PORTABLE;
        }
        if (subject.startsWith("weft")) {
            return WEFT;
        }
        return subject.startsWith("python") ? PYTHON : PEER;
    }

    /** Two panels side by side: wall time and memory per activity against N, as multiples of Weft's. */
    static boolean sleepers(Path file, List<Figure> figs) throws IOException {
        JFreeChart wall = sleepersPanel(figs, Report.WALL, "wall time", "Wall time, N activities × 3 sleeps");
        JFreeChart rss = sleepersPanel(figs, Report.RSS, "bytes per activity",
                "Memory per activity (resident-set growth)");
        if (wall == null && rss == null) {
            return false;
        }
        int w = 650;
        int h = 450;
        BufferedImage img = new BufferedImage(2 * w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(Color.WHITE);
        g.fillRect(0, 0, 2 * w, h);
        if (wall != null) {
            wall.draw(g, new Rectangle2D.Double(0, 0, w, h));
        }
        if (rss != null) {
            rss.draw(g, new Rectangle2D.Double(w, 0, w, h));
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
        return true;
    }

    /**
     * One panel: each runtime's figure as a multiple of Weft's at the same N (linear y: a point at 3 is
     * three times Weft's), N on a log x axis, error bars from both figures' ± (half the range of the runs).
     */
    static JFreeChart sleepersPanel(List<Figure> figs, String metric, String yLabel, String title) {
        YIntervalSeriesCollection ds = new YIntervalSeriesCollection();
        List<Paint> paints = new ArrayList<>();
        for (Report.Peer p : Report.PEERS.get(Report.SLEEPERS)) {
            List<Figure> pts = figs.stream().filter(f -> f.section().equals(Report.SLEEPERS)
                    && f.metric().equals(metric) && f.subject().equals(p.id()) && f.present() && f.value() > 0)
                    .sorted(Comparator.comparingDouble(f -> Report.numeric(f.param()))).toList();
            YIntervalSeries s = new YIntervalSeries(plain(p.label()));
            for (Figure f : pts) {
                var w = Report.find(figs, Report.SLEEPERS, metric, Report.WEFT, f.param()).filter(Figure::present);
                if (w.isPresent()) {
                    double[] r = ratio(f, w.get());
                    s.add(Report.numeric(f.param()), r[0], r[0] - r[1], r[0] + r[1]);
                }
            }
            if (s.getItemCount() == 0) {
                continue;
            }
            ds.addSeries(s);
            paints.add(switch (p.id()) {
                case "weft" -> WEFT;
                case "virtual-thread" -> new Color(0x2ca02c);
                case "platform-thread" -> PEER;
                case "python-uvloop" -> new Color(0x9467bd);
                default -> PYTHON;
            });
        }
        if (ds.getSeriesCount() == 0) {
            return null;
        }
        LogAxis x = new LogAxis("N activities (log)");
        x.setNumberFormatOverride(new DecimalFormat("#,##0"));
        x.setTickUnit(new NumberTickUnit(1.0));
        NumberAxis y = new NumberAxis(yLabel + " as a multiple of Weft's (linear)");
        y.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDefaultLinesVisible(true);
        r.setErrorPaint(Color.BLACK);
        for (int i = 0; i < paints.size(); i++) {
            r.setSeriesPaint(i, paints.get(i));
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(ds, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(plot);
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 14)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /**
     * The echo: with the server-CPU table, each server's CPU per message as a multiple of the C epoll
     * server's (linear, error bars, a group per message size); without it, the 100-byte throughput per
     * connection count (linear). One distinct colour per server.
     */
    static boolean echo(Path file, List<Figure> figs) throws IOException {
        List<Figure> mine = figs.stream().filter(f -> f.section().equals(Report.ECHO) && f.present()).toList();
        List<Figure> cpu = mine.stream().filter(f -> f.metric().equals(Report.ECHO_CPU)).toList();
        boolean ratios = cpu.stream().anyMatch(f -> f.subject().equals(Report.C_FLOOR));
        var metric = ratios ? java.util.Optional.of(Report.ECHO_CPU)
                : mine.stream().filter(f -> f.metric().equals("throughput")).map(Figure::metric).findFirst()
                        .or(() -> mine.stream().filter(f -> f.unit().contains("/s")).map(Figure::metric).findFirst());
        if (metric.isEmpty()) {
            return false;
        }
        List<Figure> m = mine.stream().filter(f -> f.metric().equals(metric.get()))
                .sorted(Comparator.comparingDouble(f -> Report.numeric(f.param()))).toList();
        DefaultStatisticalCategoryDataset ds = new DefaultStatisticalCategoryDataset();
        List<Paint> paints = new ArrayList<>();
        int k = 0;
        for (String subject : Report.orderedSubjects(Report.ECHO, m)) {
            String series = plain(Report.label(Report.ECHO, subject));
            for (Figure f : m) {
                if (!f.subject().equals(subject)) {
                    continue;
                }
                String cat = f.param().isEmpty() ? metric.get() : ratios ? Report.sizeLabel(f.param()) : f.param();
                if (ratios) {
                    var floor = Report.find(m, Report.ECHO, metric.get(), Report.C_FLOOR, f.param());
                    if (floor.isEmpty()) {
                        continue;
                    }
                    double[] r = ratio(f, floor.get());
                    ds.add(r[0], r[1], series, cat);
                } else {
                    ds.add(f.value(), Double.isNaN(f.error()) ? 0 : f.error(), series, cat);
                }
            }
            paints.add(DISTINCT[k++ % DISTINCT.length]);
        }
        NumberAxis y = new NumberAxis(ratios
                ? "server CPU per message as a multiple of the C epoll server's (linear, lower is better)"
                : metric.get() + ", " + m.getFirst().unit() + " (linear, higher is better)");
        y.setNumberFormatOverride(new DecimalFormat(ratios ? "0.0#" : "#,##0"));
        StatisticalBarRenderer r = new StatisticalBarRenderer();
        r.setErrorIndicatorPaint(Color.BLACK);
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        for (int i = 0; i < paints.size(); i++) {
            r.setSeriesPaint(i, paints.get(i));
        }
        if (ratios) {
            r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("0.00")));
            r.setDefaultItemLabelsVisible(true);
            r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        }
        CategoryPlot plot = new CategoryPlot(ds, new CategoryAxis(ratios ? "message size" : "connections"), y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(ratios ? "TCP echo: server CPU per message, against a C epoll server"
                : Report.TITLES.get(Report.ECHO), new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 450);
        return true;
    }
}
