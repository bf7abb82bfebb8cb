package org.imle4j.runtime.estimator;

/** Reference values of the softmax family, computed in double precision, for the estimator and loss tests. */
public final class ClosedForms {
    /** The Euler-Mascheroni constant γ, the mean of a standard Gumbel variable. */
    public static final double EULER_GAMMA = 0.5772156649015329;

    private ClosedForms() {}

    /** {@code softmax(scores / temperature)}. */
    public static double[] softmax(double[] scores, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s / temperature);
        }
        double[] p = new double[scores.length];
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            p[i] = Math.exp(scores[i] / temperature - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** {@code J·c} for the softmax Jacobian {@code J = diag(p) − ppᵀ}: {@code p_i·(c_i − ⟨p, c⟩)}. */
    public static double[] softmaxJacobianTimes(double[] p, double[] c) {
        double pc = dot(p, c);
        double[] product = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            product[i] = p[i] * (c[i] - pc);
        }
        return product;
    }

    /** {@code log Σ exp(scores_i)}, the mean of {@code max_i(scores_i + G_i)} minus γ for standard Gumbel G. */
    public static double logSumExp(double[] scores) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        for (double s : scores) {
            sum += Math.exp(s - max);
        }
        return max + Math.log(sum);
    }

    public static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    public static double[] scale(double[] a, double factor) {
        double[] scaled = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            scaled[i] = a[i] * factor;
        }
        return scaled;
    }
}
