package org.imle4j.ortools;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CircuitConstraint;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.SatParameters;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.Objective;
import org.imle4j.annotation.Structure;
import org.imle4j.runtime.solvers.CompleteGraph;

/**
 * The travelling salesperson problem on a complete graph, solved exactly by CP-SAT's circuit constraint.
 *
 * <p>θ holds one cost per unordered pair of nodes, listed as the entries above the diagonal of the cost matrix in
 * row-major order, (0,1), (0,2), …, (0,n−1), (1,2), …, (n−2,n−1), as PyEPO's TSP data and
 * {@code scipy.spatial.distance.pdist} list them. A solution is the tour's edge indicator vector: 1 on the n edges of
 * a Hamiltonian cycle, 0 elsewhere. The model has a Boolean per directed arc, both directions of every pair, under
 * one {@code AddCircuit} constraint that visits every node; the indicator of edge {i, j} is the sum of its two arcs.
 *
 * <p>CP-SAT's objective takes integer coefficients: the costs are multiplied by a power of two that brings the
 * largest magnitude into [2²³, 2²⁴) and rounded, so the returned tour's cost is within n·max|θ|·2⁻²⁴ of the
 * optimum, as close as float costs resolve.
 *
 * <p>Every call builds its own model and solver, so that one object serves the solver pool's threads at once: the
 * only state shared between calls is immutable configuration and a counter. Building the model takes a small part of
 * a solve (CP-SAT serialises the model on every solve anyway), so a model kept per thread would save little.
 *
 * <p>A solve that ends without a tour (a time limit reached first, an infeasible or invalid model) throws
 * {@link IllegalStateException} with CP-SAT's status; a generated layer reports it as a
 * {@code org.imle4j.runtime.solve.SolverException} that names the layer, the solver method and the instance. A solve
 * that ends with a tour not proven optimal (status {@code FEASIBLE}, a time limit or a parameter such as
 * {@code stop_after_first_solution}) follows the {@link NotProvenOptimal} policy: by default it throws too, as the
 * module's knapsack solvers do, so that a layer never trains on an approximate optimum unawares;
 * {@link NotProvenOptimal#RETURN_BEST_TOUR} returns the best tour found instead and counts it in
 * {@link #unprovenTours()}, for a time limit meant as a trade of optimality for time.
 *
 * <p>The solver is serialisable, so that a layer over it can solve on a cluster's members: what crosses the wire is
 * its configuration, with the further CP-SAT parameters as the parameters they set on an empty parameter set (so a
 * parameter function must set the same parameters on every call, as one that is safe to call concurrently does). A
 * copy counts its own {@link #unprovenTours()}: tours solved on a member are counted there.
 */
