package org.imle4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.imle4j.processor.Compilations.assertGeneratedContaining;
import static org.imle4j.processor.Compilations.assertWarningOnLine;
import static org.imle4j.processor.Compilations.compile;
import static org.imle4j.processor.Compilations.solvers;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The warnings about valid but self-defeating settings, and their suppression. */
class WarningsTest {
    @Test
    void noiselessSamples() {
        JavaFileObject source = solvers("""
                @ImleLayer(noise = Noise.NONE,
                        samples = 8)
                static int[] topK(float[] theta) { return null; }
                """);
        Compilation compilation = assertWarningOnLine(source, "[IdenticalSamples] @ImleLayer method topK sets"
                + " samples = 8 with noise = NONE, so every sample is the same solution and costs a solver call; use"
                + " noise, or samples = 1 and marginalSamples = 1 (@SuppressWarnings(\"imle4j\") silences this)",
                "samples = 8");
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningCount(1);
    }

    @Test
    void zeroTemperatureMarginalSamples() {
        JavaFileObject source = solvers("""
                @AimleLayer(noiseTemperature = 0,
                        marginalSamples = 4)
                static int[] topK(float[] theta) { return null; }
                """);
        assertWarningOnLine(source, "[IdenticalSamples] @AimleLayer method topK sets"
                + " marginalSamples = 4 with noiseTemperature = 0", "marginalSamples = 4");
    }

    @Test
    void unscaledGradient() {
        JavaFileObject source = solvers("""
                @ImleLayer(lambda = 10,
                        scaleGradient = false)
                static int[] topK(float[] theta) { return null; }
                """);
        assertWarningOnLine(source, "[UnscaledGradient] @ImleLayer method topK sets"
                + " scaleGradient = false", "scaleGradient = false");
    }

    @Test
    void sumOfGammaParameterWithOtherNoise() {
        JavaFileObject source = solvers("""
                @ImleLayer(noise = Noise.GUMBEL,
                        sumOfGammaK = 5)
                static int[] topK(float[] theta) { return null; }
                """);
        assertWarningOnLine(source, "[IgnoredNoiseParameter] @ImleLayer method topK sets"
                + " sumOfGammaK, which has no effect with noise = GUMBEL; remove it, or choose noise = SUM_OF_GAMMA",
                "sumOfGammaK = 5");
    }

    @Test
    void temperatureWithoutNoise() {
        JavaFileObject source = solvers("""
                @ImleLayer(noise = Noise.NONE,
                        targetNoiseTemperature = 2)
                static int[] topK(float[] theta) { return null; }
                """);
        assertWarningOnLine(source, "[IgnoredNoiseParameter] @ImleLayer method topK sets"
                + " targetNoiseTemperature, which has no effect with noise = NONE", "targetNoiseTemperature = 2");
    }

    @Test
    void reasonableSettingsDoNotWarn() {
        Compilation compilation = compile(solvers("""
                @ImleLayer(noise = Noise.NONE, output = Output.MEAN)
                static int[] noiseless(float[] theta) { return null; }

                @ImleLayer(samples = 1, output = Output.MEAN, targetNoiseTemperature = 0.5, alpha = 0.9)
                static int[] oneSample(float[] theta) { return null; }

                @AimleLayer(noise = Noise.SUM_OF_GAMMA, sumOfGammaK = 3, noiseTemperature = 0.5, samples = 4)
                static int[] sumOfGamma(float[] theta) { return null; }
                """));
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void suppressedOnTheMethod() {
        Compilation compilation = compile(solvers("""
                @SuppressWarnings("imle4j")
                @ImleLayer(noise = Noise.NONE, samples = 8, scaleGradient = false)
                static int[] topK(float[] theta) { return null; }
                """));
        assertGeneratedContaining(compilation, "com.example.TopKLayer", "optScaleGradient(false);");
    }

    @Test
    void suppressedOnAnEnclosingClass() {
        Compilation compilation = compile(JavaFileObjects.forSourceString("com.example.Outer", """
                package com.example;

                import org.imle4j.annotation.ImleLayer;

                @SuppressWarnings({"unchecked", "imle4j"})
                public class Outer {
                    public static class Solvers {
                        @ImleLayer(scaleGradient = false)
                        public static int[] topK(float[] theta) { return null; }
                    }
                }
                """));
        assertThat(compilation).succeededWithoutWarnings();
    }

    @Test
    void otherSuppressionsDoNotSilence() {
        JavaFileObject source = solvers("""
                @SuppressWarnings("all")
                @ImleLayer(scaleGradient = false)
                static int[] topK(float[] theta) { return null; }
                """);
        assertWarningOnLine(source, "[UnscaledGradient]", "scaleGradient = false");
    }
}
