package org.imle4j.runtime.estimator;

import java.util.Arrays;
import java.util.Optional;

/**
 * The SparseMAP quadratic program of one instance, {@code max ⟨φ, μ⟩ − ½‖μ‖²} over the convex hull of the structures
 * the solver has returned so far, solved by the primal active-set method of Niculae et al. (ICML 2018, Algorithm 2;
 * Nocedal and Wright, Algorithm 16.3), in double precision on the host.
 *
 * <p>With the active structures as the columns of M, {@code μ = Mα} for weights α on the simplex, and
 * {@code A = MᵀM}, the equality-constrained program on the active set has the KKT system
 * <pre>
 *   [A  1] [α]   [Mᵀφ]
 *   [1ᵀ 0] [ν] = [ 1 ]
 * </pre>
 * whose matrix K is non-singular as long as the active structures are affinely independent (a structure that improves
 * on them never lies in their affine hull). The same K gives the Jacobian: differentiating the system,
 * {@code dα = P·Mᵀ·dφ} with P the top-left block of K⁻¹, so {@code ∂μ/∂φ = M·P·Mᵀ}, symmetric. When A is invertible,
 * {@code P = A⁻¹ − A⁻¹11ᵀA⁻¹ / (1ᵀA⁻¹1)}, the paper's closed form; K also covers structures whose Gram matrix is
 * singular (one of them the zero vector).
 */
final class SparseMapActiveSet {
    /** Pivots below this fraction of K's largest entry mean the new structure is affinely dependent on the others. */
    private static final double SINGULAR = 1e-12;

    private final double[] phi;
    // Every change replaces these arrays rather than writing into them, so that add() undoes a step by keeping the
    // references it started from.
    private double[][] structures = {};
    /** {@code ⟨φ, s⟩} of each active structure. */
    private double[] scores = {};
    /** The Gram matrix A, in the order of {@link #structures}. */
    private double[][] gram = {};
    private double[] weights;
    private double[] mean;

    /**
     * The program of one instance, starting from the structure {@code MAP(φ)}, with weight 1.
     *
     * @param phi φ, the instance's scores in maximisation form
     * @param first {@code MAP(φ)}
     */
    SparseMapActiveSet(double[] phi, double[] first) {
        this.phi = phi;
        append(first);
        weights = new double[] {1};
        mean = first.clone();
    }

    /**
     * The gradient of the objective at the current point, which the next solver call maximises over.
     *
     * @return {@code φ − μ}, a new array
     */
    double[] direction() {
        double[] direction = new double[phi.length];
        for (int i = 0; i < phi.length; i++) {
            direction[i] = phi[i] - mean[i];
        }
        return direction;
    }

    /**
     * The convex combination of the active structures.
     *
     * @return μ, this program's own array
     */
    double[] mean() {
        return mean;
    }

    /**
     * How many structures carry weight.
     *
     * @return the size of the active set, at least 1
     */
    int size() {
        return structures.length;
    }

    /**
     * Why {@code solution} cannot be the maximiser of ⟨direction, ·⟩: it scores below an active structure by more
     * than the rounding of the direction to the solver's data type explains.
     *
     * @param solution what the solver returned for {@code direction}
     * @param direction {@code φ − μ}, as {@link #direction()} gave it
     * @param roundoff the unit roundoff of the data type the solver received the direction in
     * @return empty if the solution may be a maximiser; otherwise the scores that show it is not
     */
    Optional<String> disagreement(double[] solution, double[] direction, double roundoff) {
        double score = dot(direction, solution);
        for (double[] active : structures) {
            double slack = 0;
            for (int i = 0; i < direction.length; i++) {
                slack += Math.abs(direction[i]) * (Math.abs(solution[i]) + Math.abs(active[i]));
            }
            double activeScore = dot(direction, active);
            if (score < activeScore - 4 * roundoff * slack) {
                return Optional.of("the solver returned a solution of score " + score + " under θ − μ, below the score "
                        + activeScore + " of a solution it returned before for this instance; SparseMAP needs a solver "
                        + "that returns a maximiser (minimiser for MINIMIZE) of ⟨θ, z⟩ every time");
            }
        }
        return Optional.empty();
    }

    /**
     * The Frank–Wolfe duality gap of the current point for the solver's answer, an upper bound on how far the
     * objective is from its maximum.
     *
     * @param solution what the solver returned for {@code direction}
     * @param direction {@code φ − μ}
     * @return {@code ⟨direction, solution − μ⟩}
     */
    double gap(double[] solution, double[] direction) {
        double gap = 0;
        for (int i = 0; i < direction.length; i++) {
            gap += direction[i] * (solution[i] - mean[i]);
        }
        return gap;
    }

    /**
     * The scale against which the gap is small: {@code Σ|φ − μ|·(|solution| + |μ|)}, the size of the terms it sums.
     *
     * @param solution what the solver returned for {@code direction}
     * @param direction {@code φ − μ}
     * @return the scale, non-negative
     */
    double gapScale(double[] solution, double[] direction) {
        double scale = 0;
        for (int i = 0; i < direction.length; i++) {
            scale += Math.abs(direction[i]) * (Math.abs(solution[i]) + Math.abs(mean[i]));
        }
        return scale;
    }

