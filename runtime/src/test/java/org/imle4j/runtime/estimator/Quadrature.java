package org.imle4j.runtime.estimator;

import java.util.function.DoubleUnaryOperator;

/** High-precision numerical integration in double precision, for the closed forms of the relaxation tests. */
final class Quadrature {
    /** Simpson intervals: for the smooth integrands of the tests the error is below 1e-12. */
    private static final int INTERVALS = 20_000;

    private Quadrature() {}

    /** {@code ∫_a^b f(t) dt} by composite Simpson's rule. */
    static double integrate(DoubleUnaryOperator f, double a, double b) {
        double h = (b - a) / INTERVALS;
        double sum = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < INTERVALS; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        }
        return sum * h / 3;
    }

    /** The standard normal density. */
    static double normalDensity(double x) {
        return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }

    /** The standard normal distribution function Φ, as ½ + ∫₀ˣ of the density. */
    static double normalCdf(double x) {
        return 0.5 + integrate(Quadrature::normalDensity, 0, x);
    }

    /** The logistic function σ. */
    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The standard logistic density σ(x)·(1 − σ(x)). */
    static double logisticDensity(double x) {
        double s = sigmoid(x);
        return s * (1 - s);
    }

    /** Central finite difference of f at x with step h. */
    static double derivative(DoubleUnaryOperator f, double x, double h) {
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }
}
