package org.cram.experiments.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How this invocation runs a config (not part of the experiment's description).
 *
 * @param configFile      the config file, logged as an artifact of every run (empty when built in code)
 * @param overrides       command-line {@code --set} overrides, logged as a param
 * @param resume          continue each arm from its newest checkpoint instead of starting afresh
 * @param checkpointRoot  folder for per-arm checkpoints ({@code <root>/<experiment>/<model>/<arm>})
 * @param stage           what this invocation does with each arm
 */
public record RunOptions(Optional<Path> configFile, List<String> overrides, boolean resume, Path checkpointRoot,
                         Stage stage) {
    public static final Path DEFAULT_CHECKPOINT_ROOT = Path.of("checkpoints");

    /** What an invocation does with each (model, optimizer) arm of the config. */
    public enum Stage {
        /** {@code cram run}: train, sweep, and fine-tune and transfer if configured. */
        TRAIN_AND_SWEEP,
        /** {@code cram sweep}: load the trained model from its newest checkpoint and sweep it. */
        SWEEP,
        /** {@code cram finetune}: load the trained model from its newest checkpoint and fine-tune it sparse. */
        FINETUNE,
        /** {@code cram transfer}: load the trained model from its newest checkpoint and transfer it sparse. */
        TRANSFER
    }

    public RunOptions(Optional<Path> configFile, List<String> overrides, boolean resume, Path checkpointRoot) {
        this(configFile, overrides, resume, checkpointRoot, Stage.TRAIN_AND_SWEEP);
    }

    /** Options for a config built in code: no file, no overrides, fresh start. */
    public static RunOptions defaults() {
        return new RunOptions(Optional.empty(), List.of(), false, DEFAULT_CHECKPOINT_ROOT);
    }
}
