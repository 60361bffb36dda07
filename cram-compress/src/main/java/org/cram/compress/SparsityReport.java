package org.cram.compress;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.cram.api.compress.Mask;
import org.cram.api.param.Parameter;
import org.cram.api.param.ParameterRole;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Zero counts per parameter, over the prunable weights and over all parameters. The reference's
 * {@code test_sparsity} reports {@link #overallSparsity()} (zeros over every parameter, batch-norm and biases
 * included); {@link #prunableSparsity()} is the fraction a compression target refers to.
 *
 * <p>Without a mask an entry counts as zero when its value is zero ({@code -0.0} included). With a mask, the
 * entries of parameters the mask covers count as zero where the mask is 0 (the sparsity pattern, even if the
 * weights have moved since), and other parameters count their zero values.
 */
public final class SparsityReport {

    /** One parameter's counts. */
    public record Layer(String name, ParameterRole role, boolean prunable, long numel, long zeros) {
        /** Fraction of zeros ({@code 0} for an empty tensor). */
        public double sparsity() {
            return numel == 0 ? 0.0 : (double) zeros / numel;
        }
    }

    private final List<Layer> layers;

    private SparsityReport(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** Counts the zero values of every parameter. */
    public static SparsityReport of(ParameterSet parameters) {
        return of(parameters, Mask.none());
    }

    /** Counts mask zeros for the parameters {@code mask} covers and zero values for the others. */
    public static SparsityReport of(ParameterSet parameters, Mask mask) {
        Objects.requireNonNull(mask, "mask");
        List<Layer> layers = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            INDArray counted = mask.covers(i) ? mask.entries().get(i) : p.value();
            layers.add(new Layer(p.name(), p.role(), p.isPrunable(), p.numel(), zeros(counted)));
        }
        return new SparsityReport(layers);
    }

    private static long zeros(INDArray a) {
        long zeros = 0;
        if (WeightIO.isFloat(a) && !a.isView() && a.ordering() == 'c') {
            FloatBuffer view = WeightIO.floatView(a);
            while (view.hasRemaining()) {
                zeros += view.get() == 0f ? 1 : 0;
            }
            return zeros;
        }
        for (double v : a.dup('c').data().asDouble()) {
            zeros += v == 0.0 ? 1 : 0;
        }
        return zeros;
    }

    /** Per-parameter counts, in parameter order. */
    public List<Layer> layers() {
        return layers;
    }

    /** The counts of the parameter with this name. */
    public Layer layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no parameter named '" + name + "' in the report"));
    }

    public long prunableNumel() {
        return layers.stream().filter(Layer::prunable).mapToLong(Layer::numel).sum();
    }

    public long prunableZeros() {
        return layers.stream().filter(Layer::prunable).mapToLong(Layer::zeros).sum();
    }

    public long totalNumel() {
        return layers.stream().mapToLong(Layer::numel).sum();
    }

    public long totalZeros() {
        return layers.stream().mapToLong(Layer::zeros).sum();
    }

    /** Zeros over the prunable parameters ({@code 0} if there are none). */
    public double prunableSparsity() {
        long n = prunableNumel();
        return n == 0 ? 0.0 : (double) prunableZeros() / n;
    }

    /** Zeros over all parameters, as the reference's {@code test_sparsity} ({@code 0} for no parameters). */
    public double overallSparsity() {
        long n = totalNumel();
        return n == 0 ? 0.0 : (double) totalZeros() / n;
    }

    /** A fixed-width text table: one row per parameter, then the prunable and overall totals. */
    public String toTable() {
        int width = Math.max(9, layers.stream().mapToInt(l -> l.name().length()).max().orElse(0));
        String row = "%-" + width + "s %-13s %-8s %12s %12s %9s%n";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, row, "parameter", "role", "prunable",
                "numel", "zeros", "sparsity"));
        for (Layer l : layers) {
            sb.append(String.format(Locale.ROOT, row, l.name(), l.role(), l.prunable() ? "yes" : "no", l.numel(),
                    l.zeros(), String.format(Locale.ROOT, "%.4f", l.sparsity())));
        }
        sb.append(String.format(Locale.ROOT, row, "prunable", "", "", prunableNumel(), prunableZeros(),
                String.format(Locale.ROOT, "%.4f", prunableSparsity())));
        sb.append(String.format(Locale.ROOT, row, "all", "", "", totalNumel(), totalZeros(),
                String.format(Locale.ROOT, "%.4f", overallSparsity())));
        return sb.toString();
    }

    @Override
    public String toString() {
        return toTable();
    }
}
