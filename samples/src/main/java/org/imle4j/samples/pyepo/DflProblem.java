package org.imle4j.samples.pyepo;

import org.imle4j.annotation.Objective;
import org.imle4j.runtime.SolverLayer;

/**
 * A predict-then-optimise problem of PyEPO's kind for {@link DflExperiment}: a linear objective ⟨c, w⟩ over a
 * feasible set of 0/1 vectors w, costs c that depend on features x through a polynomial of degree deg with
 * multiplicative noise of half-width ē, and a solver that is both the true-optimum oracle and a generated solver layer.
 */
interface DflProblem {
    /**
     * Whether the solver minimises or maximises ⟨c, w⟩.
     *
     * @return {@code MINIMIZE} or {@code MAXIMIZE}
     */
    Objective sense();

    /**
     * The number of features p.
     *
     * @return p, at least 1
     */
    int features();

    /**
     * Draws one seed's problem: its feature map B and whatever else the generator draws once (weights, capacities,
     * coordinates), ready to draw samples.
     *
     * @param degree the polynomial degree deg, at least 1
     * @param halfWidth the noise half-width ē, in [0, 1]
     * @param seed the seed of everything drawn
     * @return the drawn problem
     */
    Instance draw(int degree, double halfWidth, long seed);

    /** One seed's problem: the data stream, the oracle and the solver layer, all on the same constraints. */
    interface Instance {
        /**
         * The number of cost coefficients d.
         *
         * @return d, at least 1
         */
        int dimension();

        /**
         * The next {@code count} samples of the stream, each with its optimal solution and value.
         *
         * @param count at least 0
         * @return the samples; a later call continues the stream
         */
        DflDataset next(int count);

        /**
         * The optimal solution for costs c; safe to call from several threads at once.
         *
         * @param costs c, length d
         * @return w*(c), 0/1 of length d
         */
        int[] solve(float[] costs);

        /**
         * The κ of Sum-of-Gamma noise: about the number of ones of a solution.
         *
         * @return κ, positive
         */
        double sumOfGammaK();

        /**
         * Builds the problem's generated solver layer after {@code settings} have configured its builder.
         *
         * @param settings the method's estimator, noise and caching settings
         * @return the layer
         */
        SolverLayer layer(LayerSettings settings);
    }

    /** Settings that the experiment applies to a generated layer's builder, whatever its type. */
    interface LayerSettings {
        /**
         * Applies the settings.
         *
         * @param builder the generated builder, with the solver's own properties set
         * @param <B> the builder's type
         * @return {@code builder}
         */
        <B extends SolverLayer.Builder<B>> B apply(B builder);
    }
}
