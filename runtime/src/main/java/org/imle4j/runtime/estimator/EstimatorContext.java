package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;
import org.imle4j.runtime.PerturbationSettings;
import org.imle4j.runtime.solve.SolverException;

/**
 * One training forward pass of one solver layer, as an estimator sees it: the batch's θ, its {@link SampleLayout},
 * the layer's solver, and the deferred backward that the estimator's gradient joins. The solver layer creates one
 * for each training batch and hands it to {@link GradientEstimator#forward}; estimators use it, never create it.
 *
 * <p>Estimators work in maximisation form: {@code φ = θ} for a maximising solver and {@code φ = −θ} for a minimising
 * one, so that {@code z = MAP(φ) = argmax ⟨z, φ⟩} in both senses; {@link #solve} and {@link #emit} convert back.
 */
public interface EstimatorContext {
    /**
     * The layer's input, as given: for reading its shape and device, and for estimators that differentiate through
     * it.
     *
     * @return θ, {@code [B, …]}, in the solver's own sense, still attached to its graph
     */
    NDArray theta();

    /**
     * θ in maximisation form, for estimators whose backward is deferred: no gradient flows through it.
     *
     * @return φ, {@code θ} or {@code −θ}, {@code [B, …]}, detached from the graph
     */
    NDArray phi();

    /**
     * θ in maximisation form, for estimators whose output autograd differentiates (the relaxations): gradients of
     * the output reach θ through it, with the sign of a minimising solver already applied.
     *
     * @return φ, {@code θ} or {@code −θ}, {@code [B, …]}, attached to θ's graph
     */
    NDArray attachedPhi();

    /**
     * The layer and its solver method, for the messages of the estimator's own errors.
     *
     * @return for instance {@code TopKLayer (solver com.example.Solvers#topK)}
     */
    String layer();

    /**
     * The layer's settings: samples S and M, noise and its temperatures, difference scheme, objective and output.
     *
     * @return the settings the layer was built with
     */
    PerturbationSettings settings();

    /**
     * How the batch lays out its samples, {@code [B, S, M, …]}, and how they become the layer's output.
     *
     * @return the layout of this batch
     */
    SampleLayout layout();

    /**
     * Perturbs φ for every sample: {@code φ + τ·ε}, φ broadcast against the noise. Without noise (or τ = 0) every
     * sample is φ itself. Differentiable in φ when φ is attached.
     *
     * @param phi φ, {@code [B, …]}
     * @param noise ε, {@code [B, S, M, …]}, usually from {@link #sampleNoise()}
     * @param temperature τ, non-negative
     * @return {@code [B, S, M, …]}, a new array
     */
    NDArray perturb(NDArray phi, NDArray noise, double temperature);

    /**
     * Draws fresh noise from the layer's noise distribution, one entry per sample and event entry.
     *
     * @return ε, {@code [B, S, M, …]} (see {@link SampleLayout#sampleShape()}), unscaled, with θ's data type, on θ's
     *     device
     */
    NDArray sampleNoise();

    /**
     * Solves every instance of {@code phis} in one call of the layer's solver, converting to and from the solver's
     * sense. Instance i of the flattened batch belongs to example {@code i / (N/B)}, which is how the solver finds
     * the extra inputs of its example.
     *
     * @param phis {@code [B, …, event]}, maximisation form, example-major, with any number of sample axes between
     *     the batch axis and the event axes
     * @return the solutions, in the shape of {@code phis}
     * @throws IllegalArgumentException if the first axis of {@code phis} is not B
     * @throws org.imle4j.runtime.solve.SolverException if the solver fails or returns something that is not a
     *     solution for every instance
     */
    NDArray solve(NDArray phis);

    /**
     * The error for a solution that passed the layer's checks but that the estimator found wrong, for instance a
     * solver that does not return a maximiser: a {@link SolverException} whose message names
     * the layer, the solver method and the instance.
     *
     * @param what what is wrong, a phrase that follows the instance
     * @param example the example whose instance it is, when the solver call held one instance per example
     * @return the exception, for the estimator to throw
     */
    SolverException failure(String what, int example);

    /**
     * Records a diagnostic of this step (λ, β, share of non-zero gradient entries, …) under
     * {@code <layer>.<name>} in the trainer's DJL {@code Metrics}, when training through an
     * {@link org.imle4j.runtime.autograd.ImleTrainer} that has metrics; otherwise does nothing.
     *
     * @param name the diagnostic's name within the layer, for instance {@code lambda}
     * @param value its value for this step
     */
    void report(String name, double value);

    /**
     * Whether {@link #report} records anything: estimators skip the diagnostics that need a copy to the host
     * otherwise.
     *
     * @return {@code true} when the trainer has metrics
     */
    boolean reporting();

    /**
     * Registers how to undo a state update that the estimator's gradient function is about to make, so that a
     * backward pass that fails (here or in a layer visited later) leaves the state as it was; see
     * Call it from the gradient function, just before the update.
     *
     * @param restore puts the state back as it is at this call
     */
    void restoreOnFailure(Runnable restore);

    /**
     * Makes the layer's output from the forward samples and registers its backward.
     *
     * @param samples the solutions {@code [B, S, M, …]}
     * @param gradient given dL/dz as {@code [B, g, 1, …]} (g = S per-sample rows, or 1 for the mean output),
     *     returns the estimate of dL/dφ, {@code [B, …]}
     * @return {@code [B·S, …]} (each row the mean of its M marginal samples) or {@code [B, …]}, a leaf that requires
     *     gradient
     */
    NDArray emit(NDArray samples, UnaryOperator<NDArray> gradient);
}
