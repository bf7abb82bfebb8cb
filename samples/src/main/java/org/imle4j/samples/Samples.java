package org.imle4j.samples;

import org.imle4j.samples.bench.BenchCommand;
import org.imle4j.samples.bench.GcProbeCommand;
import org.imle4j.samples.bench.PoolSpeedupCommand;
import org.imle4j.samples.bench.SoakCommand;
import org.imle4j.samples.fidelity.GradientFidelityCommand;
import org.imle4j.samples.l2x.L2xCommand;
import org.imle4j.samples.pyepo.PyEpoShortestPathCommand;
import org.imle4j.samples.shortestpath.ShortestPathCommand;
import org.imle4j.samples.topk.TopKOptimisationCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line entry point: one subcommand per experiment. */
@Command(
        name = "imle4j-samples",
        mixinStandardHelpOptions = true,
        description = "Experiments of the I-MLE and adaptive I-MLE papers, and the benchmark, on generated data.",
        subcommands = {BenchCommand.class, SoakCommand.class, GcProbeCommand.class, PoolSpeedupCommand.class,
                GradientFidelityCommand.class, TopKOptimisationCommand.class, L2xCommand.class,
                ShortestPathCommand.class, PyEpoShortestPathCommand.class})
public final class Samples implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Samples()).execute(args));
    }
}
