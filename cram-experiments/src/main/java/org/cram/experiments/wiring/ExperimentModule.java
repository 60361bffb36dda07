package org.cram.experiments.wiring;

import com.google.inject.AbstractModule;
import java.io.PrintStream;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.run.ExperimentData;
import org.cram.experiments.run.RunOptions;

/** Binds a validated experiment config, its data, the run options and the console the experiment reports to. */
public final class ExperimentModule extends AbstractModule {
    private final ExperimentConfig config;
    private final PrintStream console;
    private final RunOptions options;

    public ExperimentModule(ExperimentConfig config, PrintStream console) {
        this(config, console, RunOptions.defaults());
    }

    public ExperimentModule(ExperimentConfig config, PrintStream console, RunOptions options) {
        this.config = config;
        this.console = console;
        this.options = options;
    }

    @Override
    protected void configure() {
        bind(ExperimentConfig.class).toInstance(config);
        bind(PrintStream.class).toInstance(console);
        bind(RunOptions.class).toInstance(options);
        bind(ExperimentData.class).asEagerSingleton();
    }
}
