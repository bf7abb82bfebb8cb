package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.Optional;
import org.imle4j.annotation.Attribute.Range;
import org.imle4j.annotation.Structure;

/**
 * SparseMAP (Niculae, Martins, Blondel and Cardie, "SparseMAP: Differentiable Sparse Structured Inference", ICML
 * 2018): the layer outputs a sparse convex combination of a few of the solver's solutions,
 * <pre>
 *   μ*(φ) = argmax over μ in conv(structures) of ⟨φ, μ⟩ − ½‖μ‖²,
 * </pre>
 * the Euclidean projection of φ onto the marginal polytope, and is differentiated exactly. It needs nothing but the
 * layer's solver as a MAP oracle: for a top-k solver μ* is the projection onto the capped simplex
 * {@code {0 ≤ μ ≤ 1, Σμ = k}}, for a spanning-tree solver onto the spanning-tree polytope.
 *
 * <p>Forward, the active-set method of the paper (its Algorithm 2) on the host in double precision, for all the
 * batch's instances at once: it starts from {@code MAP(φ)}; each iteration calls the solver once for the whole batch
 * on the objective's gradients {@code φ − μ} (through the layer's solver path, so its checks, pool or batch solver and
 * errors apply), stops an instance once the returned structure's Frank–Wolfe gap {@code ⟨φ − μ, s − μ⟩} is at most
 * {@code tolerance · Σ|φ − μ|·(|s| + |μ|)}, and otherwise adds s to the instance's active set and solves the program
 * on that set exactly, dropping structures whose weight reaches zero. The active set is exact after finitely many
 * iterations; its size is the number of structures in μ*, at most the dimension of μ*'s face plus one. The output is
 * μ, {@code [B, …]}, repeated in every sample row when the layer outputs samples; no noise, no samples, no λ: the
 * layer's noise settings are ignored.
 *
 * <p>Backward, the exact Jacobian of μ* on the active set: with the active structures as the columns of M and
 * {@code A = MᵀM}, {@code ∂μ/∂φ = M·P·Mᵀ} with P the top-left block of the inverse of {@code [[A, 1], [1ᵀ, 0]]}, which
 * is {@code A⁻¹ − A⁻¹11ᵀA⁻¹ / (1ᵀA⁻¹1)} when A is invertible (the paper's Proposition); the Jacobian is symmetric, so
 * {@code dL/dφ = M·P·Mᵀ·dL/dμ}, computed on the host for each instance (sample rows' gradients averaged, as the other
 * estimators do). It is the gradient of the smoothed, deterministic μ*, not of MAP (zero almost everywhere), and it is
 * exact wherever the active set is locally constant, that is almost everywhere. For a {@code MINIMIZE} solver φ = −θ,
 * so μ* is the projection of −θ, and the context turns dL/dφ into dL/dθ.
 *
 * <p>Cost: each iteration is one solver call for the whole batch, two copies between θ's device and the host, and per
 * instance a dense solve of the (m+1)×(m+1) system above, O(m³) for m active structures. The iterations and m grow with
 * the number of fractional coordinates of μ*, so with θ's entries close together relative to 1 (the scale of the
 * quadratic term): at top-16 of 256, θ ~ N(0, 1) takes about 40 solver calls and ends with about 29 structures,
 * θ ~ N(0, 0.1²) about 112 calls and 99 structures. Scaling θ up makes μ* sparser and the layer closer to MAP.
 *
 * <p>The solver must be exact: a solution that scores below one it returned before under the same φ − μ (by more
 * than the rounding of φ − μ to θ's data type explains) fails with a {@link org.imle4j.runtime.solve.SolverException}
 * naming the layer, the solver method and the instance, and so does an instance that has not converged after the
 * maximum number of iterations. Solutions outside the declared structure (a fraction where the structure is 0/1)
 * fail the layer's own solution checks.
 */
public final class SparseMapEstimator implements GradientEstimator {
    /** Active-set iterations, each one solver call, after the first call {@code MAP(φ)}, unless given. */
    public static final int DEFAULT_MAX_ITERATIONS = 1000;
    /** The relative Frank–Wolfe gap at which an instance stops, unless given. */
    public static final double DEFAULT_TOLERANCE = 1e-9;

    private final int maxIterations;
    private final double tolerance;

    /**
     * A SparseMAP estimator.
     *
     * @param maxIterations the active-set iterations after {@code MAP(φ)}, each one solver call for the whole batch,
     *     at least 1; an instance that needs more fails
     * @param tolerance the Frank–Wolfe gap, relative to {@code Σ|φ − μ|·(|s| + |μ|)}, at which an instance stops,
     *     non-negative and finite
     * @throws IllegalArgumentException if a value is out of range
     */
    public SparseMapEstimator(int maxIterations, double tolerance) {
        this.maxIterations = Range.AT_LEAST_ONE.require("SparseMAP maxIterations", maxIterations);
        this.tolerance = Range.NON_NEGATIVE.require("SparseMAP tolerance", tolerance);
    }

