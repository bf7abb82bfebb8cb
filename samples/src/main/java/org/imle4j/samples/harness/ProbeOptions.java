package org.imle4j.samples.harness;

import org.imle4j.annotation.Noise;
import picocli.CommandLine.Option;

/**
 * The options of the top-k synthetic that {@link GradientProbe} measures, as a picocli {@code @Mixin}: items n,
 * subset size k and the perturbation of the perturb-and-MAP estimators.
 */
public final class ProbeOptions {
    /** Creates the options; picocli fills them. */
    public ProbeOptions() {}

    @Option(names = "--n", description = "Items n (default: ${DEFAULT-VALUE}).")
    int items = 10;

    @Option(names = "--k", description = "Items selected k (default: ${DEFAULT-VALUE}).")
    int k = 5;

    @Option(names = "--noise", description = "Perturbation of the perturb-and-MAP estimators: "
            + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; SUM_OF_GAMMA uses k = the subset size).")
    Noise noise = Noise.GUMBEL;

    /**
     * Checks n and k and opens a probe of them.
     *
     * @param common the command's common options, whose validation reports a bad value
     * @return the probe, to close
     * @throws picocli.CommandLine.ParameterException if n is not in {@code [1, 30]}, k not in {@code [1, n]}, or
     *     there are more than 10⁷ k-subsets
     */
    public GradientProbe open(CommonOptions common) {
        common.requireBetween("--n", items, 1, 30, "30");
        common.requireBetween("--k", k, 1, items, "--n = " + items);
        try {
            return new GradientProbe(items, k);
        } catch (IllegalArgumentException tooMany) {
            throw common.invalid("--k", k, "small enough for the C(" + items + ", k) subsets to be enumerated, "
                    + "at most 10⁷");
        }
    }

    /**
     * Items n ({@code --n}).
     *
     * @return n, 10 by default
     */
    public int items() {
        return items;
    }

    /**
     * Subset size k ({@code --k}).
     *
     * @return k, 5 by default
     */
    public int k() {
        return k;
    }

    /**
     * The perturbation of the perturb-and-MAP estimators ({@code --noise}).
     *
     * @return the noise, Gumbel by default
     */
    public Noise noise() {
        return noise;
    }
}
