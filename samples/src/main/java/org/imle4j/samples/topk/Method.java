package org.imle4j.samples.topk;

import java.util.function.Supplier;
import org.imle4j.runtime.SolverLayer;

/**
 * One estimator of the top-k optimisation.
 *
 * <p>The layer returns S samples per step, {@code [S, n]}, and every estimator returns the mean of its S per-sample
 * estimates, so the step's loss is the sum {@code Σ_s ‖z_s − b‖²}: each sample gets the gradient {@code 2(z_s − b)} of
 * its own loss and the estimate is of {@code ∇_θ E[‖z − b‖²]}.
 *
 * @param name the label of tables and plots
 * @param layer makes a fresh layer (a fresh estimator state) for each repeat
 */
record Method(String name, Supplier<SolverLayer> layer) {}
