package org.imle4j.runtime.autograd;

import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;

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
        return wrap(Engine.getInstance().newGradientCollector(), null);
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
