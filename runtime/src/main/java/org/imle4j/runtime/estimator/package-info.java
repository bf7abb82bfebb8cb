/**
 * Gradient estimators: how a solver layer's training forward pass samples solutions and how the gradient dL/dz of
 * its output becomes an estimate of dL/dθ, although {@code z = MAP(θ)} is piecewise constant in θ.
 *
 * <p>Every estimator implements {@link org.imle4j.runtime.estimator.GradientEstimator} and works in maximisation
 * form, {@code φ = θ} for a maximising solver and {@code φ = −θ} for a minimising one, through the batch's
 * {@link org.imle4j.runtime.estimator.EstimatorContext}. {@link org.imle4j.runtime.estimator.Estimators} creates them
 * for {@code optEstimator(…)} on a generated builder:
 * <ul>
 *   <li>I-MLE and adaptive I-MLE ({@link org.imle4j.runtime.estimator.ImleEstimator}; Niepert, Minervini and
 *       Franceschi, NeurIPS 2021; Minervini, Franceschi and Niepert, AAAI 2023), the layers' default;</li>
 *   <li>straight-through ({@link org.imle4j.runtime.estimator.StraightThroughEstimator}) and blackbox
 *       differentiation ({@link org.imle4j.runtime.estimator.BlackboxEstimator}; Vlastelica et al., ICLR 2020);</li>
 *   <li>perturbed optimizers ({@link org.imle4j.runtime.estimator.PerturbedOptimizerEstimator}; Berthet et al.,
 *       NeurIPS 2020);</li>
 *   <li>score-function estimation ({@link org.imle4j.runtime.estimator.ScoreFunctionEstimator}) over an
 *       {@link org.imle4j.runtime.estimator.ExponentialFamily}, with a
 *       {@link org.imle4j.runtime.estimator.Baseline};</li>
 *   <li>the relaxations Gumbel-softmax ({@link org.imle4j.runtime.estimator.GumbelSoftmaxEstimator}) and relaxed
 *       top-k ({@link org.imle4j.runtime.estimator.RelaxedTopKEstimator}), which replace the solver while training
 *       and are differentiated by autograd;</li>
 *   <li>the mixed discrete–continuous relaxations, whose samples are exactly discrete with positive probability:
 *       Hard Concrete gates ({@link org.imle4j.runtime.estimator.HardConcreteEstimator}; Louizos, Welling and
 *       Kingma, ICLR 2018), also as a block without a solver
 *       ({@link org.imle4j.runtime.estimator.HardConcreteGate}), and Gaussian-sparsemax
 *       ({@link org.imle4j.runtime.estimator.GaussianSparsemaxEstimator}; Farinhas et al., ICLR 2022) through
 *       {@link org.imle4j.runtime.estimator.Sparsemax}.</li>
 * </ul>
 *
 * <p>Samples are laid out {@code [B, S, M, …]}: S samples of M marginal samples each, for each of the B examples.
 * With per-sample outputs ({@code [B·S, …]}) every estimator gives θ the mean, not the sum, of the per-sample
 * gradients. Estimators with state (adaptive I-MLE's β, a moving-average baseline) save it with the model's
 * parameters; give each layer its own instance.
 */
package org.imle4j.runtime.estimator;
