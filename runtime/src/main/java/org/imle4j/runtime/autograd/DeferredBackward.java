package org.imle4j.runtime.autograd;

import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom backward pass of solver layers, in two phases, on the PyTorch engine (DJL has no custom-autograd API).
 *
 * <p>A solver layer's output is a fresh leaf that requires gradient, cut off from θ. Phase 1 runs the loss backward
 * and keeps the graph, which fills every such leaf's gradient dL/dz (and every ordinary path to the parameters).
 * Phase 2 visits the pending layers in reverse creation order: each turns dL/dz into its estimate of dL/dθ and
 * back-propagates it from θ into θ's graph. Reverse order matters when solver layers are stacked: the later layer's
 * phase 2 adds to the earlier layer's dL/dz before the earlier layer is visited.
 *
 * <p>A backward pass that fails leaves the estimators' state as it was before it: estimators that update state in
 * phase 2 (adaptive I-MLE's β, a moving-average baseline) register with {@link #restoreOnFailure} how to put it back,
 * and when any phase fails these restorations run in reverse order of registration before the failure propagates.
 * A successful pass runs none of them, so the state evolves exactly as it would without them, also when one layer
 * is visited twice in a step and its second visit reads the state its first visit updated.
 *
 * <p>One instance is open per thread at a time, between the creation and the closing of an
 * {@link ImleGradientCollector}.
 */
public final class DeferredBackward implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredBackward.class);
    private static final ThreadLocal<DeferredBackward> ACTIVE = new ThreadLocal<>();
    private static final WarnOnce UNUSED_OUTPUT = new WarnOnce();
    private static final WarnOnce INFERENCE_WHILE_COLLECTING = new WarnOnce();

    private final List<Pending> pending = new ArrayList<>();
    private final List<Runnable> restorations = new ArrayList<>();
    private final Metrics metrics;
    private Object currentLayer;

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
        SampleRows.startStep();
        return backward;
    }

    /**
     * The deferred backward of this thread, for a solver layer's training forward.
     *
     * @param owner the layer object: warnings about it are given once per layer
     * @param layer the layer and solver method, as they appear in messages
     * @return the deferred backward of this thread, which attributes the next {@link #defer} to {@code owner}
     * @throws IllegalStateException when no imle4j gradient collector is open: a plain DJL collector would leave
     *     every parameter upstream of the layer with zero gradient
     */
    public static DeferredBackward require(Object owner, String layer) {
        DeferredBackward backward = ACTIVE.get();
        if (backward == null) {
            throw new IllegalStateException(layer + " ran in training mode without an imle4j gradient collector, "
                    + "so nothing upstream of it would receive a gradient. Train with "
                    + "org.imle4j.runtime.autograd.ImleTrainer (new ImleTrainer(model, config), usable with "
                    + "EasyTrain.fit), or open ImleGradientCollector.open() instead of "
                    + "Engine.newGradientCollector(); for inference, call forward with training = false");
        }
        backward.currentLayer = owner;
        return backward;
    }

    /**
     * Warns, once per layer, when a solver layer runs with {@code training = false} while an imle4j gradient collector
     * is open on this thread: it then returns the noiseless {@code MAP(θ)} and passes no gradient upstream, which is
     * right for a look at the model inside a training step but silently stops training when it is a mistake.
     *
     * @param owner the layer object
     * @param layer the layer and solver method, as they appear in messages
     */
    public static void inferenceForward(Object owner, String layer) {
        if (ACTIVE.get() != null && INFERENCE_WHILE_COLLECTING.first(owner)) {
            LOG.warn("{} ran with training = false inside an open imle4j gradient collector: it returns the "
                    + "noiseless MAP(θ) and passes no gradient to its input, so nothing upstream of it learns from "
                    + "this output. Call forward with training = true to train through it (warned once per layer)",
                    layer);
        }
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
        pending.add(new Pending(currentLayer != null ? currentLayer : layer, layer, theta, output, gradient));
    }

    /**
     * Records that a solver layer's training output has several rows per row of its input θ (S perturbed samples
     * per example, rows {@code b·S + j}), so that losses and evaluators can score each sample row against its
     * example's label; see {@link SampleRows}.
     *
     * @param layer the layer and solver method, for messages
     * @param samples the layer's number S of samples
     * @param input θ's shape
     * @param output the training output's shape
     */
    public void sampleRows(String layer, int samples, Shape input, Shape output) {
        SampleRows.record(layer, samples, input, output);
    }

    /**
     * Registers how to undo a state update that a layer is about to make: if the next backward pass fails, in this
     * layer or in one visited later, {@code restore} runs (restorations in reverse order of registration) before the
     * failure propagates; if it succeeds, {@code restore} is dropped. Registered in the forward pass, it also runs
     * when the collector closes before a backward pass: the step failed in a later forward or in the loss. Call it
     * just before the update (from the gradient function, or from the forward for state the forward changes) with
     * an action that puts back the state as it is at the call.
     *
     * @param restore puts the state back as it was when this method was called
     */
    public void restoreOnFailure(Runnable restore) {
        restorations.add(restore);
    }

    /**
     * Records a diagnostic value in the trainer's metrics, if it has any.
     *
     * @param metric the metric's name
     * @param value the value of this step
     */
    public void report(String metric, double value) {
        if (metrics != null) {
            metrics.addMetric(metric, value);
        }
    }

    /**
     * Whether diagnostics are recorded.
     *
     * @return true when the collector was opened with metrics
     */
    public boolean reporting() {
        return metrics != null;
    }

    /**
     * Runs both phases from {@code loss}, which need not be a scalar (its gradient seed is all ones); if either fails,
     * restores the state registered with {@link #restoreOnFailure} and rethrows.
     */
    void backward(NDArray loss) {
        try {
            runPhases(loss);
        } catch (RuntimeException | Error e) {
            restoreState(e);
            throw e;
        } finally {
            restorations.clear();
        }
    }

    private void runPhases(NDArray loss) {
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
                if (UNUSED_OUTPUT.first(layer.owner())) {
                    LOG.warn("{}: the loss does not depend on this layer's output, so it passes no gradient to its "
                            + "input (warned once per layer)", layer.layer());
                }
                continue;
            }
            NDArray thetaGradient = layer.gradient().apply(outputGradient);
            propagateIfAttached(layer.theta(), thetaGradient, i > 0);
        }
    }

    /** Undoes this pass's state updates, latest first; a restoration that fails is added to {@code failure}. */
    private void restoreState(Throwable failure) {
        for (int i = restorations.size() - 1; i >= 0; i--) {
            try {
                restorations.get(i).run();
            } catch (RuntimeException restoreFailure) {
                failure.addSuppressed(restoreFailure);
            }
        }
    }

    /**
     * Ends the step: restores the state registered since the last backward pass, which never ran (a forward or a loss
     * that failed), and frees this thread for the next collector.
     *
     * @throws RuntimeException what a restoration threw, the later ones still run and added as suppressed
     */
    @Override
    public void close() {
        pending.clear();
        RuntimeException failure = null;
        for (int i = restorations.size() - 1; i >= 0; i--) {
            try {
                restorations.get(i).run();
            } catch (RuntimeException restoreFailure) {
                if (failure == null) {
                    failure = restoreFailure;
                } else {
                    failure.addSuppressed(restoreFailure);
                }
            }
        }
        restorations.clear();
        if (ACTIVE.get() == this) {
            ACTIVE.remove();
        }
        if (failure != null) {
            throw failure;
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
     * Back-propagates into θ's graph, if θ has one: a θ computed from data or frozen parameters alone has nothing
     * upstream to train. DJL cannot ask PyTorch whether a tensor requires gradient (its query is false for every
     * non-leaf tensor, and asking a leaf for its gradient function crashes), and a backward from a tensor without
     * one throws an engine error whose native backtrace costs milliseconds. So the backward starts from
     * {@code θ + a}, with {@code a} a zero scalar leaf that requires gradient: it always has a graph, and the
     * addition hands the seed on to θ unchanged.
     */
    private static void propagateIfAttached(NDArray theta, NDArray seed, boolean keepGraph) {
        if (JniUtils.requiresGrad(pytorch(theta))) {
            propagate(theta, seed, keepGraph);
            return;
        }
        NDArray anchor = theta.getManager().zeros(new Shape(), theta.getDataType(), theta.getDevice());
        anchor.setRequiresGradient(true);
        propagate(theta.add(anchor), seed, keepGraph);
    }

    private static PtNDArray pytorch(NDArray array) {
        if (array instanceof PtNDArray pt) {
            return pt;
        }
        throw new UnsupportedOperationException("imle4j's solver layers back-propagate through the PyTorch engine, "
                + "but this array belongs to " + array.getManager().getEngine().getEngineName()
                + "; add ai.djl.pytorch:pytorch-engine and make PyTorch the default engine");
    }

    private record Pending(Object owner, String layer, NDArray theta, NDArray output,
            UnaryOperator<NDArray> gradient) {}
}
