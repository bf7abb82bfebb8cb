package org.imle4j.samples.aspect;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the aspect-rating files of Lei, Barzilay and Jaakkola ("Rationalizing Neural Predictions", EMNLP 2016; their
 * code at github.com/taolei87/rcnn, {@code code/rationale/myio.py}), for readers who hold a copy of the BeerAdvocate
 * data; files whose name ends in {@code .gz} are read through gzip.
 *
 * <ul>
 *   <li>Reviews ({@code reviews.aspect0.train.txt.gz} and the like): one review per line, its ratings in [0, 1]
 *       (appearance, aroma, palate, taste, overall), a tab, then its tokens separated by spaces. A line without a
 *       tab holds five ratings and then the tokens, all separated by white space. Lines without tokens are skipped,
 *       as the reference reader does.</li>
 *   <li>Annotations ({@code annotations.json}): one JSON object per line, with the tokens {@code "x"}, the ratings
 *       {@code "y"}, and for each aspect column, under the keys {@code "0"} to {@code "4"}, the rationale spans as
 *       {@code [start, end]} pairs of token positions, end excluded.</li>
 * </ul>
 */
public final class AspectRatingFiles {
    private static final int COLUMNS = Aspect.values().length;

    private AspectRatingFiles() {}

    /**
     * Reads a reviews file.
     *
     * @param file the file, plain or gzip-compressed ({@code .gz})
     * @return its reviews, without rationale spans
     * @throws IOException if the file cannot be read, or a line is malformed (the message names the file and line)
     */
    public static List<AspectReview> readReviews(Path file) throws IOException {
        List<AspectReview> reviews = new ArrayList<>();
        try (BufferedReader reader = open(file)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                String[] ratings;
                String[] tokens;
                int tab = line.indexOf('\t');
                if (tab >= 0) {
                    ratings = fields(line.substring(0, tab));
                    tokens = fields(line.substring(tab + 1));
                } else {
                    String[] all = fields(line);
                    ratings = Arrays.copyOfRange(all, 0, Math.min(COLUMNS, all.length));
                    tokens = Arrays.copyOfRange(all, ratings.length, all.length);
                }
                if (tokens.length == 0) {
                    continue;
                }
                double[] values = new double[ratings.length];
                for (int c = 0; c < ratings.length; c++) {
                    values[c] = rating(ratings[c], file, number);
                }
                reviews.add(new AspectReview(List.of(tokens), values, List.of()));
            }
        }
        return reviews;
    }

    /**
     * Reads an annotations file.
     *
     * @param file the file, plain or gzip-compressed ({@code .gz})
     * @return its reviews with the rationale spans of every aspect column present ({@code "0"} to {@code "4"}; an
     *     absent key gives an empty list)
     * @throws IOException if the file cannot be read, or a line is not such a JSON object, or a span lies outside
     *     its review (the message names the file and line)
     */
    public static List<AspectReview> readAnnotations(Path file) throws IOException {
        List<AspectReview> reviews = new ArrayList<>();
        try (BufferedReader reader = open(file)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank()) {
                    reviews.add(annotated(line, file, number));
                }
            }
        }
        return reviews;
    }

    private static AspectReview annotated(String line, Path file, int number) throws IOException {
        try {
            JsonObject item = JsonParser.parseString(line).getAsJsonObject();
            List<String> tokens = new ArrayList<>();
            for (JsonElement token : array(item, "x", file, number)) {
                tokens.add(token.getAsString());
            }
            JsonArray y = array(item, "y", file, number);
            double[] ratings = new double[y.size()];
            for (int c = 0; c < ratings.length; c++) {
                ratings[c] = rating(y.get(c).getAsString(), file, number);
            }
            List<List<AspectReview.Span>> rationales = new ArrayList<>();
            for (int c = 0; c < COLUMNS; c++) {
                List<AspectReview.Span> spans = new ArrayList<>();
                if (item.has(String.valueOf(c))) {
                    for (JsonElement pair : array(item, String.valueOf(c), file, number)) {
                        spans.add(span(pair.getAsJsonArray(), tokens.size(), c, file, number));
                    }
                }
                rationales.add(spans);
            }
            return new AspectReview(tokens, ratings, rationales);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException
                | IndexOutOfBoundsException e) {
            throw new IOException(file + " line " + number + ": not an annotation object {\"x\": [tokens], \"y\": "
                    + "[ratings], \"0\": [[start, end], …], …}: " + e.getMessage(), e);
        }
    }

    private static AspectReview.Span span(JsonArray pair, int tokens, int column, Path file, int number)
            throws IOException {
        if (pair.size() != 2) {
            throw new IOException(file + " line " + number + ": a rationale span of aspect " + column + " must be "
                    + "[start, end], but was " + pair);
        }
        int start = pair.get(0).getAsInt();
        int end = pair.get(1).getAsInt();
        if (start < 0 || end < start || end > tokens) {
            throw new IOException(file + " line " + number + ": rationale span [" + start + ", " + end + ") of aspect "
                    + column + " must lie within the review's " + tokens + " tokens");
        }
        return new AspectReview.Span(start, end);
    }

    private static JsonArray array(JsonObject item, String key, Path file, int number) throws IOException {
        JsonElement value = item.get(key);
        if (value == null || !value.isJsonArray()) {
            throw new IOException(file + " line " + number + ": the annotation needs an array \"" + key + "\"");
        }
        return value.getAsJsonArray();
    }

    private static double rating(String text, Path file, int number) throws IOException {
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IOException(file + " line " + number + ": rating '" + text + "' is not a number", e);
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IOException(file + " line " + number + ": rating " + text + " must be in [0, 1]");
        }
        return value;
    }

    private static String[] fields(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }

    private static BufferedReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            InputStream decoded = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in) : in;
            return new BufferedReader(new InputStreamReader(decoded, StandardCharsets.UTF_8));
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }
}
