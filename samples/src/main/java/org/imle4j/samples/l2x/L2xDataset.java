package org.imle4j.samples.l2x;

import java.util.Arrays;
import java.util.Random;

/**
 * The synthetic datasets of "Learning to Explain" (Chen, Song, Wainwright and Jordan, ICML 2018), section 4.1:
 * {@code x ∈ ℝ¹⁰}, {@code x ~ N(0, I)}, and a binary label with {@code P(y = 1 | x) = sigmoid(f(x))}. Features are
 * numbered from 1 in the formulas and from 0 in the arrays.
 *
 * <p>The switch dataset comes in two layouts. {@link #SWITCH_PAPER} follows the paper's text (x₁ switches, x₂ … x₅ or
 * x₆ … x₉ carry the label). {@link #SWITCH_CODE} follows the authors' code ({@code synthetic/make_data.py}): x₁₀
 * switches, the orange-skin branch uses x₁ … x₄, and the nonlinear-additive branch computes its label from x₁ … x₄ and
 * then copies x₁ … x₄ into x₅ … x₈ (a NumPy swap of two views that only copies), so x₁ … x₄ and x₅ … x₈ are equal and
 * both carry the label; the code's evaluation counts x₅ … x₈ and x₁₀ as that branch's important features. The code also
 * takes {@code P(y = 1) = sigmoid(−f)}, which only renames the classes.
 *
 * <p>{@link #activation()} is the code's activation of both networks: ReLU on XOR and orange skin, SELU on nonlinear
 * additive and switch.
 */
public enum L2xDataset {
    /** {@code f(x) = x₁·x₂}; important features {1, 2}. */
    XOR("xor", 2),
    /** {@code f(x) = Σ_{i≤4} x_i² − 4}; important features {1, 2, 3, 4}. */
    ORANGE_SKIN("orange-skin", 4),
    /**
     * {@code f(x) = −100·sin(0.2·x₁) + |x₂| + x₃ + e^{−x₄} − 2.4}; important features {1, 2, 3, 4}.
     */
    NONLINEAR_ADDITIVE("nonlinear-additive", 4),
    /**
     * The paper's text: x₁ comes from the mixture of N(3, 1) and N(−3, 1) with equal weights; if from the component
     * at 3, y follows the orange-skin model on x₂ … x₅, otherwise the nonlinear-additive model on x₆ … x₉. Important
     * features {1, 2, 3, 4, 5} or {1, 6, 7, 8, 9}.
     */
    SWITCH_PAPER("switch-paper", 5),
    /**
     * The authors' code: x₁₀ comes from the mixture; if from the component at 3, y follows the orange-skin model on
     * x₁ … x₄, otherwise the nonlinear-additive model on x₁ … x₄, whose values are then copied into x₅ … x₈.
     * Important features, as the code evaluates them, {1, 2, 3, 4, 10} or {5, 6, 7, 8, 10}.
     */
    SWITCH_CODE("switch-code", 5);

    /** Dimension of x. */
    public static final int FEATURES = 10;

    private final String label;
    private final int k;

    L2xDataset(String label, int k) {
        this.label = label;
        this.k = k;
    }

    /** {@return the name used on the command line and in reports} */
    public String label() {
        return label;
    }

    /** {@return number of important features of each example, the k of the selector} */
    public int k() {
        return k;
    }

    /** {@return whether the L2X code gives this dataset's networks SELU (true) or ReLU (false)} */
    public boolean selu() {
        return this == NONLINEAR_ADDITIVE || this == SWITCH_PAPER || this == SWITCH_CODE;
    }

    /**
     * {@return whether some examples hold copies of features ({@link #SWITCH_CODE}), so that the copy-aware rank
     * differs from the code's}
     */
    public boolean copiesFeatures() {
        return this == SWITCH_CODE;
    }

    /** {@return the ideal mean median rank of the important features, {@code (k + 1)/2}} */
    public double idealMedianRank() {
        return (k + 1) / 2.0;
    }

    /**
     * The generated data, one row per example.
     *
     * @param dataset the dataset it was drawn from
     * @param x the features, {@code [size][FEATURES]}
     * @param y the labels, 0 or 1
     * @param logits f(x) of each example, so that {@code P(y = 1 | x) = sigmoid(logits[e])}
     * @param important the important features of each example, {@code [size][FEATURES]}, indexed from 0
     * @param twins for each example and feature, the feature that holds the same value by construction, or −1: in
     *     {@link #SWITCH_CODE}'s nonlinear-additive branch x₁ … x₄ and their copies x₅ … x₈ are each other's twins
     */
    public record Data(L2xDataset dataset, float[][] x, int[] y, double[] logits, boolean[][] important,
            int[][] twins) {
        /** {@return number of examples} */
        public int size() {
            return y.length;
        }
    }

