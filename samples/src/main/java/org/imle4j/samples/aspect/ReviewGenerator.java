package org.imle4j.samples.aspect;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated reviews with the structure of the BeerAdvocate aspect ratings (McAuley, Leskovec and Jurafsky 2012, as
 * prepared by Lei, Barzilay and Jaakkola 2016), whose corpus is no longer distributed.
 *
 * <p>A review is one sentence per {@link Aspect} and one to four distractor sentences, shuffled, with an occasional
 * interjection between sentences. An aspect sentence reads
 * <pre>
 *   [opener] the NOUN VERB SLOT [CONNECTOR SLOT] [with DESCRIPTOR [and DESCRIPTOR]] [like the OTHER-NOUN] .
 *   SLOT = [NEGATOR] [INTENSIFIER] SENTIMENT
 * </pre>
 * where NOUN names the aspect, each SENTIMENT word has a valence in [0, 1] ({@link #VALENCE}), a NEGATOR before it
 * turns valence v into 1 − v, and the aspect's rating is the mean valence of its slots rounded to a tenth, the steps
 * of the corpus' half-star ratings. The five ratings are independent. The rationale of an aspect is its sentence, up
 * to and including the full stop.
 *
 * <p>A bag of words cannot read the ratings off the review: every aspect and the distractors ("the price is not
 * bad .") draw from the same sentiment words and negators, so counts say neither which aspect a sentiment word
 * belongs to nor which word a negator turns; the clause "like the OTHER-NOUN" names another aspect inside a
 * sentence, so the aspect is the sentence's subject, not any noun it holds.
 */
public final class ReviewGenerator {
    /** The sentiment words, from worst to best; {@link #VALENCE} holds their valence. */
    static final List<String> SENTIMENT = List.of("awful", "terrible", "bad", "poor", "weak", "bland", "mediocre",
            "average", "okay", "decent", "nice", "good", "solid", "great", "excellent", "superb", "perfect");

    /** The valence of each {@link #SENTIMENT} word, in [0, 1]. */
    static final double[] VALENCE = {0.0, 0.05, 0.15, 0.2, 0.3, 0.35, 0.4, 0.5, 0.55, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9,
        0.95, 1.0};

    /** Words that turn the valence v of the sentiment word of their slot into 1 − v. */
    static final List<String> NEGATORS = List.of("not", "hardly", "never");

    private static final List<String> INTENSIFIERS = List.of("very", "really", "quite", "pretty", "rather", "fairly");
    private static final List<String> VERBS = List.of("is", "was", "seems", "feels");
    private static final List<String> CONNECTORS = List.of("and", ",", "but", "yet");
    private static final List<String> OTHER_SUBJECTS = List.of("bottle", "label", "price", "bartender", "cap",
            "service", "brewery", "store");
    private static final List<List<String>> NARRATIVES = List.of(
            List.of("i", "poured", "it", "into", "a", "pint", "glass", "."),
            List.of("picked", "this", "up", "at", "the", "store", "last", "week", "."),
            List.of("shared", "with", "a", "friend", "."),
            List.of("thanks", "to", "my", "brother", "for", "this", "one", "."),
            List.of("had", "it", "on", "tap", "at", "the", "brewery", "."),
            List.of("served", "cold", "in", "a", "tulip", "."));
    private static final List<List<String>> OPENERS = List.of(List.of("honestly", ","), List.of("i", "think"),
            List.of("to", "me", ","), List.of("at", "first"));
    private static final List<List<String>> MENTIONS = List.of(List.of("like", "the"), List.of("unlike", "the"),
            List.of("just", "like", "its"), List.of("compared", "to", "the"));
    private static final List<String> INTERJECTIONS = List.of("...", "!", "lol", "cheers", "edit", ":)");

    private static final double OPENER = 0.25;
    private static final double NEGATION = 0.35;
    private static final double INTENSIFIER = 0.4;
    private static final double SECOND_SLOT = 0.6;
    private static final double DESCRIPTION = 0.5;
    private static final double MENTION = 0.5;
    private static final double OPINION_DISTRACTOR = 0.6;
    private static final double INTERJECTION = 0.15;
    private static final int MOST_DISTRACTORS = 4;
    private static final double QUALITY_SPREAD = 0.1;

    private ReviewGenerator() {}

    /**
     * Generates reviews from {@code java.util.SplittableRandom(seed)}, one after another.
     *
     * @param count the number of reviews, at least 0
     * @param seed the seed
     * @return the reviews, with five ratings and the rationale span of each aspect; the same for the same arguments
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static List<AspectReview> generate(int count, long seed, double coherence) {
        if (count < 0) {
            throw new IllegalArgumentException("the number of generated reviews must be at least 0, but was " + count);
        }
        if (!(coherence >= 0 && coherence <= 1)) {
            throw new IllegalArgumentException("the coherence of generated reviews must be in [0, 1], but was "
                    + coherence);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<AspectReview> reviews = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            reviews.add(review(random, coherence));
        }
        return reviews;
    }

    /** A sentence, and the aspect it rates (null for a distractor) with its rating. */
    private record Sentence(List<String> tokens, Aspect aspect, double rating) {}

    private static AspectReview review(SplittableRandom random, double coherence) {
        double quality = random.nextDouble();
        List<Sentence> sentences = new ArrayList<>();
        for (Aspect aspect : Aspect.values()) {
            sentences.add(aspectSentence(aspect, random, random.nextDouble() < coherence ? quality : Double.NaN));
        }
        int distractors = 1 + random.nextInt(MOST_DISTRACTORS);
        for (int d = 0; d < distractors; d++) {
            sentences.add(random.nextDouble() < OPINION_DISTRACTOR ? opinionDistractor(random)
                    : new Sentence(pick(NARRATIVES, random), null, Double.NaN));
        }
        shuffle(sentences, random);
        List<String> tokens = new ArrayList<>();
        double[] ratings = new double[Aspect.values().length];
        List<List<AspectReview.Span>> rationales = new ArrayList<>();
        for (int a = 0; a < ratings.length; a++) {
            rationales.add(new ArrayList<>());
        }
        for (Sentence sentence : sentences) {
            if (!tokens.isEmpty() && random.nextDouble() < INTERJECTION) {
                tokens.add(pick(INTERJECTIONS, random));
            }
            if (sentence.aspect() != null) {
                ratings[sentence.aspect().column()] = sentence.rating();
                rationales.get(sentence.aspect().column()).add(new AspectReview.Span(tokens.size(),
                        tokens.size() + sentence.tokens().size()));
            }
            tokens.addAll(sentence.tokens());
        }
        return new AspectReview(tokens, ratings, rationales);
    }

    private static Sentence aspectSentence(Aspect aspect, SplittableRandom random, double quality) {
        List<String> tokens = new ArrayList<>();
        if (random.nextDouble() < OPENER) {
            tokens.addAll(pick(OPENERS, random));
        }
        tokens.add("the");
        tokens.add(pick(aspect.nouns(), random));
        double rating = opinion(tokens, random, quality);
        if (random.nextDouble() < DESCRIPTION) {
            tokens.add("with");
            tokens.add(pick(aspect.descriptors(), random));
            if (random.nextBoolean()) {
                tokens.add("and");
                tokens.add(pick(aspect.descriptors(), random));
            }
        }
        if (random.nextDouble() < MENTION) {
            Aspect other = Aspect.values()[(aspect.ordinal() + 1 + random.nextInt(Aspect.values().length - 1))
                    % Aspect.values().length];
            tokens.add(",");
            tokens.addAll(pick(MENTIONS, random));
            if (random.nextBoolean()) {
                tokens.add(pick(other.descriptors(), random));
            }
            tokens.add(pick(other.nouns(), random));
        }
        tokens.add(".");
        return new Sentence(tokens, aspect, Math.round(10 * rating) / 10.0);
    }

    private static Sentence opinionDistractor(SplittableRandom random) {
        List<String> tokens = new ArrayList<>(List.of("the", pick(OTHER_SUBJECTS, random)));
        opinion(tokens, random, Double.NaN);
        tokens.add(".");
        return new Sentence(tokens, null, Double.NaN);
    }

    /**
     * Appends VERB SLOT [CONNECTOR SLOT]; returns the mean valence of the slots, which lies near {@code quality} unless
     * that is NaN.
     */
    private static double opinion(List<String> tokens, SplittableRandom random, double quality) {
        tokens.add(pick(VERBS, random));
        double valence = slot(tokens, random, quality);
        if (random.nextDouble() >= SECOND_SLOT) {
            return valence;
        }
        tokens.add(pick(CONNECTORS, random));
        return (valence + slot(tokens, random, quality)) / 2;
    }

    /**
     * Appends [NEGATOR] [INTENSIFIER] SENTIMENT; returns its valence, turned by the negator: a uniformly chosen word
     * for a NaN {@code quality}, otherwise the word whose turned valence is nearest to the quality plus N(0, 0.1²).
     */
    private static double slot(List<String> tokens, SplittableRandom random, double quality) {
        boolean negated = random.nextDouble() < NEGATION;
        if (negated) {
            tokens.add(pick(NEGATORS, random));
        }
        if (random.nextDouble() < INTENSIFIER) {
            tokens.add(pick(INTENSIFIERS, random));
        }
        int word;
        if (Double.isNaN(quality)) {
            word = random.nextInt(SENTIMENT.size());
        } else {
            double wanted = quality + QUALITY_SPREAD * random.nextGaussian();
            word = nearest(negated ? 1 - wanted : wanted);
        }
        tokens.add(SENTIMENT.get(word));
        return negated ? 1 - VALENCE[word] : VALENCE[word];
    }

    /** The sentiment word whose valence is nearest, the worse one on a tie. */
    private static int nearest(double valence) {
        int best = 0;
        for (int word = 1; word < VALENCE.length; word++) {
            if (Math.abs(VALENCE[word] - valence) < Math.abs(VALENCE[best] - valence)) {
                best = word;
            }
        }
        return best;
    }

    private static <T> T pick(List<T> options, SplittableRandom random) {
        return options.get(random.nextInt(options.size()));
    }

    private static <T> void shuffle(List<T> items, SplittableRandom random) {
        for (int i = items.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T swap = items.get(i);
            items.set(i, items.get(j));
            items.set(j, swap);
        }
    }
}
