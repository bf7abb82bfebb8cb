package org.imle4j.runtime.estimator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * SparseMAP's solution {@code argmax ⟨φ, μ⟩ − ½‖μ‖²} over the convex hull of an enumerated set of structures,
 * computed without an oracle and without an active set: accelerated projected gradient over the weights of all
 * structures, then the projection of φ onto the affine hull of the structures that tie under {@code φ − μ}, accepted
 * only with a certificate of optimality: the point lies in the polytope (checked by the caller's own description of
 * it) and no structure improves on it, {@code max_s ⟨φ − μ, s − μ⟩ ≤ 1e-11}.
 */
final class SparseMapReference {
    private static final double CERTIFIED_GAP = 1e-11;

    private final double[][] structures;
    private final Predicate<double[]> inPolytope;

    /**
     * A reference over the given structures.
     *
     * @param structures every structure, each of the same length
     * @param inPolytope whether a point lies in their convex hull, up to rounding, from a description of the
     *     polytope by inequalities
     */
    SparseMapReference(double[][] structures, Predicate<double[]> inPolytope) {
        this.structures = structures;
        this.inPolytope = inPolytope;
    }

    /**
     * The certified solution.
     *
     * @param phi φ
     * @return μ*(φ)
     * @throws AssertionError if no candidate is certified within the iteration budget
     */
    double[] solve(double[] phi) {
        int count = structures.length;
        double lipschitz = 0;
        for (double[] structure : structures) {
            lipschitz += dot(structure, structure);
        }
        double[] weights = new double[count];
        Arrays.fill(weights, 1.0 / count);
        double[] previous = weights.clone();
        double momentum = 1;
        for (int round = 0; round < 200; round++) {
            for (int iteration = 0; iteration < 500; iteration++) {
                double next = (1 + Math.sqrt(1 + 4 * momentum * momentum)) / 2;
                double[] extrapolated = new double[count];
                for (int s = 0; s < count; s++) {
                    extrapolated[s] = weights[s] + (momentum - 1) / next * (weights[s] - previous[s]);
                }
                double[] residual = combine(extrapolated);
                for (int i = 0; i < phi.length; i++) {
                    residual[i] -= phi[i];
                }
                for (int s = 0; s < count; s++) {
                    extrapolated[s] -= dot(structures[s], residual) / lipschitz;
                }
                previous = weights;
                weights = projectOntoSimplex(extrapolated);
                momentum = next;
            }
            double[] point = combine(weights);
            for (double tie = 1e-2; tie >= 1e-8; tie /= 10) {
                double[] candidate = affineProjection(phi, tied(phi, point, tie));
                if (candidate != null && inPolytope.test(candidate) && gap(phi, candidate) <= CERTIFIED_GAP) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("no certified SparseMAP solution for φ = " + Arrays.toString(phi));
    }

    /**
     * The largest improvement any structure offers on μ: {@code max_s ⟨φ − μ, s − μ⟩}, zero exactly at the optimum
     * of a point of the polytope.
     *
     * @param phi φ
     * @param mean μ
     * @return the Frank–Wolfe gap
     */
    double gap(double[] phi, double[] mean) {
        double best = Double.NEGATIVE_INFINITY;
        for (double[] structure : structures) {
            double score = 0;
            for (int i = 0; i < phi.length; i++) {
                score += (phi[i] - mean[i]) * (structure[i] - mean[i]);
            }
            best = Math.max(best, score);
        }
        return best;
    }

    private List<double[]> tied(double[] phi, double[] point, double tie) {
        double[] direction = new double[phi.length];
        for (int i = 0; i < phi.length; i++) {
            direction[i] = phi[i] - point[i];
        }
        double best = Double.NEGATIVE_INFINITY;
        for (double[] structure : structures) {
            best = Math.max(best, dot(direction, structure));
        }
        List<double[]> tied = new ArrayList<>();
        for (double[] structure : structures) {
            if (dot(direction, structure) >= best - tie) {
                tied.add(structure);
            }
        }
        return tied;
    }

    /** The projection of φ onto the affine hull of {@code face}, by Gram–Schmidt on the differences. */
    private static double[] affineProjection(double[] phi, List<double[]> face) {
        double[] origin = face.get(0);
        List<double[]> basis = new ArrayList<>();
        for (double[] structure : face.subList(1, face.size())) {
            double[] v = new double[phi.length];
            for (int i = 0; i < phi.length; i++) {
                v[i] = structure[i] - origin[i];
            }
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : basis) {
                    double c = dot(v, b);
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= c * b[i];
                    }
                }
            }
            double norm = Math.sqrt(dot(v, v));
            if (norm > 1e-9) {
                for (int i = 0; i < v.length; i++) {
                    v[i] /= norm;
                }
                basis.add(v);
            }
        }
        double[] offset = new double[phi.length];
        for (int i = 0; i < phi.length; i++) {
            offset[i] = phi[i] - origin[i];
        }
        double[] projection = origin.clone();
        for (double[] b : basis) {
            double c = dot(offset, b);
            for (int i = 0; i < projection.length; i++) {
                projection[i] += c * b[i];
            }
        }
        return projection;
    }

    private double[] combine(double[] weights) {
        double[] point = new double[structures[0].length];
        for (int s = 0; s < weights.length; s++) {
            if (weights[s] != 0) {
                for (int i = 0; i < point.length; i++) {
                    point[i] += weights[s] * structures[s][i];
                }
            }
        }
        return point;
    }

    /** The Euclidean projection onto the probability simplex (Held, Wolfe and Crowder; sort-based). */
    private static double[] projectOntoSimplex(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double cumulative = 0;
        double threshold = 0;
        for (int j = sorted.length - 1; j >= 0; j--) {
            cumulative += sorted[j];
            double candidate = (cumulative - 1) / (sorted.length - j);
            if (j == 0 || sorted[j - 1] <= candidate) {
                threshold = candidate;
                break;
            }
        }
        double[] projected = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            projected[i] = Math.max(v[i] - threshold, 0);
        }
        return projected;
    }

    private static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
