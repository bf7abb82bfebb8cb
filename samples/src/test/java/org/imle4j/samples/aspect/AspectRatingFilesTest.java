package org.imle4j.samples.aspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader of Lei et al.'s files on a tiny fixture in their format, plain and gzip-compressed, and bad lines. */
class AspectRatingFilesTest {
    @TempDir
    Path folder;

    static Path fixture(String name) {
        try {
            return Path.of(AspectRatingFilesTest.class.getResource("/aspect/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsRatingsAndTokensAndSkipsLinesWithoutTokens() throws IOException {
        List<AspectReview> reviews = AspectRatingFiles.readReviews(fixture("reviews.txt"));
        assertEquals(3, reviews.size());
        assertArrayEquals(new double[] {0.8, 0.6, 0.7, 0.9, 0.8}, reviews.get(0).ratings());
        assertEquals(21, reviews.get(0).tokens().size());
        assertEquals(List.of("the", "nose", "is", "not", "great"), reviews.get(0).tokens().subList(9, 14));
        assertEquals(List.of("thin", "and", "watery", ".", "smells", "of", "cardboard", "."), reviews.get(1).tokens());
        // The last line has no tab: five ratings, then the tokens.
        assertArrayEquals(new double[] {0.4, 0.5, 0.6, 0.7, 0.8}, reviews.get(2).ratings());
        assertEquals(List.of("dark", "brown", "color", ".", "roasty", "aroma", "."), reviews.get(2).tokens());
        assertTrue(reviews.get(0).rationales().isEmpty());
    }

    @Test
    void readsGzipCompressedFiles() throws IOException {
        Path compressed = folder.resolve("reviews.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(compressed))) {
            Files.copy(fixture("reviews.txt"), out);
        }
        List<AspectReview> plain = AspectRatingFiles.readReviews(fixture("reviews.txt"));
        List<AspectReview> unzipped = AspectRatingFiles.readReviews(compressed);
        assertEquals(plain.size(), unzipped.size());
        for (int r = 0; r < plain.size(); r++) {
            assertEquals(plain.get(r).tokens(), unzipped.get(r).tokens());
            assertArrayEquals(plain.get(r).ratings(), unzipped.get(r).ratings());
        }
    }

    @Test
    void readsAnnotationsWithTheirSpans() throws IOException {
        List<AspectReview> reviews = AspectRatingFiles.readAnnotations(fixture("annotations.json"));
        assertEquals(2, reviews.size());
        AspectReview first = reviews.get(0);
        assertEquals(12, first.tokens().size());
        assertArrayEquals(new double[] {0.7, 0.3, 0.6, 0.8, 0.7}, first.ratings());
        assertEquals(List.of(new AspectReview.Span(3, 9)), first.rationales().get(Aspect.AROMA.column()));
        boolean[] aroma = first.rationaleMask(Aspect.AROMA.column());
        for (int position = 0; position < aroma.length; position++) {
            assertEquals(position >= 3 && position < 9, aroma[position], "position " + position);
        }
        assertTrue(first.rationales().get(Aspect.TASTE.column()).isEmpty());
        // The second line has no keys "3" and "4": no spans for taste and overall.
        assertEquals(Aspect.values().length, reviews.get(1).rationales().size());
        assertTrue(reviews.get(1).rationales().get(Aspect.OVERALL.column()).isEmpty());
        assertEquals(List.of(new AspectReview.Span(6, 8)), reviews.get(1).rationales().get(Aspect.PALATE.column()));
    }

    @Test
    void namesTheFileAndLineOfABadRating() throws IOException {
        Path file = folder.resolve("bad.txt");
        Files.writeString(file, "0.1 0.2 0.3 0.4 0.5\tfine .\n0.1 1.7 0.3 0.4 0.5\tout of range .\n");
        IOException error = assertThrows(IOException.class, () -> AspectRatingFiles.readReviews(file));
        assertTrue(error.getMessage().contains("bad.txt line 2") && error.getMessage().contains("1.7"),
                error.getMessage());
    }

    @Test
    void rejectsASpanOutsideItsReview() throws IOException {
        Path file = folder.resolve("bad.json");
        Files.writeString(file, "{\"x\": [\"a\", \"b\"], \"y\": [0.5], \"1\": [[1, 3]]}\n");
        IOException error = assertThrows(IOException.class, () -> AspectRatingFiles.readAnnotations(file));
        assertTrue(error.getMessage().contains("line 1") && error.getMessage().contains("[1, 3)"),
                error.getMessage());
    }

    @Test
    void rejectsALineThatIsNotAnAnnotation() throws IOException {
        Path file = folder.resolve("bad.json");
        Files.writeString(file, "{\"y\": [0.5]}\n");
        IOException error = assertThrows(IOException.class, () -> AspectRatingFiles.readAnnotations(file));
        assertTrue(error.getMessage().contains("line 1") && error.getMessage().contains("\"x\""),
                error.getMessage());
    }
}
