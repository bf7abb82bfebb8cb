package org.imle4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.imle4j.processor.Compilations.assertErrorOnLine;
import static org.imle4j.processor.Compilations.assertGeneratedContaining;
import static org.imle4j.processor.Compilations.compile;
import static org.imle4j.processor.Compilations.compileInto;
import static org.imle4j.processor.Compilations.compiler;
import static org.imle4j.processor.Compilations.generatedText;
import static org.imle4j.processor.Compilations.solvers;
import static org.imle4j.processor.Compilations.withRuntimeTypeNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.imle4j.annotation.ImleLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the processor behaves across methods, rounds and class paths. */
class ProcessingTest {
    private static final JavaFileObject TOP_K = solvers("""
            @ImleLayer
            static int[] topK(float[] theta) { return null; }
            """);
    private static final JavaFileObject BAD_AND_GOOD = solvers("""
            @ImleLayer
            static int bad(float[] theta) { return 0; }

            @AimleLayer(samples = 2)
            static boolean[] good(double[] theta) { return null; }
            """);

    @Test
    void aMethodWithErrorsDoesNotStopTheOthers(@TempDir Path generated) {
        assertThat(compile(BAD_AND_GOOD)).hadErrorContaining("[SolverReturnShape] @ImleLayer method bad")
                .inFile(BAD_AND_GOOD).onLineContaining("int bad(");

        List<Diagnostic<? extends JavaFileObject>> diagnostics = compileInto(generated, BAD_AND_GOOD);
        assertEquals(1, diagnostics.size(), () -> diagnostics.toString());
        assertTrue(Files.exists(generated.resolve("com/example/GoodLayer.java")));
        assertFalse(Files.exists(generated.resolve("com/example/BadLayer.java")));
    }

    @Test
    void outputIsDeterministic() {
        JavaFileObject types = JavaFileObjects.forSourceString("com.example.Solvers", """
                package com.example;

                import java.util.Map;
                import org.imle4j.annotation.AimleLayer;
                import org.imle4j.annotation.Input;
                import org.imle4j.annotation.Noise;

                public class Solvers {
                    @AimleLayer(samples = 3, noise = Noise.GAUSSIAN, betaUpdateStep = 1e-5, targetNorm = 2.5)
                    public static int[][] match(double[][] theta, Map<String, Integer> names, @Input long[] ids,
                            double[] weights, @Input boolean strict) { return null; }
                }
                """);
        String first = generatedText(compile(types), "com.example.MatchLayer");
        String second = generatedText(compile(types), "com.example.MatchLayer");
        assertEquals(first, second);
        assertTrue(first.contains("instance.longArrayInput(0), weights, instance.booleanInput(1)"), first);
        assertTrue(first.contains("optBetaUpdateStep(1.0E-5);"), first);
    }

