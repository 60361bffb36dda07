package org.cram.experiments.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cram.api.compress.CompressionTarget;
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

    /**
     * Test accuracy (%) against one-shot sparsity (%): one line per trained model and sparsity compressor (columns
     * with other targets, such as N:M or bits, are in the table, not the chart). Returns false when the grid has no
     * sparsity targets and nothing was drawn.
     */
    public static boolean accuracyVsSparsity(ResultTable table, String title, Path png) throws IOException {
        return accuracyVsSparsity(table, title, "test accuracy (%)", png);
    }

    /** As {@link #accuracyVsSparsity(ResultTable, String, Path)}, with the y axis titled {@code yTitle}. */
    public static boolean accuracyVsSparsity(ResultTable table, String title, String yTitle, Path png)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("one-shot sparsity (%)").yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setYAxisMin(0.0);
        List<String> compressors = table.columns().stream()
                .filter(c -> c.target() instanceof CompressionTarget.Sparsity).map(ResultTable.Column::compressor)
                .distinct().toList();
        for (ResultTable.Row r : table.rows()) {
            for (String compressor : compressors) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (int i = 0; i < table.columns().size(); i++) {
                    ResultTable.Column c = table.columns().get(i);
                    if (c.compressor().equals(compressor) && c.target() instanceof CompressionTarget.Sparsity s) {
                        x.add(100 * s.fraction());
                        y.add(100 * r.accuracies().get(i));
                    }
                }
                String name = r.model() + " / " + r.optimizer() + (compressors.size() > 1 ? " / " + compressor : "");
                chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        if (compressors.isEmpty()) {
            return false;
        }
        save(chart, png);
        return true;
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
