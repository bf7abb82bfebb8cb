package org.imle4j.samples.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.imle4j.runtime.autograd.ImleTrainer;
import org.imle4j.runtime.loss.L2Loss;

/**
 * One training step in its own NDManager scope, so that every array it creates is freed when it ends: forward,
 * loss {@code mean over rows of ‖z − target‖²}, backward through the solver layers, optimizer step.
 */
final class ScopedStep {
    private ScopedStep() {}

    /** The trainer of the steps: SGD at a fixed learning rate of 0.01; its loss goes unused, the step has its own. */
    static Trainer trainer(Model model, Device device) {
        return new ImleTrainer(model, new DefaultTrainingConfig(new L2Loss()).optDevices(new Device[] {device})
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build()));
    }

    /** Runs the step. */
    static void run(Trainer trainer, NDManager parent, NDArray x, NDArray target) {
        try (NDManager scope = parent.newSubManager()) {
            step(trainer, scope, x, target);
        }
    }

    /**
     * Runs the step and returns the number of arrays it left in its scope before closing it. Listing them walks the
     * scope's managers, which costs about as much as a few native operations in a small step.
     */
    static int runCounting(Trainer trainer, NDManager parent, NDArray x, NDArray target) {
        try (NDManager scope = parent.newSubManager()) {
            step(trainer, scope, x, target);
            return ((BaseNDManager) scope).getManagedArrays().size();
        }
    }

    private static void step(Trainer trainer, NDManager scope, NDArray x, NDArray target) {
        NDArray input = x.duplicate();
        input.attach(scope);
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray z = trainer.forward(new NDList(input)).singletonOrThrow();
            collector.backward(z.sub(target).square().sum(new int[] {1}).mean());
        }
        trainer.step();
    }
}
