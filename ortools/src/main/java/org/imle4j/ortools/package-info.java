/**
 * Solver layers on Google OR-Tools: the multi-dimensional 0/1 knapsack as a mixed-integer program (SCIP through
 * {@code MPSolver}) and as a CP-SAT model, and the travelling salesperson problem on a complete graph's edge costs.
 *
 * <p>The module is optional: {@code imle4j-runtime} does not depend on OR-Tools, and a project that wants these layers
 * adds {@code org.imle4j:imle4j-ortools}, which brings OR-Tools' Java API and its native libraries from Maven Central.
 */
package org.imle4j.ortools;
