package org.imle4j.samples.cluster;

import static org.imle4j.samples.harness.ReportWriter.fixed;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.imle4j.cluster.ClusterSettings;
import org.imle4j.cluster.ClusterSolverExecutor;
import org.imle4j.cluster.LocalMembers;
import org.imle4j.ortools.TravellingSalesperson;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.solve.SolverExecutor;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.pyepo.TspData;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Solver calls on a cluster: a fixed stream of perturbed pyepo-tsp batches solved by CP-SAT on the local pool and on
 * N solver members in JVMs of their own on 127.0.0.1, once more on the cluster with one member killed part-way; and
 * the cost of a call of a solver that does next to nothing, on each executor.
 */
@Command(name = "cluster-solve",
        description = "Perturbed TSP batches solved on the local pool and on N solver members (JVMs on 127.0.0.1), "
                + "one member killed part-way; the cluster's overhead per call.")
public final class ClusterSolveCommand extends SampleCommand<ClusterSolveCommand.Result> {
    /** Features and data settings of pyepo-tsp's generator, whose distances the costs start from. */
    private static final int FEATURES = 5;
    private static final int DEGREE = 4;
    private static final double HALF_WIDTH = 0.5;
    private static final int WARMUP_STEPS = 2;

    @Option(names = "--members", description = "Solver members started (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(2) int members = 2;

    @Option(names = "--member-threads", description = "Solver threads per member (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int memberThreads = 1;

    @Option(names = "--nodes", description = "Nodes of each TSP instance (default: ${DEFAULT-VALUE}, pyepo-tsp's).")
    @Range.AtLeast(3) int nodes = 10;

    @Option(names = "--batch", description = "Instances per step (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int batch = 32;

    @Option(names = "--steps", description = "Steps of the stream (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(2) int steps = 20;

    @Option(names = "--overhead-calls", description = "Timed calls of the trivial solver per setting (default: "
            + "${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int overheadCalls = 50;

    /** The median time of a call of the trivial solver with {@code instances} instances on each executor. */
    record Overhead(int instances, double localMsPerCall, double clusterMsPerCall, double overheadMsPerCall) {}

    /** The stream solved again on the cluster with a member killed as its middle step started. */
    record Fault(boolean killedMember, int lostInstances, long resubmittedShards, boolean identical) {}

    /** What the command measured; the JSON record. */
    record Result(int members, int memberThreads, int nodes, int instancesPerStep, int steps, boolean identical,
            double localMsPerStep, double clusterMsPerStep, double solveMsPerInstance, int localThreads,
            double memberStartSeconds, List<Overhead> overhead, Fault faultInjected) {}

    @Override
    protected Result compute() {
        List<float[]> stream = stream();
        long start = System.nanoTime();
        try (LocalMembers cluster = LocalMembers.start(members, memberThreads,
                Collections.nCopies(members, List.of("-Xmx384m", "-XX:+UseSerialGC")));
             ClusterSolverExecutor executor = ClusterSolverExecutor.connect(ClusterSettings.of(cluster.addresses()));
             NDManager manager = NDManager.newBaseManager(common.device())) {
            awaitMembers(executor);
            double startSeconds = (System.nanoTime() - start) / 1e9;
            SolverLayer local = ClusterTspLayer.builder().setNodes(nodes).optSolverExecutor(SolverExecutor.local())
                    .build();
            SolverLayer remote = ClusterTspLayer.builder().setNodes(nodes).optSolverExecutor(executor).build();
            Run localRun = run(local, stream, manager);
            Run clusterRun = run(remote, stream, manager);
            double perInstance = localRun.solverNanos() / 1e6 / (steps * (double) batch);
            List<Overhead> overhead = new ArrayList<>();
            for (int instances : new int[] {1, batch}) {
                overhead.add(overhead(instances, executor, manager));
            }
            Fault fault = faultRun(remote, stream, manager, cluster, executor, localRun);
            return new Result(members, memberThreads, nodes, batch, steps, Arrays.deepEquals(localRun.solutions(),
                    clusterRun.solutions()), localRun.msPerStep(), clusterRun.msPerStep(), perInstance,
                    Math.min(batch, org.imle4j.runtime.solve.ArraySolvers.sharedThreads()), startSeconds, overhead,
                    fault);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the solver members started", e);
        }
    }

    /** The stream's perturbed costs: pyepo-tsp's distances plus standard normal noise, one array per step. */
    private List<float[]> stream() {
        int edges = TravellingSalesperson.edgeCount(nodes);
        double[] distances = new TspData(nodes, FEATURES, DEGREE, HALF_WIDTH, common.seed(),
                costs -> ClusterTsp.tour(costs, nodes)).distances();
        SplittableRandom random = new SplittableRandom(common.seed());
        List<float[]> stream = new ArrayList<>();
        for (int s = 0; s < steps + WARMUP_STEPS; s++) {
            float[] costs = new float[batch * edges];
            for (int i = 0; i < costs.length; i++) {
                costs[i] = (float) (distances[i % edges] + gaussian(random));
            }
            stream.add(costs);
        }
        return stream;
    }

    private static double gaussian(SplittableRandom random) {
        // Box–Muller: SplittableRandom has no Gaussian of its own on Java 17.
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private void awaitMembers(ClusterSolverExecutor executor) throws InterruptedException {
        long until = System.nanoTime() + 60_000_000_000L;
        while (executor.members().size() < members && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        if (executor.members().size() < members) {
            throw new IllegalStateException("only " + executor.members() + " of " + members + " members joined");
        }
    }

    /**
     * The solutions of every step after the warm-up, the mean wall time of a timed step, and the time that threads
     * spent solving in the timed steps, summed over the threads (on the local pool: the solver's own work).
     */
    private record Run(float[][] solutions, double msPerStep, long solverNanos) {}

    private Run run(SolverLayer layer, List<float[]> stream, NDManager manager) {
        return run(layer, stream, manager, -1, () -> {});
    }

    /** As {@link #run(SolverLayer, List, NDManager)}, calling {@code atStep} as step {@code step} starts. */
    private Run run(SolverLayer layer, List<float[]> stream, NDManager manager, int step, Runnable atStep) {
        int edges = TravellingSalesperson.edgeCount(nodes);
        float[][] solutions = new float[steps][];
        long timed = 0;
        long solverNanos = 0;
        for (int s = 0; s < stream.size(); s++) {
            if (s == step) {
                atStep.run();
            }
            if (s == WARMUP_STEPS) {
                solverNanos = -layer.getSolver().threadNanos();
            }
            try (NDManager scope = manager.newSubManager()) {
                long begin = System.nanoTime();
                float[] z = layer.forward(new ParameterStore(scope, false),
                        new NDList(scope.create(stream.get(s), new Shape(batch, edges))), false)
                        .singletonOrThrow().toFloatArray();
                if (s >= WARMUP_STEPS) {
                    timed += System.nanoTime() - begin;
                    solutions[s - WARMUP_STEPS] = z;
                }
            }
        }
        return new Run(solutions, timed / 1e6 / steps, solverNanos + layer.getSolver().threadNanos());
    }

    /** The median time of a call of the trivial solver on the local pool and on the cluster. */
    private Overhead overhead(int instances, ClusterSolverExecutor executor, NDManager manager) {
        int width = TravellingSalesperson.edgeCount(nodes);
        float[] costs = new float[instances * width];
        SplittableRandom random = new SplittableRandom(common.seed());
        for (int i = 0; i < costs.length; i++) {
            costs[i] = (float) random.nextDouble();
        }
        double[] medians = new double[2];
        SolverExecutor[] executors = {SolverExecutor.local(), executor};
        for (int e = 0; e < 2; e++) {
            SolverLayer layer = ClusterArgminLayer.builder().optSolverExecutor(executors[e]).build();
            double[] ms = new double[overheadCalls];
            for (int c = -WARMUP_STEPS * 5; c < overheadCalls; c++) {
                try (NDManager scope = manager.newSubManager()) {
                    NDList input = new NDList(scope.create(costs, new Shape(instances, width)));
                    long begin = System.nanoTime();
                    layer.forward(new ParameterStore(scope, false), input, false).singletonOrThrow().toFloatArray();
                    if (c >= 0) {
                        ms[c] = (System.nanoTime() - begin) / 1e6;
                    }
                }
            }
            medians[e] = Statistics.median(ms);
        }
        return new Overhead(instances, medians[0], medians[1], medians[1] - medians[0]);
    }

    /**
     * The stream on the cluster again, the last member killed as the middle step starts (so that the kill lands
     * during that step's call, whose shards on the member are solved again elsewhere); every instance's solution is
     * compared with the local pool's.
     */
    private Fault faultRun(SolverLayer remote, List<float[]> stream, NDManager manager, LocalMembers cluster,
            ClusterSolverExecutor executor, Run localRun) {
        long resubmitted = executor.resubmittedShards();
        AtomicBoolean killed = new AtomicBoolean();
        Thread killer = new Thread(() -> {
            try {
                cluster.kill(members - 1);
                killed.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "member-killer");
        float[][] solutions;
        try {
            solutions = run(remote, stream, manager, WARMUP_STEPS + steps / 2, killer::start).solutions();
        } catch (SolverException e) {
            common.report().line("the cluster run with a member killed failed: %s", e.getMessage());
            solutions = new float[steps][];
        }
        try {
            killer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int edges = TravellingSalesperson.edgeCount(nodes);
        int lost = 0;
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < batch; i++) {
                boolean same = solutions[s] != null && Arrays.equals(solutions[s], i * edges, (i + 1) * edges,
                        localRun.solutions()[s], i * edges, (i + 1) * edges);
                lost += same ? 0 : 1;
            }
        }
        return new Fault(killed.get(), lost, executor.resubmittedShards() - resubmitted, lost == 0);
    }

    @Override
    protected void report(Result result, ReportWriter writer) {
        writer.line("%d TSP instances of %d nodes per step, %d steps, %d solver members of %d thread(s) (started in "
                + "%s s); solutions identical to the local pool's: %s", result.instancesPerStep(), result.nodes(),
                result.steps(), result.members(), result.memberThreads(), fixed(result.memberStartSeconds(), 1),
                result.identical());
        Table steps = new Table("executor", "ms per step", "ms per instance (CPU)");
        steps.row("local pool (" + result.localThreads() + " threads)", fixed(result.localMsPerStep(), 1),
                fixed(result.solveMsPerInstance(), 2));
        steps.row("cluster", fixed(result.clusterMsPerStep(), 1), "");
        writer.table("", steps);
        Table overhead = new Table("instances per call", "local ms", "cluster ms", "overhead ms per call");
        for (Overhead o : result.overhead()) {
            overhead.row(o.instances(), fixed(o.localMsPerCall(), 3), fixed(o.clusterMsPerCall(), 3),
                    fixed(o.overheadMsPerCall(), 3));
        }
        writer.table("Trivial solver (argmin), median per call:", overhead);
        Fault fault = result.faultInjected();
        writer.line("Member killed part-way: %s; shards re-run elsewhere: %d; instances lost or wrong: %d",
                fault.killedMember(), fault.resubmittedShards(), fault.lostInstances());
    }
}
