package org.imle4j.ortools;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.TimeoutException;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Structure;

/**
 * The multi-dimensional 0/1 knapsack as a mixed-integer program, solved by SCIP through OR-Tools' {@code MPSolver}:
 * maximise ⟨z, values⟩ subject to {@code Σ_j weights[i][j]·z_j ≤ capacities[i]} in every dimension i, z ∈ {0,1}ⁿ.
 * The annotation generates {@code KnapsackMipLayer}, whose builder takes this object ({@code setSolver}), the weights
 * and the capacities.
 *
 * <p><b>Threads and model reuse.</b> The MIP is built once per thread and constraint data (weights and capacities,
 * compared by content) and kept; a call only sets the n objective coefficients and solves again. {@code MPSolver} is
 * not thread-safe, so every thread that solves (the layer's calling thread and the solver pool's threads) builds and
 * owns its models, and no model is shared: concurrent calls never contend and never see each other's objective. A
 * thread keeps its 4 most recently used models; a model left behind is released with its thread or this object. One
 * object may serve several layers and threads.
 *
 * <p><b>Failures.</b> A call returns a proven optimum or throws: an infeasible instance (a capacity that even the
 * empty selection exceeds, with negative capacities or weights) throws {@link IllegalStateException}, a solve stopped
 * by the time limit before proving optimality throws {@link TimeoutException}, even if SCIP found a feasible
 * selection; the layer reports either as a {@code SolverException} naming the layer, this method and the instance.
 * The relative MIP gap is 0.
 */
public final class KnapsackMip implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long timeLimitMillis;
    private final transient PerThreadModels<Model> models = new PerThreadModels<>(Model::new, model -> model.solver.delete());

    /** A solver without a time limit. */
    public KnapsackMip() {
        this(0);
    }

    /**
     * A solver whose every solve stops after a time limit.
     *
     * @param timeLimitMillis the wall-clock limit of one solve in milliseconds, at least 0; 0 for none
     * @throws IllegalArgumentException if the limit is negative
     */
    public KnapsackMip(long timeLimitMillis) {
        this.timeLimitMillis = KnapsackData.timeLimit(timeLimitMillis);
        Natives.load();
    }

    /**
     * Serialises the time limit only: a copy builds its own models, one per solving thread.
     *
     * @return the serialised form
     */
    private Object writeReplace() {
        return new SerializedForm(timeLimitMillis);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a KnapsackMip is read through its serialised form");
    }

    /** The serialised form: the time limit, rebuilt through the constructor (which loads the native libraries). */
    private record SerializedForm(long timeLimitMillis) implements Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            return new KnapsackMip(timeLimitMillis);
        }
    }

    /** {@return the models the calling thread holds: one per constraint data it has solved, at most 4} */
    int cachedModels() {
        return models.size();
    }

    /**
     * Items of maximum total value that fit every capacity.
     *
     * @param values the value of each of the n items; finite, any sign
     * @param weights {@code [m][n]}: the weight of each item in each of the m ≥ 1 dimensions
     * @param capacities {@code [m]}: the capacity of each dimension
     * @return z of length n with 1 on the selected items, a proven optimum
     * @throws IllegalArgumentException if the lengths disagree or a value is not finite
     * @throws IllegalStateException if no selection fits the capacities, or SCIP fails
     * @throws TimeoutException if the time limit stopped SCIP before it proved a selection optimal
     */
    @AimleLayer(name = "KnapsackMipLayer", structure = Structure.BINARY)
    public int[] select(float[] values, int[][] weights, int[] capacities) throws TimeoutException {
        KnapsackData.check(values, weights, capacities);
        Model model = models.get(weights, capacities);
        for (int j = 0; j < values.length; j++) {
            model.objective.setCoefficient(model.items[j], values[j]);
        }
        MPSolver.ResultStatus status = model.solver.solve(model.parameters);
        switch (status) {
            case OPTIMAL -> {
                int[] z = new int[values.length];
                for (int j = 0; j < z.length; j++) {
                    z[j] = model.items[j].solutionValue() > 0.5 ? 1 : 0;
                }
                return z;
            }
            case INFEASIBLE -> throw new IllegalStateException("SCIP proved the knapsack infeasible: no selection, "
                    + "not even the empty one, fits capacities " + java.util.Arrays.toString(capacities));
            case FEASIBLE, NOT_SOLVED -> {
                if (timeLimitMillis > 0) {
                    throw new TimeoutException("SCIP stopped at the time limit of " + timeLimitMillis
                            + " ms before proving a selection optimal (status " + status + ")");
                }
                throw new IllegalStateException("SCIP stopped without an optimal selection (status " + status + ")");
            }
            default -> throw new IllegalStateException("SCIP failed on the knapsack (status " + status + ")");
        }
    }

    /** One thread's MIP for one constraint data: variables, constraints and objective sense fixed. */
    private final class Model {
        final MPSolver solver;
        final MPVariable[] items;
        final MPObjective objective;
        final MPSolverParameters parameters;

        Model(PerThreadModels.Key key) {
            solver = MPSolver.createSolver("SCIP");
            if (solver == null) {
                throw new IllegalStateException("OR-Tools has no SCIP solver on this platform");
            }
            int n = key.weights[0].length;
            items = solver.makeBoolVarArray(n);
            for (int i = 0; i < key.capacities.length; i++) {
                MPConstraint capacity = solver.makeConstraint(Double.NEGATIVE_INFINITY, key.capacities[i]);
                for (int j = 0; j < n; j++) {
                    capacity.setCoefficient(items[j], key.weights[i][j]);
                }
            }
            objective = solver.objective();
            objective.setMaximization();
            if (timeLimitMillis > 0) {
                solver.setTimeLimit(timeLimitMillis);
            }
            parameters = new MPSolverParameters();
            parameters.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0);
        }
    }
}