    /**
     * Adds a structure that improves on the active set and re-solves the program on the enlarged set, dropping the
     * structures whose weight reaches zero on the way.
     *
     * @param solution the new structure, with a positive gap
     * @return whether the objective improved; if not (the structure is affinely dependent on the active ones to
     *     working precision, or the step is lost in rounding), the program stays as it was and is solved as far as the
     *     solver can tell
     */
    boolean add(double[] solution) {
        double[][] keptStructures = structures;
        double[] keptScores = scores;
        double[][] keptGram = gram;
        double before = objective(mean);
        append(solution);
        double[] current = new double[weights.length + 1];
        System.arraycopy(weights, 0, current, 0, weights.length);
        boolean solved = false;
        // Each pass either ends or drops a structure, so the loop ends within one pass per structure.
        for (int pass = 0; pass <= keptStructures.length + 1 && !solved; pass++) {
            double[] target = solveKkt(scores, 1);
            if (target == null) {
                break;
            }
            // Move from the current weights towards the target until the first weight reaches zero.
            int blocking = -1;
            double step = Double.POSITIVE_INFINITY;
            for (int a = 0; a < target.length; a++) {
                if (target[a] <= 0) {
                    double decrease = current[a] - target[a];
                    double limit = decrease > 0 ? current[a] / decrease : 0;
                    if (limit < step) {
                        step = limit;
                        blocking = a;
                    }
                }
            }
            if (blocking < 0) {
                current = target;
                solved = true;
            } else {
                double[] next = new double[current.length - 1];
                for (int a = 0, b = 0; a < current.length; a++) {
                    if (a != blocking) {
                        next[b++] = current[a] + step * (target[a] - current[a]);
                    }
                }
                remove(blocking);
                current = next;
            }
        }
        double[] combination = solved ? combine(current) : null;
        if (combination == null || !(objective(combination) < before)) {
            structures = keptStructures;
            scores = keptScores;
            gram = keptGram;
            return false;
        }
        weights = current;
        mean = combination;
        return true;
    }

    /**
     * The Jacobian-vector product of μ with respect to φ on the active set: {@code M·P·Mᵀ·g}, which is also
     * {@code (∂μ/∂φ)ᵀ·g} as the Jacobian is symmetric.
     *
     * @param outputGradient g, dL/dμ
     * @return dL/dφ, a new array
     */
    double[] backward(double[] outputGradient) {
        double[] projections = new double[structures.length];
        for (int a = 0; a < structures.length; a++) {
            projections[a] = dot(structures[a], outputGradient);
        }
        double[] coefficients = solveKkt(projections, 0);
        if (coefficients == null) {
            // The active set was solved with this very matrix: it cannot have become singular.
            throw new IllegalStateException("SparseMAP's KKT matrix became singular between forward and backward");
        }
        return combine(coefficients);
    }

    private void append(double[] structure) {
        int m = structures.length;
        double[][] grown = new double[m + 1][m + 1];
        for (int a = 0; a < m; a++) {
            System.arraycopy(gram[a], 0, grown[a], 0, m);
            grown[a][m] = dot(structures[a], structure);
            grown[m][a] = grown[a][m];
        }
        grown[m][m] = dot(structure, structure);
        gram = grown;
        structures = Arrays.copyOf(structures, m + 1);
        structures[m] = structure;
        scores = Arrays.copyOf(scores, m + 1);
        scores[m] = dot(phi, structure);
    }

    private void remove(int index) {
        int m = structures.length - 1;
        double[][] shrunk = new double[m][m];
        double[][] kept = new double[m][];
        double[] keptScores = new double[m];
        for (int a = 0, row = 0; a <= m; a++) {
            if (a != index) {
                for (int b = 0, column = 0; b <= m; b++) {
                    if (b != index) {
                        shrunk[row][column++] = gram[a][b];
                    }
                }
                kept[row] = structures[a];
                keptScores[row++] = scores[a];
            }
        }
        gram = shrunk;
        structures = kept;
        scores = keptScores;
    }

    /**
     * Solves {@code K·[x; ν] = [top; bottom]} by Gaussian elimination with partial pivoting.
     *
     * @return x, or null if K is singular to working precision
     */
    private double[] solveKkt(double[] top, double bottom) {
        int m = structures.length;
        int size = m + 1;
        double[][] k = new double[size][size + 1];
        double largest = 1;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                k[a][b] = gram[a][b];
                largest = Math.max(largest, Math.abs(k[a][b]));
            }
            k[a][m] = 1;
            k[m][a] = 1;
            k[a][size] = top[a];
        }
        k[m][size] = bottom;
        for (int column = 0; column < size; column++) {
            int pivot = column;
            for (int row = column + 1; row < size; row++) {
                if (Math.abs(k[row][column]) > Math.abs(k[pivot][column])) {
                    pivot = row;
                }
            }
            if (Math.abs(k[pivot][column]) <= SINGULAR * largest) {
                return null;
            }
            double[] swap = k[pivot];
            k[pivot] = k[column];
            k[column] = swap;
            for (int row = column + 1; row < size; row++) {
                double factor = k[row][column] / k[column][column];
                if (factor != 0) {
                    for (int c = column; c <= size; c++) {
                        k[row][c] -= factor * k[column][c];
                    }
                }
            }
        }
        double[] solution = new double[size];
        for (int row = size - 1; row >= 0; row--) {
            double value = k[row][size];
            for (int c = row + 1; c < size; c++) {
                value -= k[row][c] * solution[c];
            }
            solution[row] = value / k[row][row];
        }
        double[] x = new double[m];
        System.arraycopy(solution, 0, x, 0, m);
        return x;
    }

    /** {@code M·alpha}: the active structures weighted by {@code alpha}. */
    private double[] combine(double[] alpha) {
        double[] combination = new double[phi.length];
        for (int a = 0; a < alpha.length; a++) {
            double[] structure = structures[a];
            for (int i = 0; i < combination.length; i++) {
                combination[i] += alpha[a] * structure[i];
            }
        }
        return combination;
    }

    /** The minimised form of the objective, {@code ½‖μ‖² − ⟨φ, μ⟩}. */
    private double objective(double[] point) {
        return 0.5 * dot(point, point) - dot(phi, point);
    }

    private static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
