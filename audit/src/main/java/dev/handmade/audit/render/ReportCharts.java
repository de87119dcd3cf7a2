package dev.handmade.audit.render;

import dev.handmade.audit.report.AuditReport.LabourDay;
import dev.handmade.audit.report.AuditReport.Proportion;
import dev.handmade.audit.report.AuditReport.Share;
import dev.handmade.audit.report.AuditReport.TimePoint;
import dev.handmade.audit.report.AuditReport.Timeline;
import dev.handmade.audit.report.AuditReport.VersionLabour;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The audit report's charts, drawn with XChart and turned into SVG that an HTML page can inline.
 * Every chart needs at least one category: callers check for data first and say so in words when
 * there is none.
 */
public final class ReportCharts {

  private static final Color MACHINE = new Color(0x3B6EA8);
  private static final Color PEOPLE = new Color(0xE08A3C);
  private static final Color DIRECT = new Color(0x2E7D6B);
  private static final Color INHERITED = new Color(0x9CCFC2);
  private static final Color INK = new Color(0x1F2933);
  private static final Color MUTED = new Color(0x52606D);
  private static final Color GRID = new Color(0xE4E7EB);
  private static final Color FLOOR = new Color(0xC62828);
  private static final int WIDTH = 760;
  private static final int HEIGHT = 340;

  /** From this many categories on, x labels stand upright so that they do not overlap. */
  private static final int UPRIGHT_LABELS_FROM = 8;

  /** A timeline's buckets would blacken the axis: XChart labels every n-th one beyond this. */
  private static final int MAX_LABELS = 28;

  private static final long DAY_SECONDS = 86_400;
  private static final Pattern SVG_START = Pattern.compile("<svg[\\s>]");

  private ReportCharts() {}

