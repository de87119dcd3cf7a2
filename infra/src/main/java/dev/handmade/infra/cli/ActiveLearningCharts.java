package dev.handmade.infra.cli;

import dev.handmade.model.experiment.ExperimentResult;
import dev.handmade.model.experiment.ExperimentResult.CurvePoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The experiment's plots, as PNG files: accuracy and the machine's share against human labels. */
final class ActiveLearningCharts {

  static final String ACCURACY_PNG = "active-learning-accuracy.png";
  static final String MACHINE_SHARE_PNG = "active-learning-machine-share.png";

  private static final Color[] PALETTE = {
    new Color(0x52606D),
    new Color(0x3B6EA8),
    new Color(0xE08A3C),
    new Color(0x2E7D6B),
    new Color(0x8E44AD),
    new Color(0xC62828),
    new Color(0x9C7C38)
  };

  private ActiveLearningCharts() {}

  static List<Path> write(ExperimentResult result, double target, Path folder) {
    try {
      Files.createDirectories(folder);
      Path accuracy = folder.resolve(ACCURACY_PNG);
      Path share = folder.resolve(MACHINE_SHARE_PNG);
      Files.write(
          accuracy, BitmapEncoder.getBitmapBytes(accuracy(result, target), BitmapFormat.PNG));
      Files.write(share, BitmapEncoder.getBitmapBytes(machineShare(result), BitmapFormat.PNG));
      return List.of(accuracy, share);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the experiment's plots to " + folder, e);
    }
  }

  /** Mean accuracy over the seeds, with error bars of one standard deviation, and the target as a line. */
  static XYChart accuracy(ExperimentResult result, double target) {
    XYChart chart =
        chart(
            String.format(
                "Held-out accuracy against human labels (mean of %d seeds, bars: +-1 sd)",
                result.seeds().size()),
            "accuracy");
    chart.getStyler().setErrorBarsColorSeriesColor(true);
    int colour = 0;
    double maxLabels = 0;
    for (String s : result.strategies()) {
      List<CurvePoint> curve = result.curve(s);
      maxLabels = Math.max(maxLabels, curve.get(curve.size() - 1).humanLabels());
      XYSeries series =
          chart.addSeries(
              s,
              values(curve, CurvePoint::humanLabels),
              values(curve, CurvePoint::meanAccuracy),
              values(curve, CurvePoint::sdAccuracy));
      style(series, PALETTE[colour++ % PALETTE.length]);
    }
    XYSeries line =
        chart.addSeries(
            String.format("target %.3f", target),
            new double[] {0, maxLabels},
            new double[] {target, target});
    line.setMarker(SeriesMarkers.NONE);
    line.setLineColor(Color.BLACK);
    line.setLineStyle(
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    return chart;
  }

  /** The share of frames the machine may decide at the loop's threshold, mean over the seeds. */
  static XYChart machineShare(ExperimentResult result) {
    XYChart chart =
        chart(
            String.format(
                "Share the machine decides at the threshold for %.0f%% accuracy (mean of %d "
                    + "seeds)",
                100 * result.machineTarget(), result.seeds().size()),
            "decided by the machine");
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setYAxisMax(1.0);
    int colour = 0;
    for (String s : result.strategies()) {
      List<CurvePoint> curve = result.curve(s);
      style(
          chart.addSeries(
              s,
              values(curve, CurvePoint::humanLabels),
              values(curve, CurvePoint::meanMachineShare)),
          PALETTE[colour++ % PALETTE.length]);
    }
    return chart;
  }

  private static XYChart chart(String title, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title(title)
            .xAxisTitle("human labels")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(LegendPosition.InsideSE);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    chart.getStyler().setYAxisDecimalPattern("0.00");
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    return chart;
  }

  private static void style(XYSeries series, Color colour) {
    series.setLineColor(colour);
    series.setMarkerColor(colour);
    series.setMarker(SeriesMarkers.CIRCLE);
  }

  private static double[] values(List<CurvePoint> curve, ToDoubleFunction<CurvePoint> f) {
    return curve.stream().mapToDouble(f).toArray();
  }
}
