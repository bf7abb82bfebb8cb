package org.imle4j.samples.aspect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The token ids of a set of reviews: {@value #PADDING} pads, {@value #UNKNOWN} stands for a word outside the
 * vocabulary, and the words follow from the most frequent, ties in alphabetical order, so the ids depend on the reviews
 * alone.
 */
final class Vocabulary {
    /** The id of the padding after a review's last token. */
    static final int PADDING = 0;
    /** The id of a word that is not in the vocabulary. */
    static final int UNKNOWN = 1;

    private final Map<String, Integer> ids = new HashMap<>();
    private final int size;

    private Vocabulary(List<String> words) {
        for (String word : words) {
            ids.put(word, ids.size() + 2);
        }
        size = words.size() + 2;
    }

    /**
     * The vocabulary of some reviews.
     *
     * @param reviews the reviews whose tokens it holds
     * @param maxSize the most ids, padding and unknown included, at least 2
     * @return the vocabulary of the {@code maxSize − 2} most frequent words
     */
    static Vocabulary of(List<AspectReview> reviews, int maxSize) {
        Map<String, Integer> counts = new HashMap<>();
        for (AspectReview review : reviews) {
            for (String token : review.tokens()) {
                counts.merge(token, 1, Integer::sum);
            }
        }
        List<String> words = new ArrayList<>(counts.keySet());
        words.sort(Comparator.comparing((String word) -> -counts.get(word)).thenComparing(Comparator.naturalOrder()));
        return new Vocabulary(words.subList(0, Math.min(words.size(), maxSize - 2)));
    }

    /** {@return the number of ids, padding and unknown included} */
    int size() {
        return size;
    }

    /**
     * The id of a token.
     *
     * @param token a word
     * @return its id, or {@link #UNKNOWN}
     */
    int id(String token) {
        return ids.getOrDefault(token, UNKNOWN);
    }

    /**
     * The ids of reviews, cut or padded to one length.
     *
     * @param reviews the reviews
     * @param length the number of positions per review
     * @return {@code [reviews][length]}: the ids of the first {@code length} tokens, then {@link #PADDING}
     */
    long[][] encode(List<AspectReview> reviews, int length) {
        long[][] encoded = new long[reviews.size()][length];
        for (int r = 0; r < encoded.length; r++) {
            List<String> tokens = reviews.get(r).tokens();
            for (int position = 0; position < Math.min(length, tokens.size()); position++) {
                encoded[r][position] = id(tokens.get(position));
            }
        }
        return encoded;
    }
}
