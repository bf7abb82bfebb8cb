package org.imle4j.samples.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.imle4j.annotation.Noise;
import org.imle4j.annotation.Output;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.runtime.autograd.Scalars;
import org.imle4j.runtime.solvers.BatchTopKLayer;
import org.imle4j.runtime.solvers.TopKLayer;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.OutputOptions;
import org.imle4j.samples.report.Results;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Endurance: trains a model with two stacked solver layers (a batch top-k, then a plain-Java top-k) for many steps,
 * and reports resident memory and live NDArrays at regular intervals; both must stay flat after warm-up.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Trains two stacked solver layers for many steps, reporting memory and live NDArrays.")
public final class SoakCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Option(names = "--steps", description = "Training steps (default: ${DEFAULT-VALUE}).")
    int steps = 10_000;

    @Option(names = "--every", description = "Report every this many steps (default: ${DEFAULT-VALUE}).")
    int every = 1_000;

    /** Memory and array counts at one step. */
    record Sample(int step, double residentMiB, double heapMiB, int liveArrays) {}

    @Override
    public Integer call() throws IOException {
        Engine.getInstance().setRandomSeed(output.seed());
        List<Sample> samples = new ArrayList<>();
        try (Model model = Model.newInstance("soak")) {
            model.setBlock(new SequentialBlock()
                    .add(Linear.builder().setUnits(64).build())
                    .add(BatchTopKLayer.builder().setK(8).optSamples(4).optNoise(Noise.GUMBEL)
                            .optOutput(Output.MEAN).build())
                    .add(Linear.builder().setUnits(32).build())
                    .add(TopKLayer.builder().setK(4).optSamples(4).optNoise(Noise.SUM_OF_GAMMA).optSumOfGammaK(4)
                            .optOutput(Output.MEAN).build()));
            NDManager manager = model.getNDManager();
            NDArray x = manager.randomNormal(new Shape(16, 32));
            NDArray uniform = manager.randomUniform(0, 1, new Shape(16, 32));
            NDArray target = uniform.lt(Scalars.of(uniform, 0.125)).toType(x.getDataType(), false);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build());
            try (Trainer trainer = new ImleTrainer(model, config)) {
                trainer.initialize(new Shape(16, 32));
                Table table = new Table("step", "resident MiB", "heap MiB", "live NDArrays");
                for (int step = 1; step <= steps; step++) {
                    ScopedStep.run(trainer, manager, x, target);
                    if (step % every == 0 || step == 1) {
                        Runtime runtime = Runtime.getRuntime();
                        Sample sample = new Sample(step, residentMiB(),
                                (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0,
                                ((BaseNDManager) manager).getManagedArrays().size());
                        samples.add(sample);
                        table.row(step, String.format("%.1f", sample.residentMiB()),
                                String.format("%.1f", sample.heapMiB()), sample.liveArrays());
                    }
                }
                table.print(System.out);
            }
        }
        Path folder = output.folder();
        Results.write(folder.resolve("soak.json"), samples);
        double[] step = samples.stream().mapToDouble(Sample::step).toArray();
        new LinePlot("Soak: two stacked solver layers", "step", "MiB / arrays")
                .series("resident MiB", step, samples.stream().mapToDouble(Sample::residentMiB).toArray())
                .series("live NDArrays", step, samples.stream().mapToDouble(Sample::liveArrays).toArray())
                .save(folder.resolve("soak.png"));
        return 0;
    }

    /** Resident set size of this process, from /proc (0 where there is none). */
    private static double residentMiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return 0;
    }
}
