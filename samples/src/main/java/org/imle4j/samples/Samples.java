package org.imle4j.samples;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.imle4j.samples.aspect.AspectReviewsCommand;
import org.imle4j.samples.bench.BenchCommand;
import org.imle4j.samples.bench.GcProbeCommand;
import org.imle4j.samples.bench.PoolSpeedupCommand;
import org.imle4j.samples.bench.SoakCommand;
import org.imle4j.samples.cluster.ClusterSolveCommand;
import org.imle4j.samples.cluster.SolverMemberCommand;
import org.imle4j.samples.dvae.DvaeCommand;
import org.imle4j.samples.fidelity.GradientFidelityCommand;
import org.imle4j.samples.l2x.L2xCommand;
import org.imle4j.samples.nri.NriCommand;
import org.imle4j.samples.pyepo.PyEpoKnapsackCommand;
import org.imle4j.samples.pyepo.PyEpoShortestPathCommand;
import org.imle4j.samples.pyepo.PyEpoTspCommand;
import org.imle4j.samples.shortestpath.ShortestPathCommand;
import org.imle4j.samples.topk.TopKOptimisationCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/** The command-line entry point: one subcommand per experiment. */
@Command(
        name = "imle4j-samples",
        mixinStandardHelpOptions = true,
        versionProvider = Samples.Version.class,
        description = "Experiments of the I-MLE and adaptive I-MLE papers, and the benchmark, on generated data.",
        subcommands = {BenchCommand.class, SoakCommand.class, GcProbeCommand.class, PoolSpeedupCommand.class,
                GradientFidelityCommand.class, TopKOptimisationCommand.class, L2xCommand.class,
                AspectReviewsCommand.class, ShortestPathCommand.class, PyEpoShortestPathCommand.class,
                PyEpoKnapsackCommand.class, PyEpoTspCommand.class, DvaeCommand.class, NriCommand.class,
                ClusterSolveCommand.class, SolverMemberCommand.class})
public final class Samples implements Runnable {
    /** Creates the program; picocli fills its options. */
    public Samples() {}

    /** The option that shows DJL's log messages, which simplelogger.properties keeps quiet. */
    static final String VERBOSE = "--verbose";

    /** slf4j-simple's level for DJL's loggers; read once, when the first logger is made. */
    private static final String DJL_LOG_LEVEL = "org.slf4j.simpleLogger.log.ai.djl";

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * Runs the command line {@code args} and exits with its code: 0 on success, 2 for invalid options. DJL runs
     * offline unless the system property {@code offline} says otherwise: the PyTorch library is on the class path, and
     * a missing one should be an error rather than a download.
     *
     * @param args a subcommand and its options
     */
    public static void main(String[] args) {
        if (System.getProperty("offline") == null) {
            System.setProperty("offline", "true");
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line of the samples: an invalid option is reported in one line on the error stream, with exit
     * code 2, and {@value #VERBOSE} on any command turns DJL's log messages on.
     *
     * @return a new command line, ready to {@link CommandLine#execute execute}
     */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Samples());
        commandLine.getCommandSpec().addOption(OptionSpec.builder(VERBOSE).scopeType(ScopeType.INHERIT)
                .description("Show DJL's log messages (engine banners, warnings), quiet by default.").build());
        commandLine.setParameterExceptionHandler((error, args) -> {
            CommandLine failed = error.getCommandLine();
            failed.getErr().println(failed.getCommandName() + ": " + error.getMessage() + " (see "
                    + failed.getCommandSpec().qualifiedName() + " --help)");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        commandLine.setExecutionStrategy(parseResult -> {
            for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
                if (level.hasMatchedOption(VERBOSE)) {
                    System.setProperty(DJL_LOG_LEVEL, "info");
                }
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return commandLine;
    }

    /** The samples' version, written into a resource at build time, and the DJL version they run on. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Samples.class.getResourceAsStream("version.properties")) {
                if (in == null) {
                    throw new IOException("version.properties is missing from the samples' classes");
                }
                properties.load(in);
            }
            return new String[] {"imle4j-samples " + properties.getProperty("version") + " (DJL "
                    + Engine.getDjlVersion() + ")"};
        }
    }
}
