/**
 * Running a solver over a batch of instances: {@code [N, …]} scores in, {@code [N, …]} solutions out, with every
 * failure reported as a {@link org.imle4j.runtime.solve.SolverException} that names the layer, the solver method
 * and the instance.
 *
 * <p>A batch-native solver works on the NDArray directly; a plain-Java solver, which solves one instance held in a
 * Java array, is adapted by {@link org.imle4j.runtime.solve.ArraySolvers}: the batch comes to the host in one copy,
 * its instances are solved on a shared thread pool, and the solutions go back to θ's device in one copy. Solutions
 * are checked for shape and finite values.
 */
package org.imle4j.runtime.solve;
