package org.imle4j.runtime.estimator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Set;
import org.imle4j.annotation.Structure;

/**
 * Vectors with exactly k ones out of n, {@code p(z) = exp⟨z, φ⟩ / e_k(e^φ)}, where {@code e_r} is the elementary
 * symmetric polynomial of degree r of the weights {@code e^{φ_1}, …, e^{φ_n}}.
 *
 * <p>With {@code E_r(i)} the polynomial of the suffix {@code i..n}: {@code E_r(i) = E_r(i+1) + e^{φ_i}·E_{r−1}(i+1)},
 * evaluated in log space so that no weight overflows. Exact sequential sampling goes through the items in order and,
 * with r items still to pick, takes item i with probability {@code e^{φ_i}·E_{r−1}(i+1) / E_r(i)}: the share of the
 * remaining subsets that contain i. The marginals are {@code μ_i = e^{φ_i}·e_{k−1}(φ_{−i}) / e_k(φ)}, where
 * {@code e_{k−1}(φ_{−i})} combines the polynomials of the prefix before i and the suffix after it.
 *
 * <p>Both run on the host, in double precision, at {@code O(n·k)} per example and per draw: φ (and the uniforms)
 * come to the host in one copy, the result goes back in one.
 */
final class KSubsetFamily implements ExponentialFamily {
    private final int k;

    /**
     * The k-subset family for subsets of size k.
     *
     * @param k the number of ones, at least 1
     * @throws IllegalArgumentException if {@code k} is below 1
     */
    KSubsetFamily(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k of the k-subset family must be at least 1, but was " + k);
        }
        this.k = k;
    }

    @Override
    public NDArray sample(NDArray phi, int samplesPerExample) {
        int n = checkPhi(phi);
        if (samplesPerExample < 1) {
            throw new IllegalArgumentException("samplesPerExample must be at least 1, but was " + samplesPerExample);
        }
        int batch = Math.toIntExact(phi.getShape().get(0));
        Shape shape = new Shape(batch, samplesPerExample, n);
        NDArray uniforms = phi.getManager().randomUniform(0f, 1f, shape, DataType.FLOAT64, phi.getDevice());
        double[] host = NDArrays.concat(new NDList(phi.toType(DataType.FLOAT64, false).flatten(), uniforms.flatten()))
                .toDoubleArray();
        int uniformsStart = batch * n;
        float[] draws = new float[Math.toIntExact(shape.size())];
        double[][] suffix = new double[n + 1][k + 1];
        for (int example = 0; example < batch; example++) {
            int phiStart = example * n;
            suffixLogPolynomials(host, phiStart, n, suffix);
            for (int s = 0; s < samplesPerExample; s++) {
                int drawStart = (example * samplesPerExample + s) * n;
                int remaining = k;
                for (int i = 0; i < n && remaining > 0; i++) {
                    double inclusion =
                            Math.exp(host[phiStart + i] + suffix[i + 1][remaining - 1] - suffix[i][remaining]);
                    // Once remaining = n − i the suffix polynomials make inclusion exactly 1, so k ones are always set.
                    if (host[uniformsStart + drawStart + i] < inclusion) {
                        draws[drawStart + i] = 1;
                        remaining--;
                    }
                }
            }
        }
        return phi.getManager().create(draws, shape).toType(phi.getDataType(), false);
    }

    @Override
    public NDArray marginals(NDArray phi) {
        int n = checkPhi(phi);
        int batch = Math.toIntExact(phi.getShape().get(0));
        double[] host = phi.toType(DataType.FLOAT64, false).toDoubleArray();
        double[] marginals = new double[host.length];
        double[][] suffix = new double[n + 1][k + 1];
        double[][] prefix = new double[n + 1][k + 1];
        for (int example = 0; example < batch; example++) {
            int start = example * n;
            suffixLogPolynomials(host, start, n, suffix);
            prefixLogPolynomials(host, start, n, prefix);
            double logNormaliser = suffix[0][k];
            for (int i = 0; i < n; i++) {
                // e_{k−1} of all items but i: choose j of them before i and k − 1 − j after.
                double withoutI = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    withoutI = logAddExp(withoutI, prefix[i][j] + suffix[i + 1][k - 1 - j]);
                }
                marginals[start + i] = Math.exp(host[start + i] + withoutI - logNormaliser);
            }
        }
        return phi.getManager().create(marginals, phi.getShape()).toType(phi.getDataType(), false);
    }

    /** {@code suffix[i][r] = log E_r(i..n−1)}; {@code suffix[n]} is the empty suffix. */
    private void suffixLogPolynomials(double[] phi, int start, int n, double[][] suffix) {
        suffix[n][0] = 0;
        for (int r = 1; r <= k; r++) {
            suffix[n][r] = Double.NEGATIVE_INFINITY;
        }
        for (int i = n - 1; i >= 0; i--) {
            suffix[i][0] = 0;
            for (int r = 1; r <= k; r++) {
                suffix[i][r] = logAddExp(suffix[i + 1][r], phi[start + i] + suffix[i + 1][r - 1]);
            }
        }
    }

    /** {@code prefix[i][r] = log E_r(0..i−1)}; {@code prefix[0]} is the empty prefix. */
    private void prefixLogPolynomials(double[] phi, int start, int n, double[][] prefix) {
        prefix[0][0] = 0;
        for (int r = 1; r <= k; r++) {
            prefix[0][r] = Double.NEGATIVE_INFINITY;
        }
        for (int i = 0; i < n; i++) {
            prefix[i + 1][0] = 0;
            for (int r = 1; r <= k; r++) {
                prefix[i + 1][r] = logAddExp(prefix[i][r], phi[start + i] + prefix[i][r - 1]);
            }
        }
    }

    private static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    private int checkPhi(NDArray phi) {
        Shape shape = phi.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("the " + this + " family takes φ of shape [B, n], but got " + shape);
        }
        if (shape.get(1) < k) {
            throw new IllegalArgumentException("the " + this + " family needs at least " + k
                    + " items per example, but φ has shape " + shape);
        }
        return Math.toIntExact(shape.get(1));
    }

    @Override
    public Set<Structure> structures() {
        return k == 1 ? Set.of(Structure.K_SUBSET, Structure.ONE_HOT) : Set.of(Structure.K_SUBSET);
    }

    @Override
    public String toString() {
        return "k-subset(k=" + k + ")";
    }
}
