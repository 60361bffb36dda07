package org.cram.experiments.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts of an experiment, drawn headless with XChart. */
public final class Plots {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private Plots() {
    }

    /** Test accuracy (%) against one-shot sparsity (%), one line per trained model. */
    public static void accuracyVsSparsity(ResultTable table, String title, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("one-shot sparsity (%)").yAxisTitle("test accuracy (%)").build();
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setYAxisMin(0.0);
        for (ResultTable.Row r : table.rows()) {
            double[] x = table.sparsities().stream().mapToDouble(s -> 100 * s).toArray();
            double[] y = r.accuracies().stream().mapToDouble(a -> 100 * a).toArray();
            chart.addSeries(r.model() + " / " + r.optimizer(), x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, png);
    }

    /** One line per training run: a per-epoch metric (e.g. test accuracy in %). */
    public static void trainingCurves(Map<String, List<Double>> perRun, String metric, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("training curves")
                .xAxisTitle("epoch").yAxisTitle(metric).build();
        perRun.forEach((name, values) -> {
            double[] x = new double[values.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            chart.addSeries(name, x, values.stream().mapToDouble(Double::doubleValue).toArray())
                    .setMarker(SeriesMarkers.CIRCLE);
        });
        save(chart, png);
    }

    private static void save(XYChart chart, Path png) throws IOException {
        String file = png.toString();
        BitmapEncoder.saveBitmap(chart, file.endsWith(".png") ? file.substring(0, file.length() - 4) : file,
                BitmapEncoder.BitmapFormat.PNG);
    }
}
