package org.imle4j.samples.aspect;

import java.util.List;

/**
 * One review as the aspect-rating data hold it: its tokens, the ratings of the five {@link Aspect}s in [0, 1], and for
 * each aspect the token spans a human (or, for generated reviews, the generator) marked as the rationale of its
 * rating; a review without annotations has empty span lists.
 *
 * @param tokens the review's tokens, lower case, punctuation as tokens of its own
 * @param ratings the ratings, one per aspect in {@link Aspect} order (the files may hold fewer or more columns)
 * @param rationales per aspect column, the spans of the tokens that justify its rating
 */
public record AspectReview(List<String> tokens, double[] ratings, List<List<Span>> rationales) {
    /**
     * A half-open span of token positions, {@code [start, end)}, as in the annotation files.
     *
     * @param start the first position, from 0
     * @param end one past the last position
     */
    public record Span(int start, int end) {
        /**
         * Checks the span.
         *
         * @throws IllegalArgumentException if {@code start} is negative or {@code end} is below {@code start}
         */
        public Span {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("a rationale span must have 0 ≤ start ≤ end, but was [" + start
                        + ", " + end + ")");
            }
        }
    }

    /** Copies the lists and the ratings, so that the review cannot change under its users. */
    public AspectReview {
        tokens = List.copyOf(tokens);
        ratings = ratings.clone();
        rationales = rationales.stream().map(List::copyOf).toList();
    }

    /**
     * Whether a token lies in the rationale of an aspect.
     *
     * @param column the aspect's column
     * @return per token position, whether a span of that aspect covers it; all false without annotations
     */
    public boolean[] rationaleMask(int column) {
        boolean[] mask = new boolean[tokens.size()];
        if (column < rationales.size()) {
            for (Span span : rationales.get(column)) {
                for (int position = span.start(); position < Math.min(span.end(), mask.length); position++) {
                    mask[position] = true;
                }
            }
        }
        return mask;
    }

    /** {@return a copy of the ratings} */
    @Override
    public double[] ratings() {
        return ratings.clone();
    }
}
