package org.imle4j.runtime.testing;

import ai.djl.ndarray.NDArray;
import org.imle4j.runtime.AimleBuilder;
import org.imle4j.runtime.ImleBuilder;
import org.imle4j.runtime.SolverLayer;
import org.imle4j.runtime.solve.BatchSolver;
import org.imle4j.runtime.solve.SolverIdentity;

/** A hand-written solver layer for the runtime's own tests, shaped like the processor's output. */
public final class TestLayer extends SolverLayer {
    /** The layer and solver method that every test layer reports in its messages. */
    public static final SolverIdentity IDENTITY = new SolverIdentity("TestLayer", "org.imle4j.runtime.TestLayer#solve");

    private TestLayer(SolverLayer.Builder<?> builder, BatchSolver solver) {
        super(builder, solver);
    }

    /** An I-MLE layer over a batch solver of rank-1 instances. */
    public static Imle imle(BatchSolver solver) {
        return new Imle(solver, 1, 0);
    }

    /** An adaptive I-MLE layer over a batch solver of rank-1 instances. */
    public static Aimle aimle(BatchSolver solver) {
        return new Aimle(solver);
    }

    /** Exact top-k indicator of each row, {@code [N, n] → [N, n]}, on the device. */
    public static BatchSolver topK(int k) {
        return request -> {
            NDArray thetas = request.thetas();
            int n = Math.toIntExact(thetas.getShape().get(1));
            NDArray indices = thetas.topK(k, 1, true, false).get(1);
            return indices.oneHot(n).sum(new int[] {1}).toType(thetas.getDataType(), false);
        };
    }

    public static final class Imle extends ImleBuilder<Imle> {
        private final BatchSolver solver;

        public Imle(BatchSolver solver, int eventRank, int extraInputs) {
            super(IDENTITY.layer(), IDENTITY.method(), eventRank, extraInputs);
            this.solver = solver;
        }

        @Override
        protected Imle self() {
            return this;
        }

        public TestLayer build() {
            validate();
            return new TestLayer(this, solver);
        }
    }

    public static final class Aimle extends AimleBuilder<Aimle> {
        private final BatchSolver solver;

        Aimle(BatchSolver solver) {
            super(IDENTITY.layer(), IDENTITY.method(), 1, 0);
            this.solver = solver;
        }

        @Override
        protected Aimle self() {
            return this;
        }

        public TestLayer build() {
            validate();
            return new TestLayer(this, solver);
        }
    }
}
