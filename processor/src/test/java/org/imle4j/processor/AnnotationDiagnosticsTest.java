package org.imle4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.imle4j.processor.Compilations.assertErrorOnLine;
import static org.imle4j.processor.Compilations.compile;
import static org.imle4j.processor.Compilations.solvers;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each diagnostic about the layer annotations and the generated class names, on the element it concerns. */
class AnnotationDiagnosticsTest {
    @Test
    void bothAnnotations() {
        JavaFileObject source = solvers("""
                @ImleLayer
                @AimleLayer
                static int[] topK(float[] theta) { return null; }
                """);
        assertErrorOnLine(source, "[BothAnnotations] @ImleLayer method topK is also annotated @AimleLayer",
                "@AimleLayer");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ImleLayer  | samples                | 0                        | at least 1
            ImleLayer  | marginalSamples        | -1                       | at least 1
            ImleLayer  | sumOfGammaIterations   | 0                        | at least 1
            ImleLayer  | solverTimeoutMillis    | -1                       | at least 0
            AimleLayer | solverTimeoutMillis    | -100                     | at least 0
            ImleLayer  | sumOfGammaK            | 0.0                      | positive and finite
            ImleLayer  | lambda                 | -0.5                     | positive and finite
            ImleLayer  | lambda                 | Double.POSITIVE_INFINITY | positive and finite
            ImleLayer  | noiseTemperature       | -1.0                     | non-negative and finite
            ImleLayer  | targetNoiseTemperature | Double.NaN               | non-negative and finite
            ImleLayer  | alpha                  | Double.NaN               | finite
            AimleLayer | initialAlpha           | Double.NEGATIVE_INFINITY | finite
            AimleLayer | initialBeta            | -1.0                     | non-negative and finite
            AimleLayer | betaUpdateStep         | -1e-4                    | non-negative and finite
            AimleLayer | betaUpdateMomentum     | 1.0                      | in [0, 1)
            AimleLayer | gradNormDecay          | -0.1                     | in [0, 1)
            AimleLayer | initialGradNorm        | Double.NaN               | non-negative and finite
            AimleLayer | targetNorm             | -2.0                     | non-negative and finite
            """)
    void attributeOutOfRange(String annotation, String attribute, String value, String range) {
        JavaFileObject source = solvers("@" + annotation + "(" + attribute + " = " + value + ")\n"
                + "static int[] topK(float[] theta) { return null; }\n");
        Compilation compilation = assertErrorOnLine(source, "[AttributeRange] @" + annotation + " method topK sets "
                + attribute + " = ", attribute + " = " + value);
        assertThat(compilation).hadErrorContaining("but " + attribute + " must be " + range + "; change the value");
    }

    @Test
    void invalidName() {
        JavaFileObject source = solvers("""
                @ImleLayer(
                        name = "top-k")
                static int[] topK(float[] theta) { return null; }
                """);
        assertErrorOnLine(source, "[LayerName] @ImleLayer method topK sets name = \"top-k\","
                + " but the name of the generated class must be a Java identifier and not a keyword; use a name such"
                + " as \"TopKLayer\"", "name = \"top-k\"");
    }

    @Test
    void keywordAsName() {
        JavaFileObject source = solvers("""
                @AimleLayer(name = "var")
                static int[] topK(float[] theta) { return null; }
                """);
        assertErrorOnLine(source, "[LayerName]", "\"var\"");
    }

    @Test
    void nameOfAnExistingClass() {
        JavaFileObject source = solvers("""
                @ImleLayer(name = "Solvers")
                static int[] topK(float[] theta) { return null; }
                """);
        assertErrorOnLine(source, "[LayerNameTaken] @ImleLayer method topK would generate"
                + " com.example.Solvers, but a type of that name already exists", "name = \"Solvers\"");
    }

    @Test
    void defaultNameOfAnExistingClass() {
        JavaFileObject existing = JavaFileObjects.forSourceString("com.example.TopKLayer", """
                package com.example;

                public class TopKLayer {}
                """);
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta) { return null; }
                """);
        assertThat(compile(source, existing)).hadErrorContaining("[LayerNameTaken]").inFile(source)
                .onLineContaining("@ImleLayer");
    }

    @Test
    void overloadsWithOneLayerName() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta) { return null; }

                @ImleLayer
                static int[] topK(double[] theta) { return null; }
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorContaining("[DuplicateLayer] @ImleLayer method topK(float[]) of"
                + " com.example.Solvers would generate com.example.TopKLayer, as @ImleLayer method topK(double[]) of"
                + " com.example.Solvers does; set name = \"…\" on one of the two annotations").inFile(source)
                .onLineContaining("topK(float[] theta)");
        assertThat(compilation).hadErrorContaining("as @ImleLayer method topK(float[]) of com.example.Solvers does")
                .inFile(source).onLineContaining("topK(double[] theta)");
    }

    @Test
    void sameNameInTwoClasses() {
        JavaFileObject first = solvers("""
                @ImleLayer(name = "Shared")
                static int[] topK(float[] theta) { return null; }
                """);
        JavaFileObject second = JavaFileObjects.forSourceString("com.example.Other", """
                package com.example;

                import org.imle4j.annotation.AimleLayer;

                class Other {
                    @AimleLayer(name = "Shared")
                    static int[] argmax(float[] theta) { return null; }
                }
                """);
        Compilation compilation = compile(first, second);
        assertThat(compilation).hadErrorContaining("[DuplicateLayer] @ImleLayer method topK(float[])").inFile(first)
                .onLineContaining("topK(");
        assertThat(compilation).hadErrorContaining("[DuplicateLayer] @AimleLayer method argmax(float[])")
                .inFile(second).onLineContaining("argmax(");
    }

    @Test
    void sameMethodNameInTwoClassesOfAPackage() {
        JavaFileObject first = solvers("""
                @ImleLayer
                static int[] solve(float[] theta) { return null; }
                """);
        JavaFileObject second = JavaFileObjects.forSourceString("com.example.Paths", """
                package com.example;

                import org.imle4j.annotation.ImleLayer;

                class Paths {
                    @ImleLayer
                    static int[] solve(float[] costs) { return null; }
                }
                """);
        Compilation compilation = compile(first, second);
        assertThat(compilation).hadErrorContaining("[DuplicateLayer] @ImleLayer method solve(float[]) of"
                + " com.example.Solvers would generate com.example.SolveLayer, as @ImleLayer method solve(float[]) of"
                + " com.example.Paths does; set name = \"SolversSolveLayer\" on this annotation, or another name on"
                + " one of the two").inFile(first).onLineContaining("solve(float[] theta)");
        assertThat(compilation).hadErrorContaining("set name = \"PathsSolveLayer\" on this annotation").inFile(second)
                .onLineContaining("solve(float[] costs)");
        assertThat(compilation).hadErrorCount(2);
    }

    @Test
    void aMethodWithErrorsClaimsNoName(@TempDir Path generated) {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] solve(float[] theta) { return null; }

                @ImleLayer
                static int solve(double[] theta) { return 0; }
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorContaining("[SolverReturnShape]").inFile(source)
                .onLineContaining("int solve(double[] theta)");
        assertThat(compilation).hadErrorCount(1);
        Compilations.compileInto(generated, source);
        assertTrue(Files.exists(generated.resolve("com/example/SolveLayer.java")));
    }
}