    /**
     * {@code size} examples from {@code java.util.Random(seed)}: for each example, ten {@code nextGaussian()} draws
     * for x; for the switch datasets then {@code nextBoolean()} for the mixture component (true: centred at 3), added
     * to the switch feature as ±3 (and, for {@link #SWITCH_CODE}'s other branch, x₁ … x₄ copied into x₅ … x₈ after f
     * is computed); then y = 1 when {@code nextDouble() < sigmoid(f(x))}.
     *
     * @param size the number of examples, at least 0
     * @param seed the seed of the random generator
     * @return the examples, the same for the same size and seed
     * @throws NegativeArraySizeException if {@code size} is negative
     */
    public Data generate(int size, long seed) {
        Random random = new Random(seed);
        float[][] x = new float[size][FEATURES];
        int[] y = new int[size];
        double[] logits = new double[size];
        boolean[][] important = new boolean[size][FEATURES];
        int[][] twins = new int[size][FEATURES];
        for (int e = 0; e < size; e++) {
            Arrays.fill(twins[e], -1);
            double[] row = new double[FEATURES];
            for (int i = 0; i < FEATURES; i++) {
                row[i] = random.nextGaussian();
            }
            boolean orangeBranch = false;
            if (this == SWITCH_PAPER || this == SWITCH_CODE) {
                orangeBranch = random.nextBoolean();
                row[this == SWITCH_PAPER ? 0 : FEATURES - 1] += orangeBranch ? 3 : -3;
            }
            logits[e] = logit(row, orangeBranch);
            if (this == SWITCH_CODE && !orangeBranch) {
                System.arraycopy(row, 0, row, 4, 4);
                for (int i = 0; i < 4; i++) {
                    twins[e][i] = i + 4;
                    twins[e][i + 4] = i;
                }
            }
            y[e] = random.nextDouble() < sigmoid(logits[e]) ? 1 : 0;
            for (int i = 0; i < FEATURES; i++) {
                x[e][i] = (float) row[i];
            }
            for (int feature : importantFeatures(orangeBranch)) {
                important[e][feature] = true;
            }
        }
        return new Data(this, x, y, logits, important, twins);
    }

    /** f(x) before any copy; for the switch datasets {@code orangeBranch} says which mixture component x₁ came from. */
    double logit(double[] x, boolean orangeBranch) {
        return switch (this) {
            case XOR -> x[0] * x[1];
            case ORANGE_SKIN -> orangeSkin(x, 0);
            case NONLINEAR_ADDITIVE -> nonlinearAdditive(x, 0);
            case SWITCH_PAPER -> orangeBranch ? orangeSkin(x, 1) : nonlinearAdditive(x, 5);
            case SWITCH_CODE -> orangeBranch ? orangeSkin(x, 0) : nonlinearAdditive(x, 0);
        };
    }

    /** The indices (from 0) of the important features. */
    int[] importantFeatures(boolean orangeBranch) {
        return switch (this) {
            case XOR -> new int[] {0, 1};
            case ORANGE_SKIN, NONLINEAR_ADDITIVE -> new int[] {0, 1, 2, 3};
            case SWITCH_PAPER -> orangeBranch ? new int[] {0, 1, 2, 3, 4} : new int[] {0, 5, 6, 7, 8};
            case SWITCH_CODE -> orangeBranch ? new int[] {0, 1, 2, 3, 9} : new int[] {4, 5, 6, 7, 9};
        };
    }

    static double sigmoid(double logit) {
        return 1 / (1 + Math.exp(-logit));
    }

    private static double orangeSkin(double[] x, int first) {
        double sum = 0;
        for (int i = first; i < first + 4; i++) {
            sum += x[i] * x[i];
        }
        return sum - 4;
    }

    private static double nonlinearAdditive(double[] x, int first) {
        return -100 * Math.sin(0.2 * x[first]) + Math.abs(x[first + 1]) + x[first + 2] + Math.exp(-x[first + 3])
                - 2.4;
    }
}
