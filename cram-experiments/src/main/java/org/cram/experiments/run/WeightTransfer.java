package org.cram.experiments.run;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.cram.api.compress.Mask;
import org.cram.api.model.Model;
import org.cram.api.param.ParameterSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves a trained model's weights into the same architecture built for another task. Every parameter of the same
 * shape is copied, with the batch-norm statistics; when the tasks have different numbers of classes, the parameters
 * whose shape depends on it (the classification head) keep the target model's fresh seeded initialization.
 */
final class WeightTransfer {
    private WeightTransfer() {
    }

    /**
     * Copies {@code from} into {@code to}.
     *
     * @param replaceHead whether the tasks' class counts differ, so that some parameters may not match in shape
     * @return the indices of the parameters left as initialized (the replaced head; empty when not replaced)
     * @throws IllegalStateException when the models are not the same architecture, or a parameter's shape differs
     *                               although the head is kept
     */
    static Set<Integer> copy(Model from, Model to, boolean replaceHead) {
        ParameterSet source = from.parameters();
        ParameterSet target = to.parameters();
        if (!source.names().equals(target.names())) {
            throw new IllegalStateException("cannot transfer " + from.name() + " to " + to.name()
                    + ": their parameters differ (" + source.size() + " vs " + target.size() + ")");
        }
        Set<Integer> head = new TreeSet<>();
        for (int i = 0; i < source.size(); i++) {
            INDArray s = source.get(i).value();
            INDArray t = target.get(i).value();
            if (Arrays.equals(s.shape(), t.shape())) {
                t.assign(s);
            } else if (replaceHead) {
                head.add(i);
            } else {
                throw new IllegalStateException("cannot transfer parameter '" + source.get(i).name() + "' of shape "
                        + Arrays.toString(s.shape()) + " to shape " + Arrays.toString(t.shape())
                        + " with the same number of classes");
            }
        }
        if (replaceHead && head.isEmpty()) {
            throw new IllegalStateException("the number of classes differs, but no parameter of " + to.name()
                    + " depends on it");
        }
        var fromStats = from.batchNormStatistics();
        var toStats = to.batchNormStatistics();
        for (int i = 0; i < toStats.size(); i++) {
            toStats.get(i).assign(fromStats.get(i));
        }
        return head;
    }

    /** The mask without entries for {@code fresh} parameters: a replaced head trains dense. */
    static Mask without(Mask mask, Set<Integer> fresh) {
        Map<Integer, INDArray> kept = mask.entries().entrySet().stream()
                .filter(e -> !fresh.contains(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        java.util.LinkedHashMap::new));
        return new Mask(kept);
    }
}
