package org.imle4j.runtime.autograd;

import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.Supplier;

/**
 * A gradient collector that also back-propagates through solver layers: use it wherever DJL's own collector would
 * be used. {@link ImleTrainer} hands one out from {@code newGradientCollector()}, so {@code EasyTrain.fit} needs
 * nothing else.
 *
 * <pre>{@code
 * try (GradientCollector collector = ImleGradientCollector.open()) {
 *     NDArray loss = ...;  // forward with training = true
 *     collector.backward(loss);
 * }
 * }</pre>
 *
 * <p>A step that fails changes nothing: when the backward pass fails (a solver that throws in phase 2, say), the
 * parameters' gradients are put back as they were before it, so that the next optimizer step does not apply half a
 * step's gradients. This needs the parameters: {@link ImleTrainer}'s collectors and {@link #open(Block)} know them,
 * {@link #open()} does not. The estimators' state (adaptive I-MLE's β, a moving-average baseline) is put back too,
 * whatever the collector: a layer whose state phase 2 updated before a later layer failed keeps the state it had
 * before the step (see {@link DeferredBackward}). A forward pass that fails leaves no gradient behind and changes no
 * estimator state, and the solver layers waiting for their backward are dropped when the collector closes.
 *
 * <p>Threads: the layers' pending backward passes belong to the thread that opened the collector, and adaptive
 * state updates are serialised, so a layer object can be shared between threads. DJL's PyTorch engine allows one
 * open gradient collector per JVM, so training runs one step at a time; inference may run concurrently.
 */
public final class ImleGradientCollector implements GradientCollector {
    private final GradientCollector engineCollector;
    private final DeferredBackward deferred;
    private final GradientRollback rollback;
    private final Runnable onBackward;

    private ImleGradientCollector(GradientCollector engineCollector, Metrics metrics, GradientRollback rollback,
            Runnable onBackward) {
        this.engineCollector = engineCollector;
        this.rollback = rollback;
        this.onBackward = onBackward;
        try {
            this.deferred = DeferredBackward.open(metrics);
        } catch (RuntimeException e) {
            rollback.close();
            engineCollector.close();
            throw e;
        }
    }

    /**
     * Opens a collector on the default engine; a failed backward pass leaves the gradients it reached as they are.
     *
     * @return the open collector
     */
    public static ImleGradientCollector open() {
        return wrap(engineCollector(() -> Engine.getInstance().newGradientCollector()), null);
    }

    /**
     * Opens a collector on the default engine that puts the gradients of {@code block}'s trainable parameters back
     * as they were when it opened if the backward pass fails. It copies those gradients when it opens.
     *
     * @param block the model whose parameters the step trains
     * @return the open collector
     */
    public static ImleGradientCollector open(Block block) {
        List<NDArray> parameters = trainable(block);
        return create(engineCollector(() -> Engine.getInstance().newGradientCollector()), null,
                GradientRollback.copying(parameters), () -> {});
    }

    /** The arrays of {@code block}'s initialised parameters that require gradient. */
    static List<NDArray> trainable(Block block) {
        return block.getParameters().values().stream()
                .filter(parameter -> parameter.requiresGradient() && parameter.isInitialized())
                .map(Parameter::getArray)
                .toList();
    }

    /**
     * Opens the engine's collector, explaining the engine's one-collector-at-a-time rule when it is broken.
     */
    static GradientCollector engineCollector(Supplier<GradientCollector> open) {
        try {
            return open.get();
        } catch (IllegalStateException e) {
            throw new IllegalStateException("DJL's PyTorch engine collects gradients for one trainer at a time in a "
                    + "JVM, and another collector is open. Train solver layers from one thread at a time (close each "
                    + "collector before the next opens); inference (training = false) may run concurrently", e);
        }
    }

    /**
     * Adds solver-layer backward passes to an engine's collector, which this collector then owns; a failed backward
     * pass leaves the gradients it reached as they are.
     *
     * @param engineCollector the engine's collector
     * @param metrics where the layers' estimators record their diagnostics, or null
     * @return the collector
     */
    public static ImleGradientCollector wrap(GradientCollector engineCollector, Metrics metrics) {
        return create(engineCollector, metrics, GradientRollback.none(), () -> {});
    }

    /**
     * A collector that restores gradients with {@code rollback} when a backward pass fails.
     *
     * @param rollback restores the gradients when the backward fails
     * @param onBackward runs after each backward that succeeded
     */
    static ImleGradientCollector create(GradientCollector engineCollector, Metrics metrics,
            GradientRollback rollback, Runnable onBackward) {
        return new ImleGradientCollector(engineCollector, metrics, rollback, onBackward);
    }

    /**
     * Back-propagates from {@code target} through the model and its solver layers; if anything fails, the gradients
     * are restored (see the class comment) and the failure is rethrown.
     *
     * @param target the loss; need not be a scalar (its gradient seed is all ones)
     */
    @Override
    public void backward(NDArray target) {
        try {
            deferred.backward(target);
        } catch (RuntimeException | Error e) {
            try {
                rollback.restore();
            } catch (RuntimeException restoreFailure) {
                e.addSuppressed(restoreFailure);
            }
            throw e;
        }
        onBackward.run();
    }

    @Override
    public void zeroGradients() {
        engineCollector.zeroGradients();
    }

    @Override
    public void close() {
        try {
            deferred.close();
        } finally {
            try {
                rollback.close();
            } finally {
                engineCollector.close();
            }
        }
    }
}
