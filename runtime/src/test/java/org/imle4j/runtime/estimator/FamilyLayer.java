package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solve.BatchSolver;

/**
 * A hand-written solver layer trained by the score-function estimator, for this package's tests. Its solver, the
 * top-k indicator (a maximiser), runs only at inference, which no minimising test reaches. Its event rank is left
 * open so that the estimator's own check of θ's rank can be tested.
 */
final class FamilyLayer extends SolverLayer {

    private FamilyLayer(Builder builder, BatchSolver solver) {
        super(builder, solver);
    }

    /** A layer whose solver is the top-k indicator of each row and whose estimator is {@code estimator}. */
    static Builder topK(int k, ScoreFunctionEstimator estimator) {
        return new Builder(k, estimator);
    }

    static final class Builder extends SolverLayer.Builder<Builder> {
        private final int k;
        private final ScoreFunctionEstimator estimator;

        private Builder(int k, ScoreFunctionEstimator estimator) {
            super("FamilyLayer", "org.imle4j.runtime.estimator.FamilyLayer#topK", -1, 0);
            this.k = k;
            optStructure(k == 1 ? Structure.ONE_HOT : Structure.K_SUBSET);
            this.estimator = estimator;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected GradientEstimator defaultEstimator() {
            return estimator;
        }

        FamilyLayer build() {
            validate();
            return new FamilyLayer(this, request -> {
                NDArray thetas = request.thetas();
                int n = Math.toIntExact(thetas.getShape().get(1));
                NDArray indices = thetas.topK(k, 1, true, false).get(1);
                return indices.oneHot(n).sum(new int[] {1}).toType(thetas.getDataType(), false);
            });
        }
    }
}
