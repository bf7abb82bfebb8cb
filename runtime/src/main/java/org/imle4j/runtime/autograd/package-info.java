/**
 * The backward pass through solver layers, on DJL's PyTorch engine, which has no custom-autograd API.
 *
 * <p>A solver layer's training output is a leaf of the graph, cut off from its input θ. The gradient collector of
 * this package first back-propagates the loss, which gives every such leaf its gradient dL/dz, and then lets each
 * layer's estimator turn dL/dz into dL/dθ and back-propagates that into θ's graph, latest layer first. Use
 * {@link org.imle4j.runtime.autograd.ImleTrainer} in place of DJL's {@code Trainer}, or
 * {@link org.imle4j.runtime.autograd.ImleGradientCollector} in a hand-written loop.
 *
 * <p>In code that autograd differentiates, give number operands as arrays made by
 * {@link org.imle4j.runtime.autograd.Scalars#of}: DJL frees the buffer behind {@code array.mul(2f)}'s number when the
 * operation returns, while autograd still needs it for the backward pass.
 */
package org.imle4j.runtime.autograd;