public final class TravellingSalesperson implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Exponent of two that bounds the largest scaled cost magnitude. */
    private static final int SCALED_COST_BITS = 24;

    private final int nodes;
    private final double maxSeconds;
    private final int workers;
    private final NotProvenOptimal notProvenOptimal;
    private final Consumer<SatParameters.Builder> parameters;
    private final LongAdder unprovenTours = new LongAdder();

    private TravellingSalesperson(Builder builder) {
        this.nodes = builder.nodes;
        this.maxSeconds = builder.maxSeconds;
        this.workers = builder.workers;
        this.notProvenOptimal = builder.notProvenOptimal;
        this.parameters = builder.parameters;
        // Synchronised and done once per JVM: later calls return at once.
        Loader.loadNativeLibraries();
    }

    /**
     * Returns a builder; {@code build()} requires {@link Builder#setNodes(int)}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** What a solve that ends with a tour not proven optimal (CP-SAT status {@code FEASIBLE}) returns. */
    public enum NotProvenOptimal {
        /** The best tour found; it is counted in {@link #unprovenTours()}. */
        RETURN_BEST_TOUR,
        /** Nothing: the solve throws {@link IllegalStateException}, as one without a tour does. */
        FAIL
    }

    /**
     * The tour of least total cost, minimising ⟨z, edgeCosts⟩ over the edge indicator vectors z of Hamiltonian
     * cycles.
     *
     * <p>Costs may be negative (perturbed costs are), so no cost is clamped.
     *
     * @param edgeCosts the cost of every edge in the order of {@link #edgeIndex(int, int, int)}, length n(n−1)/2;
     *     finite
     * @return z of length n(n−1)/2 with exactly n ones, on the edges of a Hamiltonian cycle
     * @throws IllegalArgumentException if the length of {@code edgeCosts} is not n(n−1)/2 or a cost is not finite
     * @throws IllegalStateException if CP-SAT ends without a tour (time limit, infeasible or invalid model), or with
     *     one not proven optimal under {@link NotProvenOptimal#FAIL}
     */
    @AimleLayer(name = "TravellingSalespersonLayer", objective = Objective.MINIMIZE, structure = Structure.BINARY)
    public int[] tour(float[] edgeCosts) {
        Objects.requireNonNull(edgeCosts, "edgeCosts");
        int edges = edgeCount(nodes);
        if (edgeCosts.length != edges) {
            throw new IllegalArgumentException("edgeCosts has length " + edgeCosts.length + " but a complete graph on "
                    + nodes + " nodes has n(n-1)/2 = " + edges + " edges");
        }
        double largest = 0;
        for (int edge = 0; edge < edges; edge++) {
            if (!Float.isFinite(edgeCosts[edge])) {
                throw new IllegalArgumentException("edgeCosts[" + edge + "] is " + edgeCosts[edge]
                        + "; costs must be finite");
            }
            largest = Math.max(largest, Math.abs(edgeCosts[edge]));
        }
        double scale = largest == 0 ? 1 : Math.scalb(1.0, SCALED_COST_BITS - 1 - Math.getExponent(largest));

        CpModel model = new CpModel();
        CircuitConstraint circuit = model.addCircuit();
        BoolVar[] forward = new BoolVar[edges];
        BoolVar[] backward = new BoolVar[edges];
        BoolVar[] arcs = new BoolVar[2 * edges];
        long[] arcCosts = new long[2 * edges];
        for (int i = 0, edge = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++, edge++) {
                forward[edge] = model.newBoolVar(i + ">" + j);
                backward[edge] = model.newBoolVar(j + ">" + i);
                circuit.addArc(i, j, forward[edge]);
                circuit.addArc(j, i, backward[edge]);
                long cost = Math.round(edgeCosts[edge] * scale);
                arcs[2 * edge] = forward[edge];
                arcs[2 * edge + 1] = backward[edge];
                arcCosts[2 * edge] = cost;
                arcCosts[2 * edge + 1] = cost;
            }
        }
        model.minimize(LinearExpr.weightedSum(arcs, arcCosts));

        CpSolver solver = new CpSolver();
        SatParameters.Builder settings = solver.getParameters().setNumWorkers(workers);
        if (maxSeconds > 0) {
            settings.setMaxTimeInSeconds(maxSeconds);
        }
        parameters.accept(settings);
        CpSolverStatus status = solver.solve(model);
        if (status == CpSolverStatus.FEASIBLE && notProvenOptimal == NotProvenOptimal.RETURN_BEST_TOUR) {
            unprovenTours.increment();
        } else if (status != CpSolverStatus.OPTIMAL) {
            throw new IllegalStateException("CP-SAT ended with status " + status + " after "
                    + String.format("%.3f", solver.wallTime()) + " s on " + nodes + " nodes"
                    + (maxSeconds > 0 ? " (time limit " + maxSeconds + " s)" : "") + describe(status));
        }
        int[] z = new int[edges];
        for (int edge = 0; edge < edges; edge++) {
            z[edge] = (solver.booleanValue(forward[edge]) ? 1 : 0) + (solver.booleanValue(backward[edge]) ? 1 : 0);
        }
        return z;
    }

    private String describe(CpSolverStatus status) {
        return switch (status) {
            case UNKNOWN -> ": no tour found within the limits; raise maxSeconds";
            case FEASIBLE -> ": a tour was found but not proven optimal; optNotProvenOptimal("
                    + NotProvenOptimal.RETURN_BEST_TOUR + ") would return it";
            default -> "";
        };
    }

    /**
     * How many calls returned a tour that CP-SAT had not proven optimal, under
     * {@link NotProvenOptimal#RETURN_BEST_TOUR}.
     *
     * @return the number of such calls since this object was built
     */
    public long unprovenTours() {
        return unprovenTours.sum();
    }

    /**
     * The number of nodes of the graph.
     *
     * @return n, at least 3
     */
    public int nodes() {
        return nodes;
    }

    /**
     * Index of the edge between nodes i and j (in either order): {@link CompleteGraph#edgeIndex}, the order of
     * {@code scipy.spatial.distance.pdist}.
     *
     * @param i one end of the edge, in [0, nodes)
     * @param j the other end, in [0, nodes) and different from i
     * @param nodes the number of nodes
     * @return the position of the edge's cost in {@code edgeCosts} and of its indicator in the tour
     * @throws IllegalArgumentException if i equals j or either is not a node of the graph
     */
    public static int edgeIndex(int i, int j, int nodes) {
        return CompleteGraph.edgeIndex(i, j, nodes);
    }

    /**
     * The number of edges of the complete graph, the length of θ and of a tour's indicator vector.
     *
     * @param nodes the number n of nodes, at least 3
     * @return n(n−1)/2
     * @throws IllegalArgumentException if {@code nodes} is less than 3
     */
    public static int edgeCount(int nodes) {
        if (nodes < 3) {
            throw new IllegalArgumentException("nodes is " + nodes + " but a tour needs at least 3");
        }
        return nodes * (nodes - 1) / 2;
    }

    /**
     * Serialises the configuration only, the parameter function as the parameters it sets.
     *
     * @return the serialised form
     */
    private Object writeReplace() {
        SatParameters.Builder set = SatParameters.newBuilder();
        parameters.accept(set);
        return new SerializedForm(nodes, maxSeconds, workers, notProvenOptimal, set.build().toByteArray());
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a TravellingSalesperson is read through its serialised form");
    }

    /** The serialised form: the configuration, rebuilt through the builder (which loads the native libraries). */
    private record SerializedForm(int nodes, double maxSeconds, int workers, NotProvenOptimal notProvenOptimal,
            byte[] parameters) implements Serializable {
        private static final long serialVersionUID = 1L;

        private Object readResolve() throws InvalidObjectException {
            SatParameters set;
            try {
                set = SatParameters.parseFrom(parameters);
            } catch (InvalidProtocolBufferException e) {
                throw (InvalidObjectException) new InvalidObjectException("CP-SAT parameters cannot be read: "
                        + e.getMessage()).initCause(e);
            }
            return builder().setNodes(nodes).optMaxSeconds(maxSeconds).optWorkers(workers)
                    .optNotProvenOptimal(notProvenOptimal).optParameters(settings -> settings.mergeFrom(set)).build();
        }
    }

    /** Builder of {@link TravellingSalesperson}. */
    public static final class Builder {
        private int nodes;
        private double maxSeconds;
        private int workers = 1;
        private NotProvenOptimal notProvenOptimal = NotProvenOptimal.FAIL;
        private Consumer<SatParameters.Builder> parameters = settings -> { };

        private Builder() {
        }

        /**
         * Sets the number of nodes of the complete graph; required.
         *
         * @param nodes n, at least 3
         * @return this builder
         */
        public Builder setNodes(int nodes) {
            this.nodes = nodes;
            return this;
        }

        /**
         * Sets CP-SAT's time limit per solve; default 0, no limit.
         *
         * @param maxSeconds the limit in seconds, at least 0; 0 for none
         * @return this builder
         */
        public Builder optMaxSeconds(double maxSeconds) {
            this.maxSeconds = maxSeconds;
            return this;
        }

        /**
         * Sets CP-SAT's number of workers per solve; default 1, since the layer's solver pool already solves the
         * instances of a batch in parallel, and a single worker makes CP-SAT deterministic.
         *
         * @param workers at least 1
         * @return this builder
         */
        public Builder optWorkers(int workers) {
            this.workers = workers;
            return this;
        }

        /**
         * Sets what a solve that ends with a tour not proven optimal returns; default {@link NotProvenOptimal#FAIL}.
         *
         * @param notProvenOptimal the policy
         * @return this builder
         */
        public Builder optNotProvenOptimal(NotProvenOptimal notProvenOptimal) {
            this.notProvenOptimal = notProvenOptimal;
            return this;
        }

        /**
         * Sets further CP-SAT parameters, applied after the workers and the time limit on every solve; default none.
         *
         * @param parameters a function that edits the solve's parameters; called on the solving threads, so it must
         *     be safe to call concurrently
         * @return this builder
         */
        public Builder optParameters(Consumer<SatParameters.Builder> parameters) {
            this.parameters = parameters;
            return this;
        }

        /**
         * Builds the solver, loading OR-Tools' native libraries on first use.
         *
         * @return the solver
         * @throws IllegalArgumentException if nodes is unset or below 3, maxSeconds is negative or not finite,
         *     workers is below 1, or the policy or parameters are null
         */
        public TravellingSalesperson build() {
            if (nodes < 3) {
                throw new IllegalArgumentException("nodes is " + nodes + " but must be at least 3 (setNodes)");
            }
            if (!(maxSeconds >= 0) || Double.isInfinite(maxSeconds)) {
                throw new IllegalArgumentException("maxSeconds is " + maxSeconds
                        + " but must be finite and at least 0 (0: no limit)");
            }
            if (workers < 1) {
                throw new IllegalArgumentException("workers is " + workers + " but must be at least 1");
            }
            if (notProvenOptimal == null) {
                throw new IllegalArgumentException("notProvenOptimal is null; choose RETURN_BEST_TOUR or FAIL");
            }
            if (parameters == null) {
                throw new IllegalArgumentException("parameters is null; omit optParameters for none");
            }
            return new TravellingSalesperson(this);
        }
    }
}
