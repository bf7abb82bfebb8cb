package org.imle4j.runtime.imle;

import ai.djl.ndarray.NDArray;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.function.ObjDoubleConsumer;
import org.imle4j.runtime.autograd.Scalars;

/**
 * The target distribution {@code θ' = α·θ − λ·dL/dz} of I-MLE: how far, and how, θ moves towards solutions with
 * lower loss.
 *
 * <p>θ is given in maximisation form (for a minimising solver, {@code −θ}), so the formula holds for both senses.
 */
public interface TargetDistribution {

    /**
     * Scale α of θ in the target.
     *
     * @return α, finite
     */
    double alpha();

    /**
     * The target's base point {@code α·θ}, to which the noise and the step {@code −λ·dL/dz} are added.
     *
     * @param theta θ in maximisation form, {@code [B, …]}
     * @return {@code α·θ}; {@code theta} itself when α = 1
     */
    default NDArray scaled(NDArray theta) {
        double alpha = alpha();
        return alpha == 1.0 ? theta : theta.mul(Scalars.of(theta, alpha));
    }

    /**
     * Step size λ for one backward pass: one for the batch, or one per example.
     *
     * @param theta θ in maximisation form, {@code [B, …]}
     * @param outputGradient dL/dz, {@code [B, g, …]}: g rows per example, each shared by the same number of the
     *     example's samples (g = S for per-sample outputs, 1 for the mean output)
     * @return λ, non-negative: a scalar, or one value per example of shape {@code [B, 1, …, 1]}
     */
    Lambda lambda(NDArray theta, NDArray outputGradient);

    /**
     * Whether the finite difference must be divided by λ. Adaptive targets always divide: their λ changes from step
     * to step, and an undivided estimate would change scale with it.
     *
     * @return true if the finite difference is divided by λ, false if it is the estimate as it is
     */
    boolean dividesByLambda();

    /**
     * The gradient estimate from the finite differences of one backward pass: their mean over the samples times
     * {@code factor}, divided by λ when {@link #dividesByLambda()} (undivided is divided by 1).
     *
     * @param lambda the λ of this backward pass, from {@link #lambda}
     * @param differences the finite differences, {@code [B, R, …]} with R samples per example
     * @param factor the factor of the difference scheme: 1 for the forward, ½ for the central difference
     * @return the estimate of dL/dθ, {@code [B, …]}
     */
    default NDArray estimate(Lambda lambda, NDArray differences, double factor) {
        return (dividesByLambda() ? lambda : Lambda.of(1)).divideMean(differences, factor);
    }

    /**
     * Sees the finite differences of one backward pass, before division by λ; adaptive targets update their state
     * from them. Does nothing by default.
     *
     * @param differences the finite differences, {@code [B, R, …]} with R rows (samples) per example
     */
    default void observe(NDArray differences) {}

    /**
     * Captures the state that {@link #observe} changes, so that a backward pass that fails after observing can put it
     * back. Stateless targets return an action that does nothing.
     *
     * @return an action that restores the state as it is now
     */
    default Runnable snapshot() {
        return () -> {};
    }

    /**
     * Records the state that the trainer's metrics should show after {@link #observe}, such as adaptive I-MLE's β.
     * Records nothing by default.
     *
     * @param diagnostics takes each value with its name within the layer, for instance {@code beta}
     */
    default void reportState(ObjDoubleConsumer<String> diagnostics) {}

    /**
     * The name of the estimator that uses this target, as {@code ImleEstimator.toString()} shows it.
     *
     * @return {@code I-MLE} by default
     */
    default String estimatorName() {
        return "I-MLE";
    }

    /**
     * Writes the state that must survive a checkpoint.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    default void saveState(DataOutputStream out) throws IOException {}

    /**
     * Reads the state written by {@link #saveState}, and checks it: nothing changes unless all of it is valid.
     *
     * @param in where to read
     * @throws IOException if reading fails; {@link java.io.StreamCorruptedException} if a value is out of range
     */
    default void loadState(DataInputStream in) throws IOException {}
}