  /**
   * Machine and people decisions stacked per bucket of the timeline, every bucket a bar (empty
   * ones too, so the axis is even in time).
   */
  public static CategoryChart decisionsOverTime(Timeline timeline) {
    List<String> keys = timeLabels(timeline);
    List<Share> shares = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      TimePoint p = timeline.points().get(i);
      shares.add(new Share(keys.get(i), p.machine(), p.people()));
    }
    return decisions("Decisions per " + timeline.bucket(), "time (UTC)", shares, key -> key);
  }

  /**
   * The machine's share of the decisions in each bucket of the timeline, over time; a bucket
   * without decisions is a gap in the line.
   */
  public static XYChart machineShareOverTime(Timeline timeline) {
    XYChart chart =
        xyChart(
            "Machine share of decisions, per " + timeline.bucket(),
            "time (UTC)",
            "decided by the machine");
    XYStyler styler = chart.getStyler();
    styler.setDatePattern(datePattern(timeline));
    styler.setTimezone(TimeZone.getTimeZone(ZoneOffset.UTC));
    styler.setLocale(Locale.ROOT);
    List<Date> x = timeline.points().stream().map(p -> Date.from(p.start())).toList();
    share(chart, "machine share", x, timeline.points());
    return chart;
  }

  /**
   * The machine's share of the decisions in each bucket of the timeline, placed at the human
   * labels verified by the bucket's end: what the people's labels bought. Buckets without
   * decisions are left out: on this axis a pause in time is no gap.
   */
  public static XYChart machineShareByLabels(Timeline timeline) {
    XYChart chart =
        xyChart(
            "Machine share of decisions against human labels spent",
            "verified human labels so far",
            "decided by the machine");
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    chart.getStyler().setXAxisMin(0.0);
    List<TimePoint> decided = timeline.points().stream().filter(p -> p.total() > 0).toList();
    List<Long> x = decided.stream().map(TimePoint::verifiedLabelsSoFar).toList();
    share(chart, "machine share, per " + timeline.bucket(), x, decided);
    return chart;
  }

  private static void share(XYChart chart, String name, List<?> x, List<TimePoint> points) {
    XYStyler styler = chart.getStyler();
    styler.setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    styler.setYAxisMin(0.0);
    styler.setYAxisMax(1.0);
    styler.setYAxisDecimalPattern("0%");
    styler.setMarkerSize(points.size() > 60 ? 4 : 6);
    // NaN leaves a gap: a bucket without decisions has no share
    List<Double> y =
        points.stream().map(p -> p.machineShare() == null ? Double.NaN : p.machineShare()).toList();
    XYSeries series = chart.addSeries(name, x, y);
    series.setLineColor(MACHINE);
    series.setMarkerColor(MACHINE);
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setLineStyle(new BasicStroke(2f));
  }

  /** Machine and people decisions stacked per model version in charge. */
  public static CategoryChart decisionsPerVersion(List<Share> byVersion) {
    return decisions("Decisions per model version", "model version", byVersion, key -> key);
  }

  private static CategoryChart decisions(
      String title, String axis, List<Share> shares, UnaryOperator<String> label) {
    CategoryChart chart = chart(title, axis, "decisions", shares.size());
    chart.getStyler().setStacked(true);
    List<String> keys = shares.stream().map(s -> label.apply(s.key())).toList();
    chart
        .addSeries("machine", keys, shares.stream().map(Share::machine).toList())
        .setFillColor(MACHINE);
    chart
        .addSeries("people", keys, shares.stream().map(Share::people).toList())
        .setFillColor(PEOPLE);
    return chart;
  }

  /**
   * Audit-sample accuracy per model version, with its Wilson interval as an error bar. XChart's
   * error bars are symmetric and a Wilson interval is not, so the bar is a marker-less series at
   * the interval's midpoint, drawn under the estimate.
   */
  public static CategoryChart accuracy(List<Proportion> byVersion) {
    CategoryChart chart =
        chart(
            "Machine accuracy per model version",
            "model version",
            "accuracy on audit samples",
            byVersion.size());
    CategoryStyler styler = chart.getStyler();
    styler.setOverlapped(true);
    styler.setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Scatter);
    styler.setYAxisMin(0.0);
    styler.setYAxisMax(1.0);
    styler.setYAxisDecimalPattern("0%");
    styler.setErrorBarsColor(INK);
    styler.setMarkerSize(11);
    List<String> versions = byVersion.stream().map(Proportion::key).toList();
    CategorySeries interval =
        chart.addSeries(
            "95% interval",
            versions,
            byVersion.stream().map(p -> (p.lower() + p.upper()) / 2).toList(),
            byVersion.stream().map(p -> (p.upper() - p.lower()) / 2).toList());
    interval.setMarker(SeriesMarkers.NONE);
    interval.setShowInLegend(false);
    CategorySeries estimate =
        chart.addSeries(
            "accuracy, with its 95% interval",
            versions, byVersion.stream().map(Proportion::estimate).toList());
    estimate.setMarker(SeriesMarkers.DIAMOND);
    estimate.setMarkerColor(MACHINE);
    return chart;
  }

  /**
   * Per day, the median and 10th percentile of piece pay per active hour over labeller-days,
   * with the wage floor, where one is configured, as a line. Days without active time have no
   * wage and are left out.
   */
  public static CategoryChart hourlyWages(
      List<LabourDay> days, long floorHourlyCents, String currency) {
    List<LabourDay> paid =
        days.stream().filter(d -> d.wages().medianHourlyCents() != null).toList();
    CategoryChart chart =
        chart(
            "Hourly wage before top-ups, per day",
            "day",
            currency + " per active hour",
            paid.size());
    CategoryStyler styler = chart.getStyler();
    styler.setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Line);
    styler.setOverlapped(true);
    styler.setYAxisMin(0.0);
    styler.setYAxisDecimalPattern("0.00");
    List<String> keys = paid.stream().map(LabourDay::day).toList();
    CategorySeries median =
        chart.addSeries(
            "median", keys, paid.stream().map(d -> d.wages().medianHourlyCents() / 100.0).toList());
    median.setLineColor(MACHINE);
    median.setMarkerColor(MACHINE);
    median.setMarker(SeriesMarkers.CIRCLE);
    CategorySeries p10 =
        chart.addSeries(
            "10th percentile",
            keys,
            paid.stream().map(d -> d.wages().p10HourlyCents() / 100.0).toList());
    p10.setLineColor(PEOPLE);
    p10.setMarkerColor(PEOPLE);
    p10.setMarker(SeriesMarkers.SQUARE);
    if (floorHourlyCents > 0) {
      CategorySeries floor =
          chart.addSeries(
              "wage floor", keys, paid.stream().map(d -> floorHourlyCents / 100.0).toList());
      floor.setLineColor(FLOOR);
      floor.setLineStyle(
          new BasicStroke(
              2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      floor.setMarker(SeriesMarkers.NONE);
    }
    return chart;
  }

  /** Active hours of human labour per model version: its own labels, and its parents'. */
  public static CategoryChart labourByVersion(List<VersionLabour> versions) {
    CategoryChart chart =
        chart(
            "Human labour inside each model version",
            "model version",
            "active hours",
            versions.size());
    chart.getStyler().setStacked(true);
    List<String> keys = versions.stream().map(VersionLabour::version).toList();
    chart
        .addSeries("direct", keys, versions.stream().map(v -> v.direct().activeHours()).toList())
        .setFillColor(DIRECT);
    chart
        .addSeries(
            "inherited from parents",
            keys,
            versions.stream()
                .map(v -> Math.max(0, v.total().activeHours() - v.direct().activeHours()))
                .toList())
        .setFillColor(INHERITED);
    return chart;
  }

  /**
   * The chart as an {@code <svg>} element to inline in HTML: no XML prolog or doctype, sized by
   * CSS, and its clip-path ids prefixed with {@code id} so that several charts on one page cannot
   * take each other's clips.
   */
  public static String svg(Chart<?, ?> chart, String id) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String document = out.toString(StandardCharsets.UTF_8);
    // edited as text: XChart's encoder has no option for the prolog, root attributes or clip ids
    Matcher start = SVG_START.matcher(document);
    if (!start.find()) {
      throw new IllegalStateException("XChart wrote no <svg> element");
    }
    String attributesAndContent =
        numberClips(
            document
                .substring(start.start() + "<svg".length())
                .replace("id=\"", "id=\"" + id + "-")
                .replace("url(#", "url(#" + id + "-")
                .strip(),
            id);
    return "<svg id=\""
        + id
        + "\" class=\"chart\" role=\"img\" aria-label=\""
        + ReportHtml.escape(chart.getTitle())
        + "\""
        + attributesAndContent;
  }

  /**
   * XChart names its clip paths after random numbers; numbered in order of appearance instead,
   * the same report renders to the same bytes, which an auditor can compare.
   */
  private static String numberClips(String svg, String id) {
    Matcher clip = Pattern.compile(Pattern.quote(id + "-clip") + "(\\d+)").matcher(svg);
    Map<String, Integer> numbers = new HashMap<>();
    StringBuilder out = new StringBuilder();
    while (clip.find()) {
      int n = numbers.computeIfAbsent(clip.group(1), k -> numbers.size() + 1);
      clip.appendReplacement(out, Matcher.quoteReplacement(id + "-clip" + n));
    }
    return clip.appendTail(out).toString();
  }

  private static CategoryChart chart(String title, String xAxis, String yAxis, int categories) {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xAxis)
            .yAxisTitle(yAxis)
            .build();
    CategoryStyler styler = chart.getStyler();
    style(styler);
    styler.setAvailableSpaceFill(0.7);
    if (categories >= UPRIGHT_LABELS_FROM) {
      styler.setXAxisLabelRotation(90);
      styler.setXAxisMaxLabelCount(MAX_LABELS);
    }
    return chart;
  }

  private static XYChart xyChart(String title, String xAxis, String yAxis) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xAxis)
            .yAxisTitle(yAxis)
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    return chart;
  }

  /** The look every chart shares. */
  private static void style(AxesChartStyler styler) {
    styler.setBaseFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setChartFontColor(INK);
    styler.setAxisTickLabelsColor(MUTED);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(false);
    styler.setChartTitleBoxVisible(false);
    styler.setPlotGridLinesColor(GRID);
    styler.setPlotGridLinesStroke(new BasicStroke(1f));
    styler.setPlotGridVerticalLinesVisible(false);
    styler.setLegendPosition(LegendPosition.OutsideS);
    styler.setLegendLayout(LegendLayout.Horizontal);
    styler.setLegendBorderColor(Color.WHITE);
  }

  /**
   * Each bucket's start as an axis label, as short as stays unique: the time of day within one
   * day, with the month and day across days, and the date for buckets of days. The year is in
   * the report's header.
   */
  static List<String> timeLabels(Timeline timeline) {
    DateTimeFormatter format =
        DateTimeFormatter.ofPattern(datePattern(timeline), Locale.ROOT).withZone(ZoneOffset.UTC);
    return timeline.points().stream().map(p -> format.format(p.start())).toList();
  }

  private static String datePattern(Timeline timeline) {
    List<TimePoint> points = timeline.points();
    if (timeline.bucketSeconds() >= DAY_SECONDS) {
      return "yyyy-MM-dd";
    }
    boolean oneDay =
        points.isEmpty()
            || points.get(0).start().getEpochSecond() / DAY_SECONDS
                == points.get(points.size() - 1).start().getEpochSecond() / DAY_SECONDS;
    return oneDay ? "HH:mm" : "MM-dd HH:mm";
  }
}
