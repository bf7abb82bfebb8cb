package org.imle4j.runtime.testing;

import ai.djl.ndarray.NDArray;
import org.imle4j.runtime.solve.BatchSolver;

/** Exact batch solvers of rank-1 instances, {@code [N, n] → [N, n]} on the device, for the runtime's own tests. */
public final class TestSolvers {
    private TestSolvers() {}

    /**
     * The 0/1 indicator of the k largest scores of each row.
     *
     * @param k the number of items chosen per row
     * @return the solver
     */
    public static BatchSolver topK(int k) {
        return request -> {
            NDArray thetas = request.thetas();
            NDArray indices = thetas.topK(k, 1, true, false).get(1);
            return indices.oneHot(columns(thetas)).sum(new int[] {1}).toType(thetas.getDataType(), false);
        };
    }

    /**
     * The 0/1 indicator of the k smallest scores of each row: a minimising solver.
     *
     * @param k the number of items chosen per row
     * @return the solver
     */
    public static BatchSolver bottomK(int k) {
        BatchSolver topK = topK(k);
        return request -> topK.solve(request.withThetas(request.thetas().neg()));
    }

    /**
     * The one-hot indicator of the largest score of each row.
     *
     * @return the solver
     */
    public static BatchSolver argmax() {
        return request -> {
            NDArray thetas = request.thetas();
            return thetas.argMax(1).oneHot(columns(thetas)).toType(thetas.getDataType(), false);
        };
    }

    /**
     * The one-hot indicator of the smallest score of each row: a minimising solver.
     *
     * @return the solver
     */
    public static BatchSolver argmin() {
        return request -> {
            NDArray thetas = request.thetas();
            return thetas.argMin(1).oneHot(columns(thetas)).toType(thetas.getDataType(), false);
        };
    }

    private static int columns(NDArray thetas) {
        return Math.toIntExact(thetas.getShape().get(1));
    }
}
