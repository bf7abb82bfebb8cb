/**
 * Exact laws of discrete solutions by enumeration, for checking gradient estimates on small instances: the gradients
 * a layer estimates by sampling are computed here in closed form over every solution.
 *
 * <ul>
 *   <li>{@link org.imle4j.runtime.exact.KSubsets}: the k-subset exponential family
 *       {@code p(z; θ) ∝ exp⟨z, θ⟩}, its probabilities, marginals, expectations and their gradients;</li>
 *   <li>{@link org.imle4j.runtime.exact.PlackettLuceTopK}: the law of {@code top-k(θ + ε)} with Gumbel noise ε,
 *       which perturb-and-MAP samples and which for k &gt; 1 differs from the family, with the exact Jacobian of its
 *       marginals;</li>
 *   <li>{@link org.imle4j.runtime.exact.SpanningTrees}: the spanning trees of a complete graph and the Gibbs law
 *       {@code p(T) ∝ exp(Σ_{e∈T} θ_e / t)} over them, its edge marginals and their Jacobian.</li>
 * </ul>
 *
 * <p>Everything is plain {@code double[]} arithmetic on the host; no engine is needed.
 */
package org.imle4j.runtime.exact;
