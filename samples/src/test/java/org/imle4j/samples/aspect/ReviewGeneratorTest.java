package org.imle4j.samples.aspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated reviews: reproducible, ratings in [0, 1], and each aspect's rationale is its sentence, from which a
 * reader that knows the rule (sentiment valences, a negator in the two tokens before a word turns v into 1 − v) gets
 * the rating back exactly.
 */
class ReviewGeneratorTest {
    private static final int REVIEWS = 2000;

    @Test
    void theSameSeedGivesTheSameReviewsAndAnotherSeedOthers() {
        List<AspectReview> first = ReviewGenerator.generate(50, 7, 0.5);
        List<AspectReview> again = ReviewGenerator.generate(50, 7, 0.5);
        List<AspectReview> other = ReviewGenerator.generate(50, 8, 0.5);
        for (int r = 0; r < first.size(); r++) {
            assertEquals(first.get(r).tokens(), again.get(r).tokens());
            assertEquals(List.of(first.get(r).rationales()), List.of(again.get(r).rationales()));
            assertEquals(java.util.Arrays.toString(first.get(r).ratings()),
                    java.util.Arrays.toString(again.get(r).ratings()));
        }
        assertNotEquals(first.stream().map(AspectReview::tokens).toList(),
                other.stream().map(AspectReview::tokens).toList());
    }

    @Test
    void ratingsAreTenthsInTheUnitInterval() {
        for (AspectReview review : ReviewGenerator.generate(REVIEWS, 1, 0.5)) {
            assertEquals(Aspect.values().length, review.ratings().length);
            for (double rating : review.ratings()) {
                assertTrue(rating >= 0 && rating <= 1, () -> "rating " + rating);
                assertEquals(Math.round(10 * rating) / 10.0, rating, 1e-12);
            }
        }
    }

    @Test
    void eachRationaleIsTheSentenceThatNamesItsAspectFirst() {
        for (AspectReview review : ReviewGenerator.generate(REVIEWS, 2, 0.5)) {
            boolean[] covered = new boolean[review.tokens().size()];
            for (Aspect aspect : Aspect.values()) {
                List<AspectReview.Span> spans = review.rationales().get(aspect.column());
                assertEquals(1, spans.size());
                AspectReview.Span span = spans.get(0);
                List<String> sentence = review.tokens().subList(span.start(), span.end());
                assertEquals(".", sentence.get(sentence.size() - 1));
                assertEquals(1, sentence.stream().filter("."::equals).count(), () -> "one sentence: " + sentence);
                assertEquals(aspect, firstAspectNamed(sentence), () -> "subject of " + sentence);
                for (int position = span.start(); position < span.end(); position++) {
                    assertTrue(!covered[position], "rationales overlap");
                    covered[position] = true;
                }
            }
        }
    }

    @Test
    void theRationaleAloneGivesTheRatingAndNegationTurnsTheSentiment() {
        int negated = 0;
        int slots = 0;
        for (AspectReview review : ReviewGenerator.generate(REVIEWS, 3, 0.5)) {
            for (Aspect aspect : Aspect.values()) {
                AspectReview.Span span = review.rationales().get(aspect.column()).get(0);
                List<String> sentence = review.tokens().subList(span.start(), span.end());
                double sum = 0;
                int count = 0;
                for (int position = 0; position < sentence.size(); position++) {
                    int word = ReviewGenerator.SENTIMENT.indexOf(sentence.get(position));
                    if (word >= 0) {
                        boolean turned = negatorBefore(sentence, position);
                        negated += turned ? 1 : 0;
                        sum += turned ? 1 - ReviewGenerator.VALENCE[word] : ReviewGenerator.VALENCE[word];
                        count++;
                    }
                }
                slots += count;
                assertTrue(count == 1 || count == 2, () -> "slots in " + sentence);
                assertEquals(Math.round(10 * sum / count) / 10.0, review.ratings()[aspect.column()], 1e-12,
                        () -> "rating of " + sentence);
            }
        }
        // About 35 % of the slots carry a negator; 25 % rules out a generator that (almost) never negates.
        assertTrue(negated > 0.25 * slots, "negated slots: " + negated + " of " + slots);
    }

    @Test
    void coherenceMakesTheAspectsCorrelate() {
        // Sample correlations of 2000 independent pairs have a standard deviation of about 1/√2000 ≈ 0.022.
        assertTrue(Math.abs(correlation(ReviewGenerator.generate(REVIEWS, 4, 0))) < 0.1);
        assertTrue(correlation(ReviewGenerator.generate(REVIEWS, 4, 1)) > 0.5);
    }

    @Test
    void rejectsACoherenceOutsideTheUnitInterval() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ReviewGenerator.generate(1, 1, 1.5));
        assertTrue(error.getMessage().contains("1.5"), error.getMessage());
    }

    private static boolean negatorBefore(List<String> sentence, int position) {
        for (int before = Math.max(0, position - 2); before < position; before++) {
            if (ReviewGenerator.NEGATORS.contains(sentence.get(before))) {
                return true;
            }
        }
        return false;
    }

    private static Aspect firstAspectNamed(List<String> sentence) {
        for (String token : sentence) {
            for (Aspect aspect : Aspect.values()) {
                if (aspect.nouns().contains(token)) {
                    return aspect;
                }
            }
        }
        return null;
    }

    /** The correlation of the appearance and aroma ratings. */
    private static double correlation(List<AspectReview> reviews) {
        double[] x = reviews.stream().mapToDouble(review -> review.ratings()[0]).toArray();
        double[] y = reviews.stream().mapToDouble(review -> review.ratings()[1]).toArray();
        double mx = java.util.Arrays.stream(x).average().orElseThrow();
        double my = java.util.Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
