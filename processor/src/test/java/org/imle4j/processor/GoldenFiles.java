package org.imle4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares generated sources with the expected ones under {@code src/test/resources/expected/<class>.java}, both as
 * Java (ignoring formatting) and as text (so that any change of the output shows as a diff in review).
 *
 * <p>Run with {@code -Dimle4j.updateGoldens=true} to rewrite the expected files from the current output instead.
 */
final class GoldenFiles {
    static final String UPDATE_PROPERTY = "imle4j.updateGoldens";
    private static final Path SOURCE_DIRECTORY = Path.of("src", "test", "resources", "expected");

    private GoldenFiles() {}

    static void assertGenerated(Compilation compilation, String qualifiedName) {
        assertThat(compilation).succeededWithoutWarnings();
        String actual = Compilations.generatedText(compilation, qualifiedName);
        String resource = "expected/" + qualifiedName + ".java";
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(qualifiedName, actual);
            return;
        }
        assertThat(compilation).generatedSourceFile(qualifiedName)
                .hasSourceEquivalentTo(JavaFileObjects.forResource(resource));
        assertEquals(read(resource), actual, "generated " + qualifiedName + " differs from " + resource
                + "; if the change is intended, rerun with -D" + UPDATE_PROPERTY + "=true and review the diff");
    }

    private static String read(String resource) {
        try (InputStream in = GoldenFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("missing golden file " + resource + "; create it with -D"
                        + UPDATE_PROPERTY + "=true");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Surefire runs in the module's directory, so the path is relative to it. */
    private static void write(String qualifiedName, String content) {
        try {
            Files.createDirectories(SOURCE_DIRECTORY);
            Files.writeString(SOURCE_DIRECTORY.resolve(qualifiedName + ".java"), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
