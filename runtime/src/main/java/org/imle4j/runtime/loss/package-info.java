/**
 * Losses around solver layers: {@link org.imle4j.runtime.loss.PerSampleLoss} and
 * {@link org.imle4j.runtime.loss.PerSampleEvaluator} score each sample row of a layer's training output against its
 * example's label; {@link org.imle4j.runtime.loss.FenchelYoungLoss} trains the scores θ of a combinatorial solver
 * directly against target solutions, without a solver layer in the model: the solver is called inside the loss, and
 * the loss's gradient needs no custom backward; {@link org.imle4j.runtime.loss.ExpectedL0Loss} is the expected L0
 * norm of Hard Concrete gates, the penalty that makes them sparse.
 */
package org.imle4j.runtime.loss;
