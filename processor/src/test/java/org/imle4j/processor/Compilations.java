package org.imle4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * Runs the processor the way the tests need it: {@code -proc:only}, because the generated code targets the runtime,
 * which cannot be on this module's class path (the runtime itself runs this processor). The samples module compiles
 * and trains generated layers for real.
 */
final class Compilations {
    /**
     * Placeholders of the runtime types that generated code names. javac enters generated sources even under
     * {@code -proc:only} and would report their imports as missing; it attributes no bodies, so names suffice, and
     * the one method that generated code overrides, whose documentation javadoc inherits.
     */
    private static final List<JavaFileObject> RUNTIME_TYPE_NAMES = List.of(
            placeholder("org.imle4j.runtime.SolverLayer", "abstract class SolverLayer {"
                    + " public abstract static class Builder<T extends Builder<T>> {"
                    + " /** Returns this builder.\n @return this builder */ protected abstract T self(); } }"),
            placeholder("org.imle4j.runtime.ImleBuilder",
                    "abstract class ImleBuilder<T extends ImleBuilder<T>> extends SolverLayer.Builder<T> {}"),
            placeholder("org.imle4j.runtime.AimleBuilder",
                    "abstract class AimleBuilder<T extends AimleBuilder<T>> extends SolverLayer.Builder<T> {}"),
            placeholder("org.imle4j.runtime.solve.ArraySolvers", "final class ArraySolvers {}"),
            placeholder("org.imle4j.runtime.solve.BatchSolver", "interface BatchSolver {}"),
            placeholder("org.imle4j.runtime.solve.SolverException", "final class SolverException {}"));

    private Compilations() {}

    static Compiler compiler() {
        return Compiler.javac().withProcessors(new LayerProcessor()).withOptions("-proc:only");
    }

    /** Compiles the sources with the runtime's type names present. */
    static Compilation compile(JavaFileObject... sources) {
        return compiler().compile(withRuntimeTypeNames(sources));
    }

    /**
     * Compiles {@code source} and asserts an error containing {@code message} on the line containing {@code line}.
     *
     * @return the compilation, for further assertions
     */
    static Compilation assertErrorOnLine(JavaFileObject source, String message, String line) {
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
        return compilation;
    }

    /**
     * Compiles {@code source} and asserts a warning containing {@code message} on the line containing {@code line}.
     *
     * @return the compilation, for further assertions
     */
    static Compilation assertWarningOnLine(JavaFileObject source, String message, String line) {
        Compilation compilation = compile(source);
        assertThat(compilation).hadWarningContaining(message).inFile(source).onLineContaining(line);
        return compilation;
    }

    /** Asserts that the compilation succeeded without warnings and generated {@code layer} with {@code text} in it. */
    static void assertGeneratedContaining(Compilation compilation, String layer, String text) {
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile(layer).contentsAsUtf8String().contains(text);
    }

    static List<JavaFileObject> withRuntimeTypeNames(JavaFileObject... sources) {
        List<JavaFileObject> all = new ArrayList<>(Arrays.asList(sources));
        all.addAll(RUNTIME_TYPE_NAMES);
        return all;
    }

    /**
     * {@code com.example.Solvers}, a public class with the given members, which may use every imle4j annotation and
     * enum, {@code NDArray} and {@code java.io} without importing them.
     */
    static JavaFileObject solvers(String members) {
        return JavaFileObjects.forSourceString("com.example.Solvers", """
                package com.example;

                import ai.djl.ndarray.NDArray;
                import java.io.*;
                import org.imle4j.annotation.*;

                public class Solvers {
                """ + members.indent(4) + "}\n");
    }

    /**
     * Compiles straight with javac, writing generated sources to {@code generatedSources}: unlike compile-testing,
     * which hides them when the compilation fails, this shows what a failed compilation still generated.
     *
     * @return the diagnostics
     */
    static List<Diagnostic<? extends JavaFileObject>> compileInto(Path generatedSources, JavaFileObject... sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generatedSources));
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, List.of("-proc:only"), null,
                    withRuntimeTypeNames(sources));
            task.setProcessors(List.of(new LayerProcessor()));
            task.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return diagnostics.getDiagnostics();
    }

    /**
     * Runs the processor on the sources, then {@code javadoc -Xdoclint:all} on the generated layers alone, with the
     * sources and the runtime's placeholders on the source path.
     *
     * @return the warnings and errors of javadoc, each as {@code file:line: message}
     */
    static List<String> javadocProblems(Path directory, JavaFileObject... sources) {
        Path sourcePath = directory.resolve("src");
        Path generated = directory.resolve("generated");
        try {
            List<Diagnostic<? extends JavaFileObject>> processing =
                    compileInto(Files.createDirectories(generated), sources);
            if (!processing.isEmpty()) {
                throw new AssertionError("processing reported " + processing);
            }
            for (JavaFileObject source : withRuntimeTypeNames(sources)) {
                String name = source.getName().replaceFirst("^/", "");
                Files.createDirectories(sourcePath.resolve(name).getParent());
                Files.writeString(sourcePath.resolve(name), source.getCharContent(false), StandardCharsets.UTF_8);
            }
            List<Path> layers;
            try (Stream<Path> files = Files.walk(generated)) {
                layers = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            }
            DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = javadoc.getStandardFileManager(diagnostics, Locale.ROOT,
                    StandardCharsets.UTF_8)) {
                files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of(sourcePath));
                files.setLocationFromPaths(DocumentationTool.Location.DOCUMENTATION_OUTPUT,
                        List.of(Files.createDirectories(directory.resolve("doc"))));
                Boolean succeeded = javadoc.getTask(null, files, diagnostics, null, List.of("-Xdoclint:all", "-quiet"),
                        files.getJavaFileObjectsFromPaths(layers)).call();
                List<String> problems = diagnostics.getDiagnostics().stream()
                        .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
                        .map(d -> (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber()
                                + ": ") + d.getMessage(Locale.ROOT))
                        .toList();
                if (!succeeded && problems.isEmpty()) {
                    throw new AssertionError("javadoc failed without diagnostics");
                }
                return problems;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of a generated source file, which the compilation must have produced. */
    static String generatedText(Compilation compilation, String qualifiedName) {
        JavaFileObject file = compilation.generatedSourceFile(qualifiedName)
                .orElseThrow(() -> new AssertionError("no generated source " + qualifiedName + "; diagnostics: "
                        + compilation.diagnostics()));
        try {
            return file.getCharContent(false).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JavaFileObject placeholder(String qualifiedName, String declaration) {
        String packageName = qualifiedName.substring(0, qualifiedName.lastIndexOf('.'));
        return JavaFileObjects.forSourceString(qualifiedName, "package " + packageName + "; public " + declaration);
    }
}
