/**
 * Losses for training the scores θ of a combinatorial solver directly against target solutions, without a solver
 * layer in the model: the solver is called inside the loss, and the loss's gradient needs no custom backward.
 */
package org.imle4j.runtime.loss;
