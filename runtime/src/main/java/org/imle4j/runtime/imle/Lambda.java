package org.imle4j.runtime.imle;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The step size λ of one backward pass: one number for the whole batch (kept on the host, so that scaling by it
 * costs no extra tensor), or one value per example.
 */
public sealed interface Lambda {

    /**
     * Multiplies by λ.
     *
     * @param values {@code [B, …]}, with as many axes as λ or more
     * @return {@code values · λ}, of the shape of {@code values}, with λ broadcast over the samples and the event axes
     */
    NDArray scale(NDArray values);

    /**
     * The mean over the samples of finite differences divided by λ, times a factor: the I-MLE estimate
     * {@code factor · mean_R(differences / λ)}, where differences are left undivided where λ is 0 (they are 0 there
     * too).
     *
     * @param differences the finite differences, {@code [B, R, …]} with R samples per example, with as many axes as λ
     *     or more
     * @param factor the factor of the difference scheme: 1 for the forward, ½ for the central difference
     * @return {@code [B, …]}
     */
    NDArray divideMean(NDArray differences, double factor);

    /**
     * Mean λ over the batch, for diagnostics; may copy to the host.
     *
     * @return the mean of λ over the examples, or the single λ
     */
    double mean();

    /**
     * One λ for the whole batch, kept on the host.
     *
     * @param value λ, non-negative
     * @return the step size
     */
    static Lambda of(double value) {
        return new Scalar(value);
    }

    /**
     * One λ per example.
     *
     * @param values λ of each example, non-negative, of shape {@code [B, 1, …, 1]}, broadcastable against
     *     {@code [B, S, …]}
     * @return the step size
     */
    static Lambda perExample(NDArray values) {
        return new PerExample(values);
    }

    /**
     * One λ for the batch.
     *
     * @param value λ, non-negative
     */
    record Scalar(double value) implements Lambda {
        @Override
        public NDArray scale(NDArray values) {
            return values.mul(Scalars.of(values, value));
        }

        // One scalar operation after the mean: λ and the factor fold into one divisor. Dividing (rather than
        // multiplying by its inverse) keeps 0/λ at 0 for a λ so small that 1/λ would overflow float.
        @Override
        public NDArray divideMean(NDArray differences, double factor) {
            float divisor = (float) (value / factor);
            NDArray mean = differences.mean(new int[] {1});
            return divisor > 0 ? mean.div(Scalars.of(mean, divisor)) : mean.mul(Scalars.of(mean, factor));
        }

        @Override
        public double mean() {
            return value;
        }
    }

    /**
     * One λ per example.
     *
     * @param values λ of each example, {@code [B, 1, …, 1]}
     */
    record PerExample(NDArray values) implements Lambda {
        @Override
        public NDArray scale(NDArray operand) {
            return operand.mul(broadcastTo(operand));
        }

        @Override
        public NDArray divideMean(NDArray differences, double factor) {
            NDArray lambda = broadcastTo(differences);
            NDArray divided = differences.div(NDArrays.where(lambda.gt(Scalars.of(lambda, 0)), lambda,
                    lambda.onesLike()));
            NDArray mean = divided.mean(new int[] {1});
            return mean.mul(Scalars.of(mean, factor));
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
