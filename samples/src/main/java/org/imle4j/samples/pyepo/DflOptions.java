package org.imle4j.samples.pyepo;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.imle4j.samples.harness.CommonOptions;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.RepeatOptions;
import org.imle4j.samples.harness.SplitOptions;
import org.imle4j.samples.harness.TrainingOptions;
import picocli.CommandLine.Option;

/**
 * The sweep of a PyEPO experiment, as a picocli {@code @Mixin} with the defaults each command gives its instance
 ({@code @Mixin DflOptions sweep = new DflOptions("4", "0.5", "aimle,imle", "1,0.3,0.1")}): polynomial degrees,
 * noise half-widths, methods and the layer methods' solve ratios, which {@link DflExperiment} runs every combination
 * of. The defaults are written as on the command line, and the help shows them so.
 */
final class DflOptions {
    /** The polynomial degrees deg ({@code --deg}). */
    @Option(names = "--deg", split = ",", description = "Polynomial degrees of the cost model (default: "
            + "${DEFAULT-VALUE}).")
    @Range.AtLeast(1) public List<Integer> degrees;

    /** The noise half-widths ē ({@code --noise-half-width}). */
    @Option(names = "--noise-half-width", split = ",", description = "Half-widths ē of the multiplicative noise "
            + "(default: ${DEFAULT-VALUE}).")
    @Range.Between(min = 0, max = 1) public List<Double> halfWidths;

    /** The methods ({@code --estimators}). */
    @Option(names = "--estimators", split = ",", converter = Method.Converter.class,
            description = "Methods, from aimle, imle, dpo, dbb, ste, pfy, spo+, mse (default: ${DEFAULT-VALUE}).")
    public List<Method> methods;

    /** The layer methods' solve ratios ({@code --solve-ratio}), each in (0, 1] once {@link #validate} passed. */
    @Option(names = "--solve-ratio", split = ",", description = "Solve ratios of the layer methods' solution cache, "
            + "each in (0, 1]; the first also for the table of all methods (default: ${DEFAULT-VALUE}).")
    @Range.Between(min = 0, max = 1) public List<Double> solveRatios;

    /**
     * Creates the options with a command's defaults, each comma-separated as on the command line; picocli replaces
     * a list that the command line gives.
     *
     * @param degrees the default degrees, e.g. {@code "1,2,4,6"}
     * @param halfWidths the default half-widths, e.g. {@code "0,0.5"}
     * @param methods the default methods' keys, e.g. {@code "aimle,pfy"}
     * @param solveRatios the default solve ratios, e.g. {@code "1"}
     */
    DflOptions(String degrees, String halfWidths, String methods, String solveRatios) {
        this.degrees = new Default<>(degrees, Integer::valueOf);
        this.halfWidths = new Default<>(halfWidths, Double::valueOf);
        this.methods = new Default<>(methods, new Method.Converter()::convert);
        this.solveRatios = new Default<>(solveRatios, Double::valueOf);
    }

    /**
     * Rejects a solve ratio of 0, which the option's range [0, 1] lets through.
     *
     * @param common the command's common options, which phrase the error
     * @throws picocli.CommandLine.ParameterException if a ratio is not positive
     */
    void validate(CommonOptions common) {
        for (double ratio : solveRatios) {
            if (!(ratio > 0)) {
                throw common.invalid("--solve-ratio", ratio, "in (0, 1]");
            }
        }
    }

    /**
     * The experiment of this sweep.
     *
     * @param name the command's name
     * @param problem the problem
     * @param training the command's training options
     * @param split the command's split options
     * @param repeats the command's repeats, the seeds
     * @param common the command's common options, for the first seed
     * @return the experiment
     */
    DflExperiment experiment(String name, DflProblem problem, TrainingOptions training, SplitOptions split,
            RepeatOptions repeats, CommonOptions common) {
        return new DflExperiment(name, problem, training, split, repeats.count, common.seed(), methods, degrees,
                halfWidths, solveRatios);
    }

    /** A default list that picocli's help shows as written, {@code 1,0.3,0.1} rather than {@code [1.0, 0.3, 0.1]}. */
    private static final class Default<T> extends AbstractList<T> {
        private final String written;
        private final List<T> values;

        Default(String written, Function<String, T> parse) {
            this.written = written;
            this.values = Arrays.stream(written.split(",")).map(parse).toList();
        }

        @Override
        public T get(int index) {
            return values.get(index);
        }

        @Override
        public int size() {
            return values.size();
        }

        @Override
        public String toString() {
            return written;
        }
    }
}
