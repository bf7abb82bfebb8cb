/**
 * Combinatorial solvers as DJL blocks, trained end to end with Implicit MLE (Niepert, Minervini and Franceschi,
 * NeurIPS 2021) and adaptive I-MLE (Minervini, Franceschi and Niepert, AAAI 2023).
 *
 * <p>A solver {@code z = MAP(θ) = argmax_z ⟨z, θ⟩} over a discrete set of solutions has zero gradient almost
 * everywhere. A {@link org.imle4j.runtime.SolverLayer} treats it as the mode of the exponential family
 * {@code p(z; θ) ∝ exp⟨z, θ⟩}, samples by perturb-and-MAP, {@code z = MAP(θ + τ·ε)}, and lets a gradient estimator
 * turn dL/dz into an estimate of dL/dθ; I-MLE's is the finite difference
 * {@code (MAP(θ + ε) − MAP(θ − λ·dL/dz + ε)) / λ}.
 *
 * <p>The annotation processor generates one {@code SolverLayer} subclass per {@code @ImleLayer} or
 * {@code @AimleLayer} method, with a builder that extends {@link org.imle4j.runtime.ImleBuilder} or
 * {@link org.imle4j.runtime.AimleBuilder}; every annotation attribute can be overridden there, and any estimator of
 * {@link org.imle4j.runtime.estimator.Estimators} can replace the default. Training goes through
 * {@link org.imle4j.runtime.autograd.ImleTrainer} (or {@link org.imle4j.runtime.autograd.ImleGradientCollector}),
 * whose backward pass also runs the layers' estimators.
 *
 * <p>The API packages, one concept each: {@code noise} (the perturbation ε), {@code imle} (I-MLE's target
 * distribution and its step λ), {@code estimator} (the gradient estimators), {@code autograd} (the trainer and the
 * gradient collector), {@code loss} (the Fenchel-Young loss and per-sample losses), {@code solve} (the solver
 * contracts and their errors), {@code solvers} (exact solvers and their layers) and {@code exact} (exact
 * distributions by enumeration). {@code org.imle4j.runtime.internal} is the plumbing behind them (the deferred
 * backward, the solver runner, the solution cache): public only for the runtime's own packages, not API, and it may
 * change without notice.
 */
package org.imle4j.runtime;
