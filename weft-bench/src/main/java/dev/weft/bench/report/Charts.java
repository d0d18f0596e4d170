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
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
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

    /** Horizontal bars, one per subject, on a log axis (peers span three orders of magnitude). */
    static boolean micro(Path file, String section, List<Figure> figs) throws IOException {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        List<Paint> paints = new ArrayList<>();
        double min = Double.MAX_VALUE;
        for (Report.Peer p : Report.PEERS.get(section)) {
            var f = Report.find(figs, section, Report.TIME, p.id(), "").filter(Figure::present);
            if (f.isEmpty()) {
                continue;
            }
            ds.addValue(f.get().value(), "time", plain(p.label()));
            paints.add(paint(p.id()));
            min = Math.min(min, f.get().value());
        }
        if (ds.getColumnCount() == 0) {
            return false;
        }
        LogAxis axis = new LogAxis(Report.UNITS_PER.get(section) + " (log scale, lower is better)");
        axis.setNumberFormatOverride(new DecimalFormat("#,##0.#"));
        axis.setTickUnit(new NumberTickUnit(1.0)); // a tick per decade
        axis.setLabelFont(FONT);
        CategoryAxis cats = new CategoryAxis();
        cats.setTickLabelFont(FONT);
        cats.setMaximumCategoryLabelWidthRatio(0.6f);
        BarRenderer r = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                return paints.get(column);
            }
        };
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setBase(Math.pow(10, Math.floor(Math.log10(min)) - 0.3));
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new DecimalFormat("#,##0.#")));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(FONT);
        r.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        CategoryPlot plot = new CategoryPlot(ds, cats, axis, r);
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        axis.setUpperMargin(0.15);
        JFreeChart chart = new JFreeChart(Report.TITLES.get(section), new Font(Font.SANS_SERIF, Font.BOLD, 14), plot,
                false);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 70 + 45 * ds.getColumnCount());
        return true;
    }

    static Paint paint(String subject) {
        if (subject.equals(Report.PORTABLE)) {
            return WEFT_PORTABLE;
        }
        if (subject.startsWith("weft")) {
            return WEFT;
        }
        return subject.startsWith("python") ? PYTHON : PEER;
    }

    /** Two panels side by side: wall time and memory per activity against N, log-log. */
    static boolean sleepers(Path file, List<Figure> figs) throws IOException {
        JFreeChart wall = sleepersPanel(figs, Report.WALL, "wall time (s)", "Wall time, N activities × 3 sleeps");
        JFreeChart rss = sleepersPanel(figs, Report.RSS, "bytes per activity (RSS growth)",
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

    static JFreeChart sleepersPanel(List<Figure> figs, String metric, String yLabel, String title) {
        XYSeriesCollection ds = new XYSeriesCollection();
        List<Paint> paints = new ArrayList<>();
        for (Report.Peer p : Report.PEERS.get(Report.SLEEPERS)) {
            List<Figure> pts = figs.stream().filter(f -> f.section().equals(Report.SLEEPERS)
                    && f.metric().equals(metric) && f.subject().equals(p.id()) && f.present() && f.value() > 0)
                    .sorted(Comparator.comparingDouble(f -> Report.numeric(f.param()))).toList();
            if (pts.isEmpty()) {
                continue;
            }
            XYSeries s = new XYSeries(plain(p.label()));
            pts.forEach(f -> s.add(Report.numeric(f.param()), f.value()));
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
        LogAxis y = new LogAxis(yLabel + " (log)");
        y.setNumberFormatOverride(new DecimalFormat("#,##0.##"));
        // seconds: a tick per doubling (0.25, 0.5, 1, 2, 4 ...); bytes: a tick per decade
        y.setTickUnit(new NumberTickUnit(metric.equals(Report.WALL) ? Math.log10(2) : 1.0));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
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
     * Grouped bars: the echo benchmark's 100-byte throughput ("throughput"), else its first throughput
     * metric, per server and parameter.
     */
    static boolean echo(Path file, List<Figure> figs) throws IOException {
        List<Figure> mine = figs.stream().filter(f -> f.section().equals(Report.ECHO) && f.present()).toList();
        var metric = mine.stream().filter(f -> f.metric().equals("throughput")).map(Figure::metric).findFirst()
                .or(() -> mine.stream().filter(f -> f.unit().contains("/s")).map(Figure::metric).findFirst());
        if (metric.isEmpty()) {
            return false;
        }
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        List<Figure> m = mine.stream().filter(f -> f.metric().equals(metric.get()))
                .sorted(Comparator.comparingDouble(f -> Report.numeric(f.param()))).toList();
        List<Paint> paints = new ArrayList<>();
        Color[] others = {new Color(0x2ca02c), PEER, new Color(0x8c564b), new Color(0x7f7f7f), new Color(0xbcbd22)};
        int other = 0;
        for (String subject : Report.orderedSubjects(Report.ECHO, m)) {
            for (Figure f : m) {
                if (f.subject().equals(subject)) {
                    ds.addValue(f.value(), plain(Report.label(Report.ECHO, subject)),
                            f.param().isEmpty() ? metric.get() : f.param());
                }
            }
            paints.add(switch (subject) {
                case "weft-protocol" -> WEFT;
                case "weft-streams" -> WEFT_PORTABLE;
                case "weft-group" -> new Color(0x08519c);
                case "weft-group-acc" -> new Color(0x6baed6);
                default -> subject.startsWith("weft") ? new Color(0x4292c6)
                        : subject.startsWith("python") ? PYTHON : others[other++ % others.length];
            });
        }
        NumberAxis y = new NumberAxis(metric.get() + ", " + m.getFirst().unit() + " (higher is better)");
        y.setNumberFormatOverride(new DecimalFormat("#,##0"));
        BarRenderer r = new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        for (int i = 0; i < paints.size(); i++) {
            r.setSeriesPaint(i, paints.get(i));
        }
        CategoryPlot plot = new CategoryPlot(ds, new CategoryAxis("connections"), y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(Report.TITLES.get(Report.ECHO), new Font(Font.SANS_SERIF, Font.BOLD, 14), plot,
                true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 900, 450);
        return true;
    }
}
