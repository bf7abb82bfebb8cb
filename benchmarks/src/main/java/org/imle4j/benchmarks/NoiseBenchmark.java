package org.imle4j.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.TimeUnit;
import org.imle4j.annotation.Noise;
import org.imle4j.runtime.noise.NoiseSampler;
import org.imle4j.runtime.noise.SumOfGammaNoise;
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
 * Time per draw of each noise sampler on the bench configuration's sample shape [32, 10, 1, 256] (B = 32, S = 10,
 * n = 256): Gumbel and Gaussian, and Sum-of-Gamma with the bench's k = 16 and s = 10, from its quantile table and
 * exactly.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// One PyTorch intra-op thread, as the samples' bench runs by default: on a few shared cores more threads add noise.
@Fork(value = 1, jvmArgsAppend = "-Dai.djl.pytorch.num_threads=1")
public class NoiseBenchmark {
    @Param({"gumbel", "gaussian", "sum-of-gamma-table", "sum-of-gamma-exact"})
    public String sampler;

    private NDManager manager;
    private NoiseSampler noise;
    private final Shape shape = new Shape(32, 10, 1, 256);

    /** Creates the sampler and draws once, so that the first measured draw does not build the quantile table. */
    @Setup(Level.Trial)
    public void setUp() {
        Engine.getInstance().setRandomSeed(1);
        manager = NDManager.newBaseManager();
        noise = switch (sampler) {
            case "gumbel" -> NoiseSampler.standard(Noise.GUMBEL).orElseThrow();
            case "gaussian" -> NoiseSampler.standard(Noise.GAUSSIAN).orElseThrow();
            case "sum-of-gamma-table" -> new SumOfGammaNoise(16, 10, false);
            case "sum-of-gamma-exact" -> new SumOfGammaNoise(16, 10, true);
            default -> throw new IllegalArgumentException(sampler);
        };
        noise.sample(manager, shape, DataType.FLOAT32).close();
    }

    /** Frees the native memory of the trial. */
    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /**
     * One draw, read back to the host so that the engine cannot skip it.
     *
     * @return the draw's first entry
     */
    @Benchmark
    public float draw() {
        try (NDManager scope = manager.newSubManager()) {
            return noise.sample(scope, shape, DataType.FLOAT32).getFloat(0, 0, 0, 0);
        }
    }
}
