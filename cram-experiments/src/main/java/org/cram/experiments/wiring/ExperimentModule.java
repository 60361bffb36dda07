package org.cram.experiments.wiring;

import com.google.inject.AbstractModule;
import java.io.PrintStream;
import org.cram.experiments.config.ExperimentConfig;
import org.cram.experiments.run.ExperimentData;

/** Binds a validated experiment config, its data and the console the experiment reports to. */
public final class ExperimentModule extends AbstractModule {
    private final ExperimentConfig config;
    private final PrintStream console;

    public ExperimentModule(ExperimentConfig config, PrintStream console) {
        this.config = config;
        this.console = console;
    }

    @Override
    protected void configure() {
        bind(ExperimentConfig.class).toInstance(config);
        bind(PrintStream.class).toInstance(console);
        bind(ExperimentData.class).asEagerSingleton();
    }
}
