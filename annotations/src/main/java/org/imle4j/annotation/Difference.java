package org.imle4j.annotation;

/** Finite-difference scheme of the perturbation-based gradient estimate. */
public enum Difference {
    /** {@code (MAP(θ + ε) − MAP(θ − λ·dL/dz + ε)) / λ}. */
    FORWARD,
    /** {@code (MAP(θ + λ·dL/dz + ε) − MAP(θ − λ·dL/dz + ε)) / (2λ)}: lower bias, twice the target solves. */
    CENTRAL
}
