package org.imle4j.runtime.imle;

import ai.djl.ndarray.NDArray;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

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
