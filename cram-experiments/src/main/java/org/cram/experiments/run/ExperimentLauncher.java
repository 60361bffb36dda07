package org.cram.experiments.run;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import java.io.PrintStream;
import org.cram.api.track.RunTracker;
import org.cram.compress.CompressorRegistry;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.wiring.CompressionModule;
import org.cram.experiments.wiring.ExperimentModule;

/** Wires one validated experiment config with Guice and runs it: the one path from a config to a result table. */
public final class ExperimentLauncher {
    private ExperimentLauncher() {
    }

    /**
     * Runs {@code config} and closes its tracker (flushing every run) before returning.
     *
     * @param console  progress output
     * @param tracking where runs go (a {@code TrackingModule})
     */
    public static ResultTable run(ExperimentConfig config, RunOptions options, PrintStream console,
                                  CompressorRegistry registry, Module tracking) {
        Injector injector = Guice.createInjector(new CompressionModule(registry),
                new ExperimentModule(config, console, options), tracking);
        try (RunTracker tracker = injector.getInstance(RunTracker.class)) {
            return injector.getInstance(TrainSweepExperiment.class).run();
        }
    }
}
