package org.cram.experiments.run;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.cram.api.optim.StepDiagnostics;
import org.cram.api.train.TrainingListener;

/** Prints progress with an ETA about ten times per epoch, and a line per epoch. */
final class ProgressListener implements TrainingListener {
    private final String label;
    private final String metric;
    private final PrintStream out;
    private int epochs;
    private int stepsPerEpoch;
    private long startNanos;
    private double lossSum;
    private int lossCount;

    /** @param metric the name of the test score each epoch line shows ({@code test_<metric>}, e.g. accuracy) */
    ProgressListener(String label, String metric, PrintStream out) {
        this.label = label;
        this.metric = metric;
        this.out = out;
    }

    @Override
    public void onTrainingStart(int epochs, int stepsPerEpoch) {
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.startNanos = System.nanoTime();
    }

    @Override
    public void onStep(int epoch, long step, StepDiagnostics d, double cleanAccuracy, double stepSeconds) {
        lossSum += d.cleanLoss();
        lossCount++;
        long inEpoch = step % stepsPerEpoch + 1;
        long every = Math.max(1, stepsPerEpoch / 10);
        if (inEpoch % every == 0 && inEpoch != stepsPerEpoch) {
            double done = (double) (step + 1) / ((long) epochs * stepsPerEpoch);
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            out.printf(Locale.ROOT, "  [%s] epoch %d/%d  step %d/%d  loss %.4f  ETA %s%n", label, epoch + 1, epochs,
                    inEpoch, stepsPerEpoch, lossSum / lossCount, duration(elapsed / done - elapsed));
            lossSum = 0;
            lossCount = 0;
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> m) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "  [%s] epoch %d/%d done in %.1fs: train loss %.4f, test %s %.2f%%, ETA %s%n",
                label, epoch + 1, epochs, m.get("epoch_seconds"), m.get("train_loss"), metric,
                100 * m.get("test_" + metric), duration(elapsed / (epoch + 1) * (epochs - epoch - 1)));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
