package org.imle4j.runtime.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts parameters' gradients back as they were when a training step began, after a backward pass failed partway:
 * phase 1 may have accumulated gradients into downstream parameters before a solver layer's phase 2 failed, and the
 * next optimizer step would apply them.
 *
 * <p>Where the gradients are known to be zero at the start (after an optimizer step, which zeroes them, or before
 * the first backward) rolling back zeroes them and the happy path costs nothing; otherwise the gradients are copied
 * when the step begins.
 */
public final class GradientRollback implements AutoCloseable {
    private static final GradientRollback NONE = new GradientRollback(List.of(), null);

    private final List<PtNDArray> parameters;
    /** The gradients at the start, by parameter (null where undefined); null when all were zero or undefined. */
    private final List<NDArray> saved;

    private GradientRollback(List<PtNDArray> parameters, List<NDArray> saved) {
        this.parameters = parameters;
        this.saved = saved;
    }

    /**
     * Rolls nothing back: the collector does not know the parameters.
     *
     * @return the rollback that does nothing
     */
    public static GradientRollback none() {
        return NONE;
    }

    /**
     * For parameters whose gradients are zero or undefined now: rolling back zeroes them.
     *
     * @param parameters the trained parameters
     * @return a rollback that zeroes their gradients
     */
    public static GradientRollback zeroing(List<NDArray> parameters) {
        return new GradientRollback(pytorch(parameters), null);
    }

    /**
     * For parameters whose gradients may hold values now: copies them.
     *
     * @param parameters the trained parameters
     * @return a rollback that puts the copied gradients back
     */
    public static GradientRollback copying(List<NDArray> parameters) {
        List<PtNDArray> arrays = pytorch(parameters);
        List<NDArray> saved = new ArrayList<>(arrays.size());
        for (PtNDArray parameter : arrays) {
            PtNDArray gradient = JniUtils.getGradient(parameter);
            if (gradient == null) {
                saved.add(null);
            } else {
                saved.add(gradient.duplicate());
                gradient.close();
            }
        }
        return new GradientRollback(arrays, saved);
    }

    /** Restores every parameter's gradient to its value at the start (an undefined gradient becomes zero). */
    public void restore() {
        for (int i = 0; i < parameters.size(); i++) {
            PtNDArray parameter = parameters.get(i);
            JniUtils.zeroGrad(parameter);
            NDArray start = saved == null ? null : saved.get(i);
            if (start != null) {
                try (PtNDArray gradient = JniUtils.getGradient(parameter)) {
                    gradient.addi(start);
                }
            }
        }
    }

    /** Frees the copies. */
    @Override
    public void close() {
        if (saved != null) {
            saved.stream().filter(copy -> copy != null).forEach(NDArray::close);
        }
    }

    private static List<PtNDArray> pytorch(List<NDArray> arrays) {
        List<PtNDArray> result = new ArrayList<>(arrays.size());
        for (NDArray array : arrays) {
            if (array instanceof PtNDArray pt) {
                result.add(pt);
            }
        }
        return result;
    }
}
