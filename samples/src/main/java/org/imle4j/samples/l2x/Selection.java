package org.imle4j.samples.l2x;

import java.util.function.Supplier;
import org.imle4j.runtime.SolverLayer;

/**
 * One way of training the k-subset selector of L2X.
 *
 * <p>With S masks per example the batch loss is the mean cross-entropy over the {@code B·S} rows. Every estimator
 * averages its S per-sample estimates, so the loss is multiplied by S, which makes every sample's dL/dz that of its
 * own example's loss: each then estimates the gradient of the expected loss per example, at the same scale.
 *
 * @param name the label of tables and plots
 * @param layer makes a fresh selector layer for each training run
 */
record Selection(String name, Supplier<SolverLayer> layer) {}
