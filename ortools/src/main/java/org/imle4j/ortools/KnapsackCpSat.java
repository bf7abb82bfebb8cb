package org.imle4j.ortools;

import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.DoubleLinearExpr;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Structure;

/**
 * The multi-dimensional 0/1 knapsack as a CP-SAT model: maximise ⟨z, values⟩ subject to
 * {@code Σ_j weights[i][j]·z_j ≤ capacities[i]} in every dimension i, z ∈ {0,1}ⁿ. CP-SAT takes integer constraints,
 * hence integer weights and capacities (scale decimal weights to integers); the objective is real, which CP-SAT solves
 * after scaling it to integers with a relative precision of about 10⁻⁶, so a selection within that of the optimum may
 * come back where two selections are that close. The annotation generates {@code KnapsackCpSatLayer}, whose builder
 * takes this object ({@code setSolver}), the weights and the capacities.
 *
 * <p><b>Threads and model reuse.</b> The model and a {@link CpSolver} are built once per thread and constraint data
 * (weights and capacities, compared by content) and kept; a call only replaces the objective and solves again.
 * Neither is thread-safe, so every thread that solves (the layer's calling thread and the solver pool's threads) owns
 * its own, and no model is shared. A thread keeps its 4 most recently used models. CP-SAT searches with one worker
 * per solve: the layer already solves the instances of a batch on the pool's threads.
 *
 * <p><b>Failures.</b> A call returns a proven optimum or throws: an infeasible instance throws
 * {@link IllegalStateException}, a solve stopped by the time limit before proving optimality throws
 * {@link TimeoutException}, even if CP-SAT found a feasible selection; the layer reports either as a
 * {@code SolverException} naming the layer, this method and the instance.
 */
public final class KnapsackCpSat implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long timeLimitMillis;
    private final transient PerThreadModels<Model> models = new PerThreadModels<>(Model::new, model -> { });

    /** A solver without a time limit. */
    public KnapsackCpSat() {
        this(0);
    }

    /**
     * A solver whose every solve stops after a time limit.
     *
     * @param timeLimitMillis the wall-clock limit of one solve in milliseconds, at least 0; 0 for none
     * @throws IllegalArgumentException if the limit is negative
     */
    public KnapsackCpSat(long timeLimitMillis) {
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
        throw new InvalidObjectException("a KnapsackCpSat is read through its serialised form");
    }

    /** The serialised form: the time limit, rebuilt through the constructor (which loads the native libraries). */
    private record SerializedForm(long timeLimitMillis) implements Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() {
            return new KnapsackCpSat(timeLimitMillis);
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
     * @return z of length n with 1 on the selected items, optimal to CP-SAT's objective precision
     * @throws IllegalArgumentException if the lengths disagree or a value is not finite
     * @throws IllegalStateException if no selection fits the capacities, or CP-SAT fails
     * @throws TimeoutException if the time limit stopped CP-SAT before it proved a selection optimal
     */
    @AimleLayer(name = "KnapsackCpSatLayer", structure = Structure.BINARY)
    public int[] select(float[] values, int[][] weights, int[] capacities) throws TimeoutException {
        KnapsackData.check(values, weights, capacities);
        Model model = models.get(weights, capacities);
        double[] coefficients = new double[values.length];
        for (int j = 0; j < values.length; j++) {
            coefficients[j] = values[j];
        }
        model.model.clearObjective();
        model.model.maximize(DoubleLinearExpr.weightedSum(model.items, coefficients));
        CpSolverStatus status = model.solver.solve(model.model);
        switch (status) {
            case OPTIMAL -> {
                int[] z = new int[values.length];
                for (int j = 0; j < z.length; j++) {
                    z[j] = (int) model.solver.value(model.items[j]);
                }
                return z;
            }
            case INFEASIBLE -> throw new IllegalStateException("CP-SAT proved the knapsack infeasible: no selection, "
                    + "not even the empty one, fits capacities " + Arrays.toString(capacities));
            case FEASIBLE, UNKNOWN -> {
                if (timeLimitMillis > 0) {
                    throw new TimeoutException("CP-SAT stopped at the time limit of " + timeLimitMillis
                            + " ms before proving a selection optimal (status " + status + ")");
                }
                throw new IllegalStateException("CP-SAT stopped without an optimal selection (status " + status + ")");
            }
            default -> throw new IllegalStateException("CP-SAT failed on the knapsack (status " + status + "): "
                    + model.model.validate());
        }
    }

    /** One thread's CP-SAT model for one constraint data, with its solver. */
    private final class Model {
        final CpModel model = new CpModel();
        final CpSolver solver = new CpSolver();
        final IntVar[] items;

        Model(PerThreadModels.Key key) {
            int n = key.weights[0].length;
            items = new IntVar[n];
            for (int j = 0; j < n; j++) {
                items[j] = model.newBoolVar("z" + j);
            }
            for (int i = 0; i < key.capacities.length; i++) {
                long[] row = Arrays.stream(key.weights[i]).asLongStream().toArray();
                model.addLessOrEqual(LinearExpr.weightedSum(items, row), key.capacities[i]);
            }
            solver.getParameters().setNumWorkers(1);
            if (timeLimitMillis > 0) {
                solver.getParameters().setMaxTimeInSeconds(timeLimitMillis / 1000.0);
            }
        }
    }
}
