package org.imle4j.samples.aspect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ridge baseline recovers a rating that is linear in the word counts. */
class BagOfWordsTest {
    private static final int VOCABULARY = 12;

    @Test
    void fitsRatingsLinearInTheCounts() {
        Random random = new Random(1);
        long[][] ids = ids(400, random);
        double[] ratings = new double[ids.length];
        for (int r = 0; r < ids.length; r++) {
            ratings[r] = 0.2;
            for (long id : ids[r]) {
                ratings[r] += id == 5 ? 0.1 : id == 7 ? -0.05 : 0;
            }
        }
        // The smallest penalty, 0.01 against counts summed over 400 reviews, shrinks the weights by well under 0.1 %.
        double error = BagOfWords.fit(ids, ratings, VOCABULARY).meanSquaredError(ids, ratings);
        assertTrue(error < 1e-6, "squared error " + error);
    }

    private static long[][] ids(int reviews, Random random) {
        long[][] ids = new long[reviews][10];
        for (long[] review : ids) {
            int length = 5 + random.nextInt(6);
            for (int position = 0; position < length; position++) {
                review[position] = 1 + random.nextInt(VOCABULARY - 1);
            }
        }
        return ids;
    }
}
