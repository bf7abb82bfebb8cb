package org.imle4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.imle4j.processor.Compilations.assertErrorOnLine;
import static org.imle4j.processor.Compilations.assertGeneratedContaining;
import static org.imle4j.processor.Compilations.compile;
import static org.imle4j.processor.Compilations.solvers;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.imle4j.processor.model.JavaNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each diagnostic about the solver method, its class and its signature, on the element it concerns. */
class SignatureDiagnosticsTest {
    @Test
    void privateSolver() {
        JavaFileObject source = solvers("""
                @ImleLayer
                private static int[] topK(float[] theta, int k) { return null; }
                """);
        assertErrorOnLine(source, "[PrivateSolver] @ImleLayer method topK is private", "private static int[] topK");
    }

    @Test
    void genericSolver() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static <T> int[] topK(float[] theta, T k) { return null; }
                """);
        assertErrorOnLine(source, "[GenericSolver] @ImleLayer method topK declares type parameters", "int[] topK");
    }

    @Test
    void solverInAPrivateClass() {
        JavaFileObject source = solvers("""
                private static class Hidden {
                    @ImleLayer
                    static int[] topK(float[] theta) { return null; }
                }
                """);
        assertErrorOnLine(source, "[UnreachableOwner] @ImleLayer method topK is declared in"
                + " Solvers.Hidden, which the generated layer in package com.example cannot reach; make"
                + " Solvers.Hidden package-private or public", "int[] topK");
    }

    @Test
    void solverInAClassNestedInAPrivateClass() {
        JavaFileObject source = solvers("""
                private static class Hidden {
                    static class Inside {
                        @ImleLayer
                        static int[] topK(float[] theta) { return null; }
                    }
                }
                """);
        assertErrorOnLine(source, "[UnreachableOwner] @ImleLayer method topK is declared in Solvers.Hidden.Inside,"
                + " which the generated layer in package com.example cannot reach; make Solvers.Hidden"
                + " package-private or public", "int[] topK");
    }

    @Test
    void solverInAnInnerClass() {
        JavaFileObject source = solvers("""
                class Inner {
                    @ImleLayer
                    int[] topK(float[] theta) { return null; }
                }
                """);
        assertErrorOnLine(source, "[UnreachableOwner] @ImleLayer method topK is declared in Solvers.Inner, which"
                + " the generated layer in package com.example cannot reach; make Solvers.Inner static", "int[] topK");
    }

    @Test
    void solverInALocalClass() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta) { return null; }

                static void train() {
                    class Local {
                        @AimleLayer
                        int[] argmax(float[] theta) { return null; }
                    }
                }
                """);
        assertErrorOnLine(source, "[LocalSolver] @AimleLayer method argmax is declared in local"
                + " class Local in method train, which no other class can name, so no layer is generated for it; move"
                + " the method to a top-level class or a static member class", "int[] argmax");
    }

    @Test
    void solverInALocalClassOfAFileWithoutOtherLayers() {
        JavaFileObject source = JavaFileObjects.forSourceString("com.example.Training", """
                package com.example;

                import org.imle4j.annotation.*;

                class Training {
                    static void train() {
                        class Local {
                            @ImleLayer
                            int[] argmax(float[] theta) { return null; }
                        }
                    }
                }
                """);
        // javac does not run the processor on a file without a visible annotation, only analyses it: no -proc:only.
        Compilation compilation = Compiler.javac().withProcessors(new LayerProcessor()).compile(source);
        assertThat(compilation).hadErrorContaining("[LocalSolver] @ImleLayer method argmax").inFile(source)
                .onLineContaining("int[] argmax");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void solverInAnAnonymousClass() {
        JavaFileObject source = JavaFileObjects.forSourceString("com.example.Oracles", """
                package com.example;

                import java.util.function.Supplier;

                class Oracles {
                    @org.imle4j.annotation.ImleLayer
                    static int[] topK(float[] theta) { return null; }

                    static final Supplier<Object> ORACLE = () -> new Object() {
                        @org.imle4j.annotation.ImleLayer
                        int[] argmax(float[] theta) { return null; }
                    };
                }
                """);
        assertErrorOnLine(source, "[LocalSolver] @ImleLayer method argmax is declared in an"
                + " anonymous class in an initializer", "int[] argmax");
    }

    @Test
    void solverWithoutParameters() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK() { return null; }
                """);
        assertErrorOnLine(source, "[ThetaType] @ImleLayer method topK takes no parameters", "int[] topK");
    }

    @Test
    void thetaOfAnotherType() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(
                        int[] theta, int k) { return null; }
                """);
        assertErrorOnLine(source, "[ThetaType] @ImleLayer method topK takes its first parameter"
                + " as int[], but its first parameter is θ", "int[] theta");
    }

    @Test
    void thetaAnnotatedAsInput() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(
                        @Input float[] theta) { return null; }
                """);
        assertErrorOnLine(source, "[ThetaType] @ImleLayer method topK annotates its first"
                + " parameter with @Input", "@Input float[] theta");
    }

    @Test
    void scalarReturn() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int topK(float[] theta, int k) { return 0; }
                """);
        assertErrorOnLine(source, "[SolverReturnShape] @ImleLayer method topK returns int, but a"
                + " solver must return an array of the same rank as its first parameter (float[]); return int[] or"
                + " boolean[]", "int topK");
    }

    @Test
    void returnOfAnotherRank() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] shortestPath(double[][] costs) { return null; }
                """);
        assertErrorOnLine(source, "[SolverReturnShape] @ImleLayer method shortestPath returns"
                + " int[], but a solver must return an array of the same rank as its first parameter (double[][]);"
                + " return int[][] or boolean[][]", "shortestPath(");
    }

    @Test
    void returnOfAnUnsupportedElementType() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static long[] topK(float[] theta) { return null; }
                """);
        assertErrorOnLine(source, "[SolverReturnShape] @ImleLayer method topK returns long[]", "long[] topK");
    }

    @Test
    void arraySolverReturningAnNdArray() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static NDArray topK(float[] theta) { return null; }
                """);
        assertErrorOnLine(source, "[SolverReturnShape] @ImleLayer method topK returns NDArray", "NDArray topK");
    }

    @Test
    void batchSolverReturningAnArray() {
        JavaFileObject source = solvers("""
                @AimleLayer
                static int[] topK(NDArray thetas) { return null; }
                """);
        assertErrorOnLine(source, "[BatchReturnType] @AimleLayer method topK takes θ as NDArray"
                + " and returns int[]", "int[] topK");
    }

    @Test
    void tensorAsConfiguration() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static NDArray topK(NDArray thetas,
                        NDArray weights) { return null; }
                """);
        assertErrorOnLine(source, "[ConfigurationType] @ImleLayer method topK has parameter"
                + " weights of type NDArray, which cannot be a builder property because tensors are data whose"
                + " memory the layer does not own; annotate it with @Input", "NDArray weights");
    }

    @Test
    void managerAsConfiguration() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta,
                        ai.djl.ndarray.NDManager manager) { return null; }
                """);
        assertErrorOnLine(source, "[ConfigurationType] @ImleLayer method topK has parameter"
                + " manager of type NDManager", "NDManager manager");
    }

    @Test
    void typeVariableAsConfiguration() {
        JavaFileObject source = JavaFileObjects.forSourceString("com.example.Oracle", """
                package com.example;

                import java.util.List;
                import org.imle4j.annotation.ImleLayer;

                public abstract class Oracle<T> {
                    @ImleLayer
                    int[] ask(float[] theta,
                            List<? super T[]> hints) { return null; }
                }
                """);
        assertErrorOnLine(source, "[ConfigurationType] @ImleLayer method ask has parameter"
                + " hints of type List<? super T[]>, which cannot be a builder property because the builder cannot"
                + " know the type argument of its class", "hints)");
    }

    @Test
    void privateTypeAsConfiguration() {
        JavaFileObject source = solvers("""
                private static final class Secret {}

                @ImleLayer
                static int[] topK(float[] theta,
                        java.util.List<Secret> secrets) { return null; }
                """);
        assertErrorOnLine(source, "[ConfigurationType] @ImleLayer method topK has parameter"
                + " secrets of type List<Solvers.Secret>, which cannot be a builder property because the generated"
                + " layer cannot name Solvers.Secret", "secrets)");
    }

    @Test
    void twoParametersWithOneSetter() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta, int k,
                        int K) { return null; }
                """);
        assertErrorOnLine(source, "[SetterClash] @ImleLayer method topK has parameter K, whose"
                + " builder setter setK is also that of parameter k; rename the parameter", "int K)");
    }

    @Test
    void parameterNamedSolverOfAnInstanceMethod() {
        JavaFileObject source = solvers("""
                @ImleLayer
                int[] topK(float[] theta,
                        String solver) { return null; }
                """);
        assertErrorOnLine(source, "[SetterClash] @ImleLayer method topK has parameter solver,"
                + " whose builder setter setSolver already sets the object whose method is called", "String solver");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ImleLayer  | samples         | the builder's optSamples, which overrides the annotation attribute samples
            AimleLayer | targetNorm      | the builder's optTargetNorm, which overrides the annotation attribute
            ImleLayer  | solverThreads   | the builder's option optSolverThreads(int)
            AimleLayer | estimator       | the builder's option optEstimator(Supplier<? extends GradientEstimator>)
            AimleLayer | checkSolutions  | the builder's option optCheckSolutions(boolean)
            ImleLayer  | structure       | the builder's optStructure, which overrides the annotation attribute
            ImleLayer  | identity        | the builder's method identity()
            ImleLayer  | build           | the builder's method build()
            """)
    void parameterNamedLikeABuilderOptionOrMethod(String annotation, String name, String clash) {
        JavaFileObject source = solvers("@" + annotation + "\n"
                + "static int[] topK(float[] theta,\n"
                + "        int " + name + ") { return null; }\n");
        assertErrorOnLine(source, "[ReservedPropertyName] @" + annotation + " method topK has"
                + " parameter " + name + ", whose builder setter " + JavaNames.setter(name) + " would sit next to "
                + clash,
                "int " + name + ")");
    }

    @Test
    void optionsOfTheOtherAnnotationAreFreeNames() {
        Compilation compilation = compile(solvers("""
                @ImleLayer
                static int[] topK(float[] theta, double targetNorm, boolean perInstanceLambda) { return null; }
                """));
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void parameterNamedSolverOfAStaticMethodIsFine() {
        Compilation compilation = compile(solvers("""
                @ImleLayer
                static int[] topK(float[] theta, String solver) { return null; }
                """));
        assertGeneratedContaining(compilation, "com.example.TopKLayer", "public Builder setSolver(String solver)");
    }

    @Test
    void unsupportedInputOfAnArraySolver() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta,
                        @Input String label) { return null; }
                """);
        assertErrorOnLine(source, "[InputType] @ImleLayer method topK has @Input parameter label"
                + " of type String, but a solver of one instance receives its example's row of an extra input as"
                + " int, long, float, double or boolean, or an array of one of them", "@Input String label");
    }

    @Test
    void arrayInputOfABatchSolver() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static NDArray topK(NDArray thetas,
                        @Input float[] weights) { return null; }
                """);
        assertErrorOnLine(source, "[InputType] @ImleLayer method topK has @Input parameter"
                + " weights of type float[], but a batch solver receives its extra inputs as NDArray",
                "@Input float[] weights");
    }

    @Test
    void readOnlyThetaOfAnArraySolver() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(
                        @ReadOnly float[] theta, int k) { return null; }
                """);
        assertErrorOnLine(source, "[ReadOnlyPlacement] @ImleLayer method topK annotates its θ parameter theta with"
                + " @ReadOnly, but only θ of a batch solver (its first parameter, an NDArray) can be declared"
                + " read-only: a solver of one instance always receives its own Java array of θ; remove @ReadOnly",
                "@ReadOnly float[] theta");
    }

    @Test
    void readOnlyInputOfABatchSolver() {
        JavaFileObject source = solvers("""
                @AimleLayer
                static NDArray topK(@ReadOnly NDArray thetas,
                        @ReadOnly @Input NDArray mask) { return null; }
                """);
        assertErrorOnLine(source, "[ReadOnlyPlacement] @AimleLayer method topK annotates parameter mask with"
                + " @ReadOnly, but only θ of a batch solver (its first parameter, an NDArray) can be declared"
                + " read-only: the layer never copies the parameters after θ; remove @ReadOnly", "NDArray mask");
    }

    @Test
    void readOnlyConfigurationOfABatchSolver() {
        JavaFileObject source = solvers("""
                @AimleLayer
                static NDArray topK(NDArray thetas,
                        @ReadOnly int k) { return null; }
                """);
        assertErrorOnLine(source, "[ReadOnlyPlacement] @AimleLayer method topK annotates parameter k with @ReadOnly",
                "@ReadOnly int k");
    }

    @Test
    void throwsThrowable() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta) throws Throwable { return null; }
                """);
        assertErrorOnLine(source, "[SolverThrows] @ImleLayer method topK declares throws"
                + " Throwable", "int[] topK");
    }

    @Test
    void checkedExceptionsAreAllowed() {
        Compilation compilation = compile(solvers("""
                @ImleLayer
                static int[] topK(float[] theta) throws IOException, InterruptedException { return null; }
                """));
        assertGeneratedContaining(compilation, "com.example.TopKLayer", "checked exceptions included");
    }

    @Test
    void abstractInstanceMethodsAreAllowed() {
        Compilation compilation = compile(JavaFileObjects.forSourceString("com.example.Oracle", """
                package com.example;

                import org.imle4j.annotation.ImleLayer;

                public interface Oracle {
                    @ImleLayer
                    int[] ask(float[] theta);
                }
                """));
        assertGeneratedContaining(compilation, "com.example.AskLayer", "solver.ask(theta)");
    }

    @Test
    void everyProblemOfAMethodInOnePass() {
        JavaFileObject source = solvers("""
                @ImleLayer(samples = 0)
                private static int topK(String theta) { return 0; }
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorContaining("[PrivateSolver]");
        assertThat(compilation).hadErrorContaining("[AttributeRange]");
        assertThat(compilation).hadErrorContaining("[ThetaType]");
        assertThat(compilation).hadErrorCount(3);
    }
}
