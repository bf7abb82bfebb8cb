package org.imle4j.samples.harness;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * A command of the samples CLI, with the shared options ({@link CommonOptions}, {@code --help}, {@code --version})
 * and the one call every experiment makes: check the options, seed the engine's random generator with {@code --seed},
 * compute with {@code --torch-threads} PyTorch threads, report, and write the JSON record to
 * {@code <command name>.json} in {@code --out}; exit code 0 (2 for an invalid option, through
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
        common.checkRanges();
        validate();
        R result = common.withTorchThreads(() -> {
            Training.seed(common.seed());
            return compute();
        });
        ReportWriter writer = common.report();
        report(result, writer);
        writer.json(common.command.name() + ".json", record(result));
        return 0;
    }

    /**
     * Checks what the options' {@link Range}s cannot: a range that depends on another option. Runs after those
     * checks, before anything is computed; none by default.
     *
     * @throws picocli.CommandLine.ParameterException if an option is out of range
     */
    protected void validate() {}

    /**
     * Runs the experiment.
     *
     * @return what the report shows
     */
    protected abstract R compute();

    /**
     * Prints the tables and writes the plots of a result; the JSON record follows ({@link #record}).
     *
     * @param result what {@link #compute()} returned
     * @param writer the writer into {@code --out}
     */
    protected abstract void report(R result, ReportWriter writer);

    /**
     * The machine-readable record of a result, with stable keys: the result itself, unless the command records its
     * settings with it.
     *
     * @param result what {@link #compute()} returned
     * @return what {@link ReportWriter#json} writes
     */
    protected Object record(R result) {
        return result;
    }
}
