package org.imle4j.samples.harness;

import org.imle4j.annotation.Noise;
import picocli.CommandLine.Option;

/**
 * The options of an experiment on a top-k layer, as a picocli {@code @Mixin}: items n, subset size k and the
 * perturbation, with the defaults each command gives its instance ({@code @Mixin TopKOptions topK = new
 * TopKOptions(10, 5, Noise.GUMBEL)}); the help shows them.
 */
public final class TopKOptions {
    /** Items n ({@code --n}). */
    @Option(names = "--n", description = "Items n (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) public int items;

    /** Subset size k ({@code --k}). */
    @Option(names = "--k", description = "Items selected k (default: ${DEFAULT-VALUE}).")
    public int k;

    /** The perturbation ({@code --noise}). */
    @Option(names = "--noise", description = "Perturbation of the perturb-and-MAP samples: ${COMPLETION-CANDIDATES} "
            + "(default: ${DEFAULT-VALUE}; SUM_OF_GAMMA uses k = the subset size).")
    public Noise noise;

    /**
     * Creates the options with a command's defaults; picocli overwrites what the command line gives.
     *
     * @param items the default n
     * @param k the default k
     * @param noise the default perturbation
     */
    public TopKOptions(int items, int k, Noise noise) {
        this.items = items;
        this.k = k;
        this.noise = noise;
    }

    /**
     * Checks k against n, which its {@link Range} keeps at least 1.
     *
     * @param common the command's shared options, which raise the error
     * @throws picocli.CommandLine.ParameterException if k is not in {@code [1, n]}
     */
    public void validate(CommonOptions common) {
        common.requireBetween("--k", k, 1, items, "--n = " + items);
    }

    /**
     * Checks n and k and opens a probe of them, which enumerates the k-subsets.
     *
     * @param common the command's shared options, which raise the error
     * @return the probe, to close
     * @throws picocli.CommandLine.ParameterException if n is not in {@code [1, 30]}, k not in {@code [1, n]}, or
     *     there are more than 10⁷ k-subsets
     */
    public GradientProbe openProbe(CommonOptions common) {
        validate(common);
        common.requireBetween("--n", items, 1, 30, "30");
        try {
            return new GradientProbe(items, k);
        } catch (IllegalArgumentException tooMany) {
            throw common.invalid("--k", k, "small enough for the C(" + items + ", k) subsets to be enumerated, "
                    + "at most 10⁷");
        }
    }
}
