package org.imle4j.runtime.target;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The step size λ of one backward pass: one number for the whole batch (kept on the host, so that scaling by it
 * costs no extra tensor), or one value per example.
 */
public sealed interface Lambda {

    /** {@code values · λ}, with λ broadcast over the samples and the event axes. */
    NDArray scale(NDArray values);

    /** {@code values / λ}, leaving values alone where λ is 0 (the finite differences are 0 there too). */
    NDArray divide(NDArray values);

    /** Mean λ over the batch, for diagnostics; may copy to the host. */
    double mean();

    /** λ for the batch. */
    static Lambda of(double value) {
        return new Scalar(value);
    }

    /** λ per example, of shape {@code [B, 1, …, 1]}, broadcastable against {@code [B, S, …]}. */
    static Lambda perExample(NDArray values) {
        return new PerExample(values);
    }

    /** One λ for the batch. */
    record Scalar(double value) implements Lambda {
        @Override
        public NDArray scale(NDArray values) {
            return values.mul(Scalars.of(values, value));
        }

        @Override
        public NDArray divide(NDArray values) {
            return value > 0 ? values.div(Scalars.of(values, value)) : values;
        }

        @Override
        public double mean() {
            return value;
        }
    }

    /** One λ per example, {@code [B, 1, …, 1]}. */
    record PerExample(NDArray values) implements Lambda {
        @Override
        public NDArray scale(NDArray operand) {
            return operand.mul(broadcastTo(operand));
        }

        @Override
        public NDArray divide(NDArray operand) {
            NDArray lambda = broadcastTo(operand);
            return operand.div(NDArrays.where(lambda.gt(Scalars.of(lambda, 0)), lambda, lambda.onesLike()));
        }

        @Override
        public double mean() {
            return values.mean().getFloat();
        }

        /** Adds axes of length 1 after the second until λ has the operand's rank. */
        private NDArray broadcastTo(NDArray operand) {
            NDArray lambda = values;
            while (lambda.getShape().dimension() < operand.getShape().dimension()) {
                lambda = lambda.expandDims(1);
            }
            return lambda;
        }
    }
}
