package org.imle4j.runtime.autograd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Scalar operands for operations on arrays, in memory that PyTorch owns.
 *
 * <p>DJL's {@code array.div(number)} (and {@code mul}, {@code pow}, {@code maximum}, … with a number) wraps the
 * number in an array whose memory belongs to a Java direct buffer, and closes that array as soon as the operation
 * returns. Autograd keeps the scalar for the backward pass (the gradient of {@code a / t} is {@code g / t}), so once
 * the garbage collector has freed the buffer the backward pass reads freed memory: gradients that are wrong, or NaN,
 * now and then. A scalar made by {@link #of} lives in memory that PyTorch owns and counts references to, so the
 * backward pass keeps it alive. Use it for every number operand: {@code logits.div(Scalars.of(logits, t))} rather
 * than {@code logits.div(t)}. The project's main code holds no DJL number operand at all, and a test keeps it so.
 */
public final class Scalars {
    private Scalars() {}

    /**
     * {@code value} as a scalar array with {@code like}'s data type, on its device and in its manager.
     *
     * @param like the array whose data type, device and manager the scalar takes
     * @param value the scalar's value; rounded to {@code like}'s data type
     * @return a scalar array, shape {@code []}, in memory owned by the engine
     */
    public static NDArray of(NDArray like, double value) {
        DataType type = like.getDataType();
        if (type != DataType.FLOAT64 || (double) (float) value == value || Double.isNaN(value)) {
            return like.getManager().full(new Shape(), (float) value, type);
        }
        // DJL's full takes a float: a double that a float cannot hold goes through a Java buffer, and the engine's
        // copy of it is what the caller gets.
        try (NDArray javaBacked = like.getManager().create(value)) {
            return javaBacked.duplicate();
        }
    }
}
