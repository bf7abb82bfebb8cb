package org.imle4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
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
        assertThat(compile(source)).hadErrorContaining("[PrivateSolver] @ImleLayer method topK is private")
                .inFile(source).onLineContaining("private static int[] topK");
    }

    @Test
    void genericSolver() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static <T> int[] topK(float[] theta, T k) { return null; }
                """);
        assertThat(compile(source))
                .hadErrorContaining("[GenericSolver] @ImleLayer method topK declares type parameters")
                .inFile(source).onLineContaining("int[] topK");
    }

    @Test
    void solverInAPrivateClass() {
        JavaFileObject source = solvers("""
                private static class Hidden {
                    @ImleLayer
                    static int[] topK(float[] theta) { return null; }
                }
                """);
        assertThat(compile(source)).hadErrorContaining("[UnreachableOwner] @ImleLayer method topK is declared in"
                + " Solvers.Hidden, which the generated layer in package com.example cannot reach; make"
                + " Solvers.Hidden package-private or public").inFile(source).onLineContaining("int[] topK");
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
        assertThat(compile(source)).hadErrorContaining("[UnreachableOwner]")
                .inFile(source).onLineContaining("int[] topK");
        assertThat(compile(source)).hadErrorContaining("make Solvers.Hidden package-private or public");
    }

    @Test
    void solverInAnInnerClass() {
        JavaFileObject source = solvers("""
                class Inner {
                    @ImleLayer
                    int[] topK(float[] theta) { return null; }
                }
                """);
        assertThat(compile(source)).hadErrorContaining("[UnreachableOwner]")
                .inFile(source).onLineContaining("int[] topK");
        assertThat(compile(source)).hadErrorContaining("make Solvers.Inner static");
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
        assertThat(compile(source)).hadErrorContaining("[LocalSolver] @AimleLayer method argmax is declared in local"
                + " class Local in method train, which no other class can name, so no layer is generated for it; move"
                + " the method to a top-level class or a static member class").inFile(source)
                .onLineContaining("int[] argmax");
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
        assertThat(compile(source)).hadErrorContaining("[LocalSolver] @ImleLayer method argmax is declared in an"
                + " anonymous class in an initializer").inFile(source).onLineContaining("int[] argmax");
    }

    @Test
    void solverWithoutParameters() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK() { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[ThetaType] @ImleLayer method topK takes no parameters")
                .inFile(source).onLineContaining("int[] topK");
    }

    @Test
    void thetaOfAnotherType() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(
                        int[] theta, int k) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[ThetaType] @ImleLayer method topK takes its first parameter"
                + " as int[], but its first parameter is θ").inFile(source).onLineContaining("int[] theta");
    }

    @Test
    void thetaAnnotatedAsInput() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(
                        @Input float[] theta) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[ThetaType] @ImleLayer method topK annotates its first"
                + " parameter with @Input").inFile(source).onLineContaining("@Input float[] theta");
    }

    @Test
    void scalarReturn() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int topK(float[] theta, int k) { return 0; }
                """);
        assertThat(compile(source)).hadErrorContaining("[SolverReturnShape] @ImleLayer method topK returns int, but a"
                + " solver must return an array of the same rank as its first parameter (float[]); return int[] or"
                + " boolean[]").inFile(source).onLineContaining("int topK");
    }

    @Test
    void returnOfAnotherRank() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] shortestPath(double[][] costs) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[SolverReturnShape] @ImleLayer method shortestPath returns"
                + " int[], but a solver must return an array of the same rank as its first parameter (double[][]);"
                + " return int[][] or boolean[][]").inFile(source).onLineContaining("shortestPath(");
    }

    @Test
    void returnOfAnUnsupportedElementType() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static long[] topK(float[] theta) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[SolverReturnShape] @ImleLayer method topK returns long[]")
                .inFile(source).onLineContaining("long[] topK");
    }

    @Test
    void arraySolverReturningAnNdArray() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static NDArray topK(float[] theta) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[SolverReturnShape] @ImleLayer method topK returns NDArray")
                .inFile(source).onLineContaining("NDArray topK");
    }

    @Test
    void batchSolverReturningAnArray() {
        JavaFileObject source = solvers("""
                @AimleLayer
                static int[] topK(NDArray thetas) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[BatchReturnType] @AimleLayer method topK takes θ as NDArray"
                + " and returns int[]").inFile(source).onLineContaining("int[] topK");
    }

    @Test
    void tensorAsConfiguration() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static NDArray topK(NDArray thetas,
                        NDArray weights) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[ConfigurationType] @ImleLayer method topK has parameter"
                + " weights of type NDArray, which cannot be a builder property because tensors are data whose"
                + " memory the layer does not own; annotate it with @Input").inFile(source)
                .onLineContaining("NDArray weights");
    }

    @Test
    void managerAsConfiguration() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta,
                        ai.djl.ndarray.NDManager manager) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[ConfigurationType] @ImleLayer method topK has parameter"
                + " manager of type NDManager").inFile(source).onLineContaining("NDManager manager");
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
                            List<T> hints) { return null; }
                }
                """);
        assertThat(compile(source)).hadErrorContaining("[ConfigurationType] @ImleLayer method ask has parameter"
                + " hints of type List<T>, which cannot be a builder property because the builder cannot know the"
                + " type argument of its class").inFile(source).onLineContaining("List<T> hints");
    }

    @Test
    void privateTypeAsConfiguration() {
        JavaFileObject source = solvers("""
                private static final class Secret {}

                @ImleLayer
                static int[] topK(float[] theta,
                        java.util.List<Secret> secrets) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[ConfigurationType] @ImleLayer method topK has parameter"
                + " secrets of type List<Solvers.Secret>, which cannot be a builder property because the generated"
                + " layer cannot name Solvers.Secret").inFile(source).onLineContaining("secrets)");
    }

    @Test
    void twoParametersWithOneSetter() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta, int k,
                        int K) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[SetterClash] @ImleLayer method topK has parameter K, whose"
                + " builder setter setK is also that of parameter k; rename the parameter").inFile(source)
                .onLineContaining("int K)");
    }

    @Test
    void parameterNamedSolverOfAnInstanceMethod() {
        JavaFileObject source = solvers("""
                @ImleLayer
                int[] topK(float[] theta,
                        String solver) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[SetterClash] @ImleLayer method topK has parameter solver,"
                + " whose builder setter setSolver already sets the object whose method is called")
                .inFile(source).onLineContaining("String solver");
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
        assertThat(compile(source)).hadErrorContaining("[ReservedPropertyName] @" + annotation + " method topK has"
                + " parameter " + name + ", whose builder setter " + JavaNames.setter(name) + " would sit next to "
                + clash).inFile(source).onLineContaining("int " + name + ")");
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
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.example.TopKLayer").contentsAsUtf8String()
                .contains("public Builder setSolver(String solver)");
    }

    @Test
    void unsupportedInputOfAnArraySolver() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta,
                        @Input String label) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[InputType] @ImleLayer method topK has @Input parameter label"
                + " of type String, but a solver of one instance receives its example's row of an extra input as"
                + " int, long, float, double or boolean, or an array of one of them").inFile(source)
                .onLineContaining("@Input String label");
    }

    @Test
    void arrayInputOfABatchSolver() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static NDArray topK(NDArray thetas,
                        @Input float[] weights) { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[InputType] @ImleLayer method topK has @Input parameter"
                + " weights of type float[], but a batch solver receives its extra inputs as NDArray")
                .inFile(source).onLineContaining("@Input float[] weights");
    }

    @Test
    void throwsThrowable() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta) throws Throwable { return null; }
                """);
        assertThat(compile(source)).hadErrorContaining("[SolverThrows] @ImleLayer method topK declares throws"
                + " Throwable").inFile(source).onLineContaining("int[] topK");
    }

    @Test
    void checkedExceptionsAreAllowed() {
        Compilation compilation = compile(solvers("""
                @ImleLayer
                static int[] topK(float[] theta) throws IOException, InterruptedException { return null; }
                """));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.example.TopKLayer").contentsAsUtf8String()
                .contains("checked exceptions included");
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
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("com.example.AskLayer").contentsAsUtf8String()
                .contains("solver.ask(theta)");
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
