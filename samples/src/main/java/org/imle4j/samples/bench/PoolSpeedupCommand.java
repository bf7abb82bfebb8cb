package org.imle4j.samples.bench;

import static org.imle4j.samples.harness.ReportWriter.fixed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solvers.GridShortestPathLayer;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Speed-up of the solver pool: B·S perturbed 30×30 vertex-weighted grids solved by the plain-Java Dijkstra layer,
 * on one thread and on the whole shared pool.
 */
@Command(name = "pool-speedup",
        description = "Time to solve B·S grid shortest paths on one thread and on the solver pool.")
public final class PoolSpeedupCommand extends SampleCommand<List<PoolSpeedupCommand.Timing>> {
    @Option(names = "--grid", description = "Grid side (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int grid = 30;

    @Option(names = "--instances", description = "Instances per call, B·S (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int instances = 320;

    @Option(names = "--repeats", description = "Timed calls per setting (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int repeats = 30;

    /** Median time of one call with the given number of solver threads. */
    record Timing(int threads, double medianMs, double microsPerInstance) {}

    @Override
    protected void report(List<Timing> timings, ReportWriter report) {
        Table table = new Table("threads", "ms per call", "µs per instance", "speed-up");
        for (Timing timing : timings) {
            table.row(timing.threads(), fixed(timing.medianMs(), 2), fixed(timing.microsPerInstance(), 1),
                    fixed(timings.get(0).medianMs() / timing.medianMs(), 2));
        }
        report.table("", table);
    }

    /** The median time of a call on one thread, then on the shared pool, after five calls not timed. */
    @Override
    protected List<Timing> compute() {
        List<Timing> timings = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(common.device())) {
            NDArray costs = manager.randomUniform(0.1f, 10f, new Shape(instances, grid, grid));
            for (int threads : new int[] {1, ArraySolvers.sharedThreads()}) {
                SolverLayer layer = GridShortestPathLayer.builder().optSolverThreads(threads).build();
                double[] ms = new double[repeats];
                for (int r = -5; r < repeats; r++) {
                    try (NDManager scope = manager.newSubManager()) {
                        NDArray input = costs.duplicate();
                        input.attach(scope);
                        long start = System.nanoTime();
                        layer.forward(new ParameterStore(scope, false), new NDList(input), false);
                        if (r >= 0) {
                            ms[r] = (System.nanoTime() - start) / 1e6;
                        }
                    }
                }
                double median = Statistics.median(ms);
                timings.add(new Timing(threads, median, median * 1000 / instances));
            }
        }
        return timings;
    }
}
