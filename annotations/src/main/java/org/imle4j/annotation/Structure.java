package org.imle4j.annotation;

/**
 * The set a solver's solutions come from. Layers use it twice: {@code build()} refuses an estimator that needs
 * another structure (Gumbel-softmax needs {@link #ONE_HOT}, relaxed top-k {@link #K_SUBSET}, the spanning-tree
 * stochastic softmax trick {@link #SPANNING_TREE}, …), and every solution is checked against it where it is written
 * (unless the builder's {@code optCheckSolutions(false)} turns that off).
 */
public enum Structure {
    /** Not declared: solutions are only checked to be finite, and estimators that need a structure are refused. */
    UNSPECIFIED,
    /**
     * 0/1 solutions from a constrained set, such as paths, trees, matchings or packings. Checked: every entry is 0
     * or 1.
     */
    BINARY,
    /**
     * Every 0/1 vector is feasible and each bit is chosen on its own: {@code MAP(θ) = 1[θ > 0]}, the mode of
     * independent Bernoulli bits. Checked: every entry is 0 or 1.
     */
    INDEPENDENT_BITS,
    /**
     * One option per row: {@code MAP(θ)} is the one-hot indicator of the argmax of each row (along the last axis) of
     * θ. Checked: every entry is 0 or 1, and every row holds exactly one 1.
     */
    ONE_HOT,
    /**
     * The k best options: {@code MAP(θ)} is the 0/1 indicator of the k largest scores, with k fixed by the builder's
     * properties and the example's {@code @Input} values. Checked: every entry is 0 or 1, and all instances of a
     * solver call hold the same number of ones (all instances of one example, when the solver has {@code @Input}
     * parameters).
     */
    K_SUBSET,
    /**
     * A ranking: each row (along the last axis) of a solution is a permutation of {@code 1, …, n}, the vertices of
     * the permutahedron. Checked: exactly that.
     */
    RANKING,
    /**
     * A spanning tree of the complete graph on n nodes: the solution holds one 0/1 indicator per edge, the n(n−1)/2
     * edges in the row-major order of the entries above the diagonal of the adjacency matrix, (0,1), (0,2), …,
     * (n−2,n−1), with the n − 1 edges of a tree set. Checked: every entry is 0 or 1.
     */
    SPANNING_TREE
}
