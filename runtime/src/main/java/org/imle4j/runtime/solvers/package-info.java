/**
 * Exact MAP solvers for the combinatorial layers: plain static methods on Java arrays, one class per problem.
 *
 * <p>Each solver takes the scores (or costs) θ of one instance and returns the optimal discrete solution z as a
 * 0/1 indicator (or, for {@link org.imle4j.runtime.solvers.Ranking}, a permutation) of the same rank as θ, so that
 * the objective is the inner product ⟨z, θ⟩. The Javadoc of each method states whether it maximises or minimises,
 * the layout of θ and z, how ties are broken and the running time. Ties are always broken deterministically, so the
 * same θ gives the same z.
 *
 * <p>Invalid input is rejected with an {@link java.lang.IllegalArgumentException} that names the argument and the
 * rule it breaks; a NaN score is reported with its index. Solvers that only compare scores accept ±∞ (useful to mask
 * options out); solvers that add scores up require finite values, because sums of opposite infinities are undefined.
 */
package org.imle4j.runtime.solvers;
