package org.imle4j.samples.harness;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A command of the samples CLI, with the shared options ({@link CommonOptions}, {@code --help}, {@code --version})
 * and the one call every experiment makes: check the options, seed the engine's random generator with {@code --seed},
 * compute with {@code --torch-threads} PyTorch threads, report; exit code 0 (2 for an invalid option, through
 * {@link CommonOptions#invalid}).
 *
 * @param <R> what the computation hands to the report
 */
@Command(mixinStandardHelpOptions = true)
public abstract class SampleCommand<R> implements Callable<Integer> {
    /** The options every command shares; picocli fills them. */
    @Mixin
    protected CommonOptions common;

    /** Creates the command; picocli fills its options from the command line. */
    protected SampleCommand() {}

    @Override
    public final Integer call() {
        validate();
        report(common.withTorchThreads(() -> {
            Training.seed(common.seed());
            return compute();
        }), common.report());
        return 0;
    }

    /**
     * Checks the options before anything is computed.
     *
     * @throws picocli.CommandLine.ParameterException if an option is out of range
     */
    protected abstract void validate();

    /**
     * Runs the experiment.
     *
     * @return what the report shows
     */
    protected abstract R compute();

    /**
     * Writes the tables, plots and JSON files of a result.
     *
     * @param result what {@link #compute()} returned
     * @param writer the writer into {@code --out}
     */
    protected abstract void report(R result, ReportWriter writer);
}