    @Test
    void waitsForTypesThatAnotherProcessorGenerates() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta, Config config) { return null; }
                """);
        Compilation compilation = Compiler.javac()
                .withProcessors(new TypeGenerator("com.example.Config"), new LayerProcessor())
                .withOptions("-proc:only")
                .compile(withRuntimeTypeNames(source));
        assertGeneratedContaining(compilation, "com.example.TopKLayer", "public Builder setConfig(Config config)");
    }

    @Test
    void unresolvedTypesAreReportedInTheLastRound() {
        JavaFileObject source = solvers("""
                @ImleLayer
                static int[] topK(float[] theta,
                        Missing config) { return null; }
                """);
        assertErrorOnLine(source, "[UnresolvedType] @ImleLayer method topK uses type Missing in"
                + " parameter config, which cannot be resolved", "Missing config");
    }

    @Test
    void missingDjlIsReportedOnce() throws URISyntaxException {
        File annotations = new File(ImleLayer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JavaFileObject source = withoutDjlImport(solvers("""
                @ImleLayer
                static int[] topK(float[] theta) { return null; }

                @AimleLayer
                static int[] argmax(float[] theta) { return null; }
                """));
        Compilation compilation = compiler().withClasspath(List.of(annotations))
                .compile(withRuntimeTypeNames(source));
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("[DjlMissing] @ImleLayer method topK cannot become a layer because"
                + " ai.djl.ndarray.NDArray cannot be resolved").inFile(source).onLineContaining("topK(");
        assertThat(compilation).hadErrorContaining("add the dependency ai.djl:api (org.imle4j:imle4j-runtime"
                + " brings it)");
    }

    @Test
    void failureToWriteIsReported() {
        Compilation compilation = Compiler.javac()
                .withProcessors(new TypeGenerator("com.example.TopKLayer"), new LayerProcessor())
                .withOptions("-proc:only")
                .compile(withRuntimeTypeNames(TOP_K));
        assertThat(compilation).hadErrorContaining("[WriteFailed] @ImleLayer method topK: could not write the"
                + " generated com.example.TopKLayer");
    }

    @Test
    void generatedAnnotationOnlyWhereThePlatformHasIt() {
        Compilation compilation = Compiler.javac().withProcessors(new LayerProcessor())
                .withOptions("-proc:only", "--release", "8", "-Xlint:-options")
                .compile(withRuntimeTypeNames(TOP_K));
        assertThat(compilation).succeededWithoutWarnings();
        String text = generatedText(compilation, "com.example.TopKLayer");
        assertFalse(text.contains("@Generated("), text);
        assertTrue(text.contains("@GeneratedLayer(\"com.example.Solvers#topK\")"), text);
    }

    /** Other processors may read {@code @Generated}, which the layer processor puts on layers but does not own. */
    @Test
    void claimsOnlyItsOwnAnnotations() {
        AnnotationRecorder recorder = new AnnotationRecorder("javax.annotation.processing.Generated",
                "org.imle4j.annotation.GeneratedLayer");
        Compilation compilation = Compiler.javac().withProcessors(new LayerProcessor(), recorder)
                .withOptions("-proc:only")
                .compile(withRuntimeTypeNames(TOP_K));
        assertThat(compilation).succeededWithoutWarnings();
        assertEquals(Set.of("javax.annotation.processing.Generated"), recorder.seen);
    }

    /** A Filer that fails with an unchecked exception stands for any bug below {@code process()}. */
    @Test
    void anUnexpectedExceptionIsAnInternalErrorOnTheMethod() {
        Compilation compilation = Compiler.javac().withProcessors(new WithFailingFiler(new LayerProcessor()))
                .withOptions("-proc:only")
                .compile(withRuntimeTypeNames(TOP_K));
        assertThat(compilation).hadErrorContaining("[InternalError] internal error of the imle4j processor while"
                + " processing topK(float[]) in com.example.Solvers: java.lang.IllegalStateException: the Filer"
                + " failed; please report it with this message").inFile(TOP_K).onLineContaining("int[] topK(");
        assertThat(compilation).hadErrorContaining("at org.imle4j.processor.LayerProcessor.write(");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void deprecatedSolversAreUsedWithoutWarnings() {
        Compilation compilation = compile(solvers("""
                @Deprecated
                @ImleLayer
                static int[] topK(float[] theta) { return null; }
                """));
        assertThat(compilation).generatedSourceFile("com.example.TopKLayer").contentsAsUtf8String()
                .contains("@SuppressWarnings(\"deprecation\")\npublic final class TopKLayer");
    }

    /** A deprecated class in a type argument of a configuration type is used too, by the builder's field. */
    @Test
    void deprecatedConfigurationTypesAreUsedWithoutWarnings() {
        Compilation compilation = compile(solvers("""
                @Deprecated(forRemoval = true)
                static class Legacy {}

                @ImleLayer
                static int[] topK(float[] theta, java.util.Map<String, ? extends Legacy[]> legacy) { return null; }
                """));
        assertGeneratedContaining(compilation, "com.example.TopKLayer",
                "@SuppressWarnings(\"removal\")\npublic final class TopKLayer");
    }

    @Test
    void registeredAsAnIsolatingProcessor() throws IOException {
        assertEquals(LayerProcessor.class.getName(),
                resource("META-INF/services/javax.annotation.processing.Processor"));
        assertEquals(LayerProcessor.class.getName() + ",isolating",
                resource("META-INF/gradle/incremental.annotation.processors"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = LayerProcessor.class.getClassLoader().getResourceAsStream(name)) {
            assertTrue(in != null, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    /** The {@link Compilations#solvers} source without its {@code NDArray} import, which needs DJL. */
    private static JavaFileObject withoutDjlImport(JavaFileObject source) {
        try {
            String text = source.getCharContent(false).toString().replace("import ai.djl.ndarray.NDArray;\n", "");
            return JavaFileObjects.forSourceString("com.example.Solvers", text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A later processor that records which of the annotations it supports javac still offers it. */
    private static final class AnnotationRecorder extends AbstractProcessor {
        private final Set<String> supported;
        final Set<String> seen = new TreeSet<>();

        AnnotationRecorder(String... supported) {
            this.supported = Set.of(supported);
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return supported;
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            annotations.forEach(annotation -> seen.add(annotation.getQualifiedName().toString()));
            return false;
        }
    }

    /** Runs a processor with a Filer whose every method throws an unchecked exception. */
    private static final class WithFailingFiler extends AbstractProcessor {
        private final Processor processor;

        WithFailingFiler(Processor processor) {
            this.processor = processor;
        }

        @Override
        public synchronized void init(ProcessingEnvironment environment) {
            super.init(environment);
            ClassLoader loader = getClass().getClassLoader();
            Filer failing = (Filer) Proxy.newProxyInstance(loader, new Class<?>[] {Filer.class},
                    (proxy, method, args) -> {
                        throw new IllegalStateException("the Filer failed");
                    });
            processor.init((ProcessingEnvironment) Proxy.newProxyInstance(loader,
                    new Class<?>[] {ProcessingEnvironment.class}, (proxy, method, args) ->
                            method.getName().equals("getFiler") ? failing : method.invoke(environment, args)));
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return processor.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return processor.getSupportedSourceVersion();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            return processor.process(annotations, round);
        }
    }

    /** Another processor that generates an empty public class in the first round, before the layer processor runs. */
    private static final class TypeGenerator extends AbstractProcessor {
        private final String qualifiedName;
        private boolean done;

        TypeGenerator(String qualifiedName) {
            this.qualifiedName = qualifiedName;
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
            if (!done) {
                done = true;
                int dot = qualifiedName.lastIndexOf('.');
                try (Writer out = processingEnv.getFiler().createSourceFile(qualifiedName).openWriter()) {
                    out.write("package " + qualifiedName.substring(0, dot) + "; public class "
                            + qualifiedName.substring(dot + 1) + " {}");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return false;
        }
    }
}
