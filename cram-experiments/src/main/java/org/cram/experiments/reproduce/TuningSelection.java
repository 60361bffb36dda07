package org.cram.experiments.reproduce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.config.OptimizerConfig;
import org.cram.experiments.config.SuiteConfig;
import org.cram.experiments.run.ResultTable;

/**
 * Picks each arm's hyper-parameters from a tuning run scored on the validation split. The tuning config's arms are
 * variants {@code ARM/VARIANT}; a variant's score is the mean of its row's one-shot scores over the tuning sweep
 * (dense included when the sweep lists 0%), so it rewards accuracy that survives compression, which is what a
 * CrAM user tunes for. The best variant of each arm (first listed on ties) passes the suite's tuning keys on as
 * {@code optimizers.ARM.KEY=value} overrides.
 */
public final class TuningSelection {

    /**
     * One variant's outcome.
     *
     * @param arm     the arm it tunes
     * @param variant the tuning config's label
     * @param score   the mean validation score over the sweep
     * @param chosen  whether it won its arm
     */
    public record Candidate(String arm, String variant, double score, boolean chosen) {
    }

    private final List<Candidate> candidates;
    private final List<String> overrides;

    private TuningSelection(List<Candidate> candidates, List<String> overrides) {
        this.candidates = List.copyOf(candidates);
        this.overrides = List.copyOf(overrides);
    }

    /**
     * @param tuning the tuning config (its arms named {@code ARM/VARIANT})
     * @param table  the tuning run's result table, scored on the validation split
     * @param suite  the suite's tuning: the hyper-parameters to pass on and to which arms
     */
    public static TuningSelection select(ExperimentConfig tuning, ResultTable table, SuiteConfig.Tuning suite) {
        Map<String, Candidate> best = new LinkedHashMap<>();
        List<Candidate> all = new ArrayList<>();
        for (ResultTable.Row row : table.rows()) {
            String label = row.optimizer();
            int sep = label.indexOf(SuiteConfig.VARIANT_SEPARATOR);
            if (sep <= 0) {
                throw new IllegalArgumentException("tuning arm '" + label + "' is not named ARM"
                        + SuiteConfig.VARIANT_SEPARATOR + "VARIANT (e.g. cram-plus/rho0.1)");
            }
            String arm = label.substring(0, sep);
            double score = row.accuracies().stream().mapToDouble(Double::doubleValue).average()
                    .orElse(row.denseAccuracy());
            Candidate c = new Candidate(arm, label, score, false);
            all.add(c);
            Candidate current = best.get(arm);
            if (current == null || score > current.score()) {
                best.put(arm, c);
            }
        }
        List<Candidate> marked = all.stream().map(c -> new Candidate(c.arm(), c.variant(), c.score(),
                best.get(c.arm()) == c)).toList();
        List<String> overrides = new ArrayList<>();
        for (Candidate winner : best.values()) {
            OptimizerConfig chosen = tuning.optimizer(winner.variant());
            for (String key : suite.keys()) {
                double value = switch (key) {
                    case "rho" -> chosen.rho();
                    case "lr" -> chosen.lr();
                    default -> throw new IllegalArgumentException("cannot tune '" + key + "'; tunable: "
                            + SuiteConfig.TUNABLE_KEYS);
                };
                if (key.equals("rho") && !chosen.twoPass()) {
                    continue;
                }
                for (String target : suite.targetsOf(winner.arm())) {
                    overrides.add(String.format(Locale.ROOT, "optimizers.%s.%s=%s", target, key, value));
                }
            }
        }
        return new TuningSelection(marked, overrides);
    }

    /** Every variant with its score, in table order. */
    public List<Candidate> candidates() {
        return candidates;
    }

    /** {@code optimizers.ARM.KEY=value} for every tuned arm and key. */
    public List<String> overrides() {
        return overrides;
    }
}
