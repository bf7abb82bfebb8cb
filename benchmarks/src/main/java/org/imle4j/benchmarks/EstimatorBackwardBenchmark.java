package org.imle4j.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.concurrent.TimeUnit;
import org.imle4j.annotation.Difference;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.autograd.ImleGradientCollector;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.runtime.solvers.TopKLayer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per forward and deferred backward of a top-16 AIMLE layer (central differences, S = 10) on θ [32, 256] with a
 * mean squared loss: the estimator's and the solver's share of the samples' {@code bench} step, without the linear
 * layer and the optimizer. The solver is the batch layer (PyTorch's top-k on the whole [B·S, n] batch) or the
 * plain-Java one ({@code float[]} per instance, on the solver pool); the noise is Gumbel or tabulated Sum-of-Gamma.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// One PyTorch intra-op thread, as the samples' bench runs by default: on a few shared cores more threads add noise.
@Fork(value = 1, jvmArgsAppend = "-Dai.djl.pytorch.num_threads=1")
public class EstimatorBackwardBenchmark {
    @Param({"batch", "java"})
    public String solver;

    @Param({"GUMBEL", "SUM_OF_GAMMA"})
    public Noise noise;

    private NDManager manager;
    private SolverLayer layer;
    private NDArray theta;
    private NDArray target;
    private NDArray one;

    /** Builds the layer, θ and a 0/1 target of the S samples' shape, from a fixed seed. */
    @Setup(Level.Trial)
    public void setUp() {
        Engine.getInstance().setRandomSeed(1);
        manager = NDManager.newBaseManager();
        layer = "batch".equals(solver)
                ? BatchTopKLayer.builder().setK(16).optSamples(10).optDifference(Difference.CENTRAL).optNoise(noise)
                        .optSumOfGammaK(16).build()
                : TopKLayer.builder().setK(16).optSamples(10).optDifference(Difference.CENTRAL).optNoise(noise)
                        .optSumOfGammaK(16).build();
        theta = manager.randomNormal(new Shape(32, 256));
        theta.setRequiresGradient(true);
        one = Scalars.of(theta, 1);
        NDArray uniform = manager.randomUniform(0, 1, new Shape(320, 256));
        target = uniform.lt(Scalars.of(uniform, 16 / 256.0)).toType(theta.getDataType(), false);
    }

    /** Frees the native memory of the trial. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /**
     * One forward through the layer and the backward of the loss into θ.
     *
     * @return an entry of θ's gradient, read back to the host so that the engine cannot skip the backward
     */
    @Benchmark
    public float forwardAndBackward() {
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = ImleGradientCollector.open()) {
            // A fresh node per call in the call's scope, as a linear layer's output is in a training step.
            NDArray input = theta.mul(one);
            input.attach(scope);
            NDArray z = layer.forward(new ParameterStore(scope, false), new NDList(input), true).singletonOrThrow();
            collector.backward(z.sub(target).square().sum(new int[] {1}).mean());
            return theta.getGradient().getFloat(0, 0);
        }
    }
}