    @Override
    public NDArray forward(EstimatorContext context) {
        SampleLayout layout = context.layout();
        NDArray phi = context.phi();
        int batch = Math.toIntExact(layout.batchSize());
        int size = Math.toIntExact(layout.eventShape().size());
        double roundoff = unitRoundoff(phi.getDataType());
        double[] phis = host(phi);
        double[] first = host(context.solve(phi));
        SparseMapActiveSet[] programs = new SparseMapActiveSet[batch];
        for (int b = 0; b < batch; b++) {
            programs[b] = new SparseMapActiveSet(slice(phis, b, size), slice(first, b, size));
        }
        boolean[] solved = new boolean[batch];
        int open = batch;
        int calls = 1;
        for (int iteration = 0; iteration < maxIterations && open > 0; iteration++) {
            double[][] directions = new double[batch][];
            double[] flat = new double[batch * size];
            for (int b = 0; b < batch; b++) {
                directions[b] = programs[b].direction();
                System.arraycopy(directions[b], 0, flat, b * size, size);
            }
            // Solved instances go to the solver too: the solver call holds one instance per example.
            double[] solutions = host(context.solve(engineCopy(phi, flat, phi.getShape())));
            calls++;
            for (int b = 0; b < batch; b++) {
                if (solved[b]) {
                    continue;
                }
                double[] solution = slice(solutions, b, size);
                Optional<String> disagreement = programs[b].disagreement(solution, directions[b], roundoff);
                if (disagreement.isPresent()) {
                    throw context.failure(disagreement.get(), b);
                }
                double gap = programs[b].gap(solution, directions[b]);
                if (gap <= tolerance * programs[b].gapScale(solution, directions[b]) || !programs[b].add(solution)) {
                    solved[b] = true;
                    open--;
                }
            }
        }
        for (int b = 0; b < batch && open > 0; b++) {
            if (!solved[b]) {
                throw context.failure("SparseMAP's active set has not converged after " + maxIterations
                        + " iterations (" + calls + " solver calls); allow more with Estimators.sparseMap("
                        + "maxIterations, tolerance)", b);
            }
        }
        double[] means = new double[batch * size];
        int active = 0;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(programs[b].mean(), 0, means, b * size, size);
            active += programs[b].size();
        }
        if (context.reporting()) {
            context.report("solverCalls", calls);
            context.report("activeStructures", active / (double) batch);
        }
        NDArray mean = engineCopy(phi, means, phi.getShape());
        return context.emit(layout.perSample(mean).broadcast(layout.sampleShape()), outputGradient -> {
            double[] gradients = host(outputGradient.mean(new int[] {2}).mean(new int[] {1}));
            double[] estimate = new double[batch * size];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(programs[b].backward(slice(gradients, b, size)), 0, estimate, b * size, size);
            }
            return engineCopy(outputGradient, estimate, phi.getShape());
        });
    }

    /**
     * A solver whose solutions are the vertices of a polytope: any declared structure. An {@code UNSPECIFIED} solver
     * might return anything, and its solutions cannot be checked to be vertices.
     *
     * @return every structure but {@link Structure#UNSPECIFIED}, any noise (ignored)
     */
    @Override
    public EstimatorRequirements requirements() {
        return EstimatorRequirements.structure("combines the solver's solutions as vertices of their convex hull",
                EnumSet.complementOf(EnumSet.of(Structure.UNSPECIFIED)).toArray(Structure[]::new));
    }

    @Override
    public String toString() {
        return "SparseMAP(maxIterations=" + maxIterations + ", tolerance=" + tolerance + ")";
    }

    /** Half the spacing of the data type's numbers at 1: the relative error of rounding a value to it. */
    private static double unitRoundoff(DataType type) {
        return switch (type) {
            case FLOAT64 -> Math.ulp(1.0) / 2;
            case FLOAT16 -> 0x1p-11;
            case BFLOAT16 -> 0x1p-8;
            default -> Math.ulp(1f) / 2;
        };
    }

    private static double[] host(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double[] slice(double[] values, int index, int size) {
        double[] slice = new double[size];
        System.arraycopy(values, index * size, slice, 0, size);
        return slice;
    }

    /**
     * {@code values} as an array of {@code like}'s data type on its device, in memory the engine owns: the gradient
     * reaches autograd, and the directions may be kept by a caching solver, so neither may live in a Java buffer
     * (see {@link org.imle4j.runtime.autograd.Scalars}).
     */
    private static NDArray engineCopy(NDArray like, double[] values, Shape shape) {
        try (NDArray javaBacked = like.getManager().create(values, shape)) {
            // A conversion to another type copies; to the same type it would share the Java buffer.
            NDArray owned = like.getDataType() == DataType.FLOAT64
                    ? javaBacked.duplicate() : javaBacked.toType(like.getDataType(), false);
            return owned.toDevice(like.getDevice(), false);
        }
    }
}
