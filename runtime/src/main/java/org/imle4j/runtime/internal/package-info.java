/**
 * The runtime's plumbing: <strong>not API</strong>. Its types are public only because the runtime's other packages
 * use them; they may change or disappear in any release without notice, so code outside imle4j should not use them.
 *
 * <p>What lives here: the deferred backward pass through solver layers ({@link
 * org.imle4j.runtime.internal.DeferredBackward}, with the rollback of parameters' gradients after a failed step and
 * the bookkeeping of per-sample output rows), the runner that calls a layer's solver and checks its solutions
 * ({@link org.imle4j.runtime.internal.SolverRunner}), the solution cache, and the
 * {@link org.imle4j.runtime.estimator.EstimatorContext} that a solver layer hands to its estimator.
 *
 * <p>The API is every other package of the runtime: {@code org.imle4j.runtime} (the layers and their builders),
 * {@code autograd}, {@code estimator}, {@code imle}, {@code noise}, {@code loss}, {@code solve}, {@code solvers} and
 * {@code exact}.
 */
package org.imle4j.runtime.internal;
