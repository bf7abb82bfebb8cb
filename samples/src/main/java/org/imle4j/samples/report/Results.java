package org.imle4j.samples.report;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an experiment's numbers as pretty-printed JSON next to its plots. */
public final class Results {
    private Results() {}

    /**
     * Writes results as pretty-printed JSON, NaN and infinities included as the literals {@code NaN} and
     * {@code Infinity}.
     *
     * @param file where to write; replaced if it exists
     * @param results records, lists and maps of numbers and strings
     * @return the path written
     * @throws UncheckedIOException if the file cannot be written
     */
    public static Path write(Path file, Object results) {
        String json = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                .toJson(results);
        try {
            return Files.writeString(file, json + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
