package org.imle4j.runtime.autograd;

import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
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
 * <p>Threads: the layers' pending backward passes belong to the thread that opened the collector, and adaptive
 * state updates are serialised, so a layer object can be shared between threads. DJL's PyTorch engine allows one
 * open gradient collector per JVM, so training runs one step at a time; inference may run concurrently.
 */
public final class ImleGradientCollector implements GradientCollector {
    private final GradientCollector engineCollector;
    private final DeferredBackward deferred;

    private ImleGradientCollector(GradientCollector engineCollector, Metrics metrics) {
        this.engineCollector = engineCollector;
        try {
            this.deferred = DeferredBackward.open(metrics);
        } catch (RuntimeException e) {
            engineCollector.close();
            throw e;
        }
    }

    /** Opens a collector on the default engine. */
    public static ImleGradientCollector open() {
        return wrap(engineCollector(() -> Engine.getInstance().newGradientCollector()), null);
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
     * Adds solver-layer backward passes to an engine's collector, which this collector then owns.
     *
     * @param metrics where the layers' estimators record their diagnostics, or null
     */
    public static ImleGradientCollector wrap(GradientCollector engineCollector, Metrics metrics) {
        return new ImleGradientCollector(engineCollector, metrics);
    }

    @Override
    public void backward(NDArray target) {
        deferred.backward(target);
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
            engineCollector.close();
        }
    }
}
