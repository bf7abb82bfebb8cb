/**
 * I-MLE's target distribution {@code θ' = α·θ − λ·dL/dz}: how far, and in which direction, θ moves towards
 * solutions of lower loss before the finite difference {@code MAP(θ + ε) − MAP(θ' + ε)} is taken.
 *
 * <p>{@link org.imle4j.runtime.imle.FixedTarget} keeps λ constant (Niepert, Minervini and Franceschi, NeurIPS 2021);
 * {@link org.imle4j.runtime.imle.AdaptiveTarget} sets {@code λ = β·‖θ‖ / ‖dL/dz‖} on every backward pass and
 * steers β towards a target sparsity of the gradient estimates (Minervini, Franceschi and Niepert, AAAI 2023). θ is
 * given in maximisation form, so the formulas hold for maximising and minimising solvers alike.
 */
package org.imle4j.runtime.imle;
