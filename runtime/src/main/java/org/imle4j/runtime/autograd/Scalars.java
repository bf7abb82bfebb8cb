package org.imle4j.runtime.autograd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands for operations that autograd differentiates.
 *
 * <p>DJL's {@code array.div(number)} (and {@code mul}, {@code maximum}, … with a number) wraps the number in an
 * array whose memory belongs to a Java buffer, and closes that array as soon as the operation returns. Autograd keeps
 * the scalar for the backward pass (the gradient of {@code a / t} is {@code g / t}), so once the garbage collector has
 * freed the buffer the backward pass reads freed memory: gradients that are wrong, or NaN, now and then. A scalar
 * made by {@link #of} lives in memory that PyTorch owns and counts references to, so the backward pass keeps it alive.
 * Use it for every number operand of an operation on an array that requires gradient:
 * {@code logits.div(Scalars.of(logits, t))} rather than {@code logits.div(t)}.
 */
public final class Scalars {
    private Scalars() {}

    /** {@code value} as a scalar array with {@code like}'s data type, on its device and in its manager. */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType());
    }
}
