package org.imle4j.runtime.autograd;

import ai.djl.engine.EngineException;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The custom backward pass of solver layers, in two phases, on the PyTorch engine (DJL has no custom-autograd API).
 *
 * <p>A solver layer's output is a fresh leaf that requires gradient, cut off from θ. Phase 1 runs the loss backward
 * and keeps the graph, which fills every such leaf's gradient dL/dz (and every ordinary path to the parameters).
 * Phase 2 visits the pending layers in reverse creation order: each turns dL/dz into its estimate of dL/dθ and
 * back-propagates it from θ into θ's graph. Reverse order matters when solver layers are stacked: the later layer's
 * phase 2 adds to the earlier layer's dL/dz before the earlier layer is visited.
 *
 * <p>One instance is open per thread at a time, between the creation and the closing of an
 * {@link ImleGradientCollector}.
 */
public final class DeferredBackward implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeferredBackward.class.getName());
    private static final ThreadLocal<DeferredBackward> ACTIVE = new ThreadLocal<>();

    private final List<Pending> pending = new ArrayList<>();
    private final Metrics metrics;

    private DeferredBackward(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Opens the deferred backward of this thread; diagnostics go to {@code metrics} when it is not null. */
    static DeferredBackward open(Metrics metrics) {
        if (ACTIVE.get() != null) {
            throw new IllegalStateException(
                    "an imle4j gradient collector is already open on this thread; close it before opening another");
        }
        DeferredBackward backward = new DeferredBackward(metrics);
        ACTIVE.set(backward);
        return backward;
    }

    /**
     * The deferred backward of this thread, for a solver layer's training forward.
     *
     * @param layer the layer and solver method, as they appear in messages
     * @throws IllegalStateException when no imle4j gradient collector is open: a plain DJL collector would leave
     *     every parameter upstream of the layer with zero gradient
     */
    public static DeferredBackward require(String layer) {
        DeferredBackward backward = ACTIVE.get();
        if (backward == null) {
            throw new IllegalStateException(layer + " ran in training mode without an imle4j gradient collector, "
                    + "so nothing upstream of it would receive a gradient. Train with "
                    + "org.imle4j.runtime.autograd.ImleTrainer (new ImleTrainer(model, config), usable with "
                    + "EasyTrain.fit), or open ImleGradientCollector.open() instead of "
                    + "Engine.newGradientCollector(); for inference, call forward with training = false");
        }
        return backward;
    }

    /** Whether solver layers wait for their backward on this thread. */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Registers a solver layer's output.
     *
     * @param layer the layer and solver method, for messages
     * @param theta the layer's input θ, part of the graph that phase 2 back-propagates into
     * @param output the layer's output, a leaf that requires gradient
     * @param gradient turns dL/d(output) into the estimate of dL/dθ, of θ's shape
     */
    public void defer(String layer, NDArray theta, NDArray output, UnaryOperator<NDArray> gradient) {
        pending.add(new Pending(layer, theta, output, gradient));
    }

    /** Records a diagnostic value in the trainer's metrics, if it has any. */
    public void report(String metric, double value) {
        if (metrics != null) {
            metrics.addMetric(metric, value);
        }
    }

    /** Whether diagnostics are recorded. */
    public boolean reporting() {
        return metrics != null;
    }

    /** Runs both phases from {@code loss}, which need not be a scalar (its gradient seed is all ones). */
    void backward(NDArray loss) {
        if (pending.isEmpty()) {
            propagate(loss, loss.onesLike(), false);
            return;
        }
        List<Pending> layers = new ArrayList<>(pending);
        pending.clear();
        propagate(loss, loss.onesLike(), true);
        for (int i = layers.size() - 1; i >= 0; i--) {
            Pending layer = layers.get(i);
            NDArray outputGradient = gradientOf(layer.output());
            if (outputGradient == null) {
                LOG.warning(() -> layer.layer() + ": the loss does not depend on this layer's output, so it passes "
                        + "no gradient to its input in this step");
                continue;
            }
            NDArray thetaGradient = layer.gradient().apply(outputGradient);
            propagateIfAttached(layer.theta(), thetaGradient, i > 0);
        }
    }

    @Override
    public void close() {
        pending.clear();
        if (ACTIVE.get() == this) {
            ACTIVE.remove();
        }
    }

    private static void propagate(NDArray root, NDArray seed, boolean keepGraph) {
        JniUtils.backward(pytorch(root), pytorch(seed), keepGraph, false);
    }

    private static NDArray gradientOf(NDArray leaf) {
        PtNDArray gradient = JniUtils.getGradient(pytorch(leaf));
        return gradient == null || gradient.getHandle() == null ? null : gradient;
    }

    /**
     * Back-propagates into θ's graph; a θ that is not part of any graph (computed from data alone) has nothing
     * upstream to train. PyTorch only tells which by refusing the backward: the engine's requires-grad query is
     * false for every non-leaf tensor, and asking a leaf for its gradient function crashes.
     */
    private static void propagateIfAttached(NDArray theta, NDArray seed, boolean keepGraph) {
        try {
            propagate(theta, seed, keepGraph);
        } catch (EngineException e) {
            if (e.getMessage() == null || !e.getMessage().contains("does not require grad")) {
                throw e;
            }
        }
    }

    private static PtNDArray pytorch(NDArray array) {
        if (array instanceof PtNDArray pt) {
            return pt;
        }
        throw new UnsupportedOperationException("imle4j's solver layers back-propagate through the PyTorch engine, "
                + "but this array belongs to " + array.getManager().getEngine().getEngineName()
                + "; add ai.djl.pytorch:pytorch-engine and make PyTorch the default engine");
    }

    private record Pending(String layer, NDArray theta, NDArray output, UnaryOperator<NDArray> gradient) {}
}
