package org.imle4j.processor;

import static org.imle4j.processor.Compilations.compile;
import static org.imle4j.processor.GoldenFiles.assertGenerated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generated source of each accepted form of solver method, against its golden file. */
class GeneratedSourcesTest {
    /** Static solvers on Java arrays: every θ type, every solution element type, several configuration types. */
    private static final JavaFileObject SOLVERS = JavaFileObjects.forSourceString("com.example.Solvers", """
            package com.example;

            import org.imle4j.annotation.ImleLayer;
            import org.imle4j.annotation.Input;
            import org.imle4j.annotation.Noise;
            import org.imle4j.annotation.Objective;
            import org.imle4j.annotation.Output;

            public final class Solvers {
                private Solvers() {}

                @ImleLayer(samples = 10, noise = Noise.GUMBEL)
                public static int[] topK(float[] theta, int k) {
                    return new int[theta.length];
                }

                @ImleLayer
                static boolean[] threshold(double[] theta, double[] cutoffs) {
                    return new boolean[theta.length];
                }

                @ImleLayer(lambda = 20.0, output = Output.MEAN, scaleGradient = true)
                public static byte[][] gridPath(float[][] costs, String label, Tie tie) {
                    return new byte[costs.length][costs[0].length];
                }

                @ImleLayer(objective = Objective.MINIMIZE, marginalSamples = 3, alpha = -0.5)
                public static float[][] assignment(double[][] costs) {
                    return new float[costs.length][costs.length];
                }

                @ImleLayer(name = "KnapsackBlock", sumOfGammaK = 3.0, sumOfGammaIterations = 20)
                public static double[] knapsack(float[] values, @Input float[] weights, int items,
                        @Input double capacity) {
                    return new double[values.length];
                }
            }
            """);

    private static final JavaFileObject TIE = JavaFileObjects.forSourceString("com.example.Tie", """
            package com.example;

            public enum Tie { LOWEST_INDEX, HIGHEST_INDEX }
            """);

    private static final JavaFileObject BATCH_SOLVERS =
            JavaFileObjects.forSourceString("com.example.batch.BatchSolvers", """
            package com.example.batch;

            import ai.djl.ndarray.NDArray;
            import org.imle4j.annotation.AimleLayer;
            import org.imle4j.annotation.Input;
            import org.imle4j.annotation.Noise;
            import org.imle4j.annotation.ReadOnly;

            final class BatchSolvers {
                private BatchSolvers() {}

                @AimleLayer(samples = 4, noise = Noise.GAUSSIAN, initialAlpha = 2.0, initialBeta = 0.5,
                        betaUpdateStep = 1e-3, betaUpdateMomentum = 0.5, gradNormDecay = 0.99, initialGradNorm = 0,
                        targetNorm = 10)
                static NDArray rank(NDArray scores, @Input NDArray mask, int k) {
                    return scores.argSort();
                }

                @AimleLayer(noise = Noise.GUMBEL)
                static NDArray best(@ReadOnly NDArray scores, int k) {
                    return scores.argSort();
                }
            }
            """);

    private static final JavaFileObject GRAPHS = JavaFileObjects.forSourceString("com.example.Graphs", """
            package com.example;

            import java.io.IOException;
            import java.util.List;
            import org.imle4j.annotation.Difference;
            import org.imle4j.annotation.ImleLayer;

            public final class Graphs {
                public static class SpanningTrees {
                    @ImleLayer(difference = Difference.CENTRAL)
                    public int[] spanningTree(float[] weights, List<String> edges) throws IOException {
                        return new int[weights.length];
                    }
                }
            }
            """);

    private static final JavaFileObject ORACLE = JavaFileObjects.forSourceString("com.example.Oracle", """
            package com.example;

            import org.imle4j.annotation.AimleLayer;

            public interface Oracle<T extends Number> {
                @AimleLayer
                int[] ask(double[] scores, int theta, int instance);
            }
            """);

    /** Each accepted form of solver method, named by {@code form} in the report, against its layer's golden file. */
    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            com.example.TopKLayer         | vector of floats with an int parameter
            com.example.ThresholdLayer    | vector of doubles with an array parameter and default settings
            com.example.GridPathLayer     | matrix of floats with String and enum parameters
            com.example.AssignmentLayer   | matrix of doubles returning floats
            com.example.KnapsackBlock     | custom name and extra inputs
            com.example.batch.RankLayer   | batch solver with adaptive I-MLE
            com.example.batch.BestLayer   | batch solver that only reads θ
            com.example.SpanningTreeLayer | instance method of a nested class that throws
            com.example.AskLayer          | instance method of a generic interface
            """)
    void matchesItsGoldenFile(String layer, String form) {
        assertGenerated(compile(SOLVERS, TIE, BATCH_SOLVERS, GRAPHS, ORACLE), layer);
    }

    /** Users who build their Javadoc with doclint must get no warning from generated layers. */
    @Test
    void generatedJavadocPassesDoclint(@TempDir Path directory) {
        List<String> problems = Compilations.javadocProblems(directory, SOLVERS, TIE, BATCH_SOLVERS, GRAPHS, ORACLE);
        assertEquals(List.of(), problems);
    }

    /** The estimates of {@code ImleEstimator} on φ = −θ, written in θ. */
    @Test
    void formulasOfAMinimisingSolverWithACentralDifference() {
        String text = Compilations.generatedText(compile(Compilations.solvers("""
                @ImleLayer(objective = Objective.MINIMIZE, difference = Difference.CENTRAL, scaleGradient = false)
                static int[] path(float[] costs) { return null; }
                """)), "com.example.PathLayer");
        assertTrue(text.contains("{@code MAP(θ) = argmin ⟨z, θ⟩}"), text);
        assertTrue(text.contains("{@code z = MAP(θ − τ·ε)}"), text);
        assertTrue(text.contains("{@code (MAP(α·θ + λ·dL/dz − τ'·ε) − MAP(α·θ − λ·dL/dz − τ'·ε)) / 2}"),
                text);
    }

    @Test
    void parametersNamedLikeClassesDoNotObscureThem() {
        Compilation compilation = compile(Compilations.solvers("""
                @ImleLayer(noise = org.imle4j.annotation.Noise.GAUSSIAN)
                static int[] odd(float[] theta, String Solvers, int Noise) { return null; }
                """));
        String text = Compilations.generatedText(compilation, "com.example.OddLayer");
        assertTrue(text.contains("private String Solvers_;"), text);
        assertTrue(text.contains("this.Noise_ = Noise;"), text);
        assertTrue(text.contains("requireSet(\"Solvers\", Solvers_, \"setSolvers(String)\");"), text);
        assertTrue(text.contains("(theta, instance) -> Solvers.odd(theta, Solvers_, Noise_)"), text);
    }
}
