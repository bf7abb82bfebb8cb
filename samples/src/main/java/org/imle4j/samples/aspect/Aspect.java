package org.imle4j.samples.aspect;

import java.util.List;

/**
 * The five rated aspects of a BeerAdvocate review, in the column order of the aspect-rating files of Lei, Barzilay and
 * Jaakkola ("Rationalizing Neural Predictions", EMNLP 2016): appearance, aroma (their "smell"), palate, taste and
 * overall. Each has the nouns that open its sentences in the generated reviews ({@link ReviewGenerator}) and neutral
 * descriptors that carry no sentiment.
 */
public enum Aspect {
    /** Column 0. */
    APPEARANCE("appearance", List.of("appearance", "color", "head", "lacing", "pour", "look"),
            List.of("amber", "golden", "hazy", "copper", "foamy", "cloudy")),
    /** Column 1, "smell" in the files' documentation. */
    AROMA("aroma", List.of("aroma", "nose", "smell", "scent", "bouquet"),
            List.of("citrus", "pine", "caramel", "floral", "yeasty", "grassy")),
    /** Column 2. */
    PALATE("palate", List.of("palate", "mouthfeel", "body", "carbonation", "texture"),
            List.of("creamy", "crisp", "oily", "medium", "slick", "chewy")),
    /** Column 3. */
    TASTE("taste", List.of("taste", "flavor", "finish", "aftertaste"),
            List.of("malty", "bitter", "roasty", "fruity", "sweet", "toffee")),
    /** Column 4. */
    OVERALL("overall", List.of("drinkability", "impression", "experience"),
            List.of("sessionable", "typical", "classic", "seasonal", "limited", "regular"));

    private final String label;
    private final List<String> nouns;
    private final List<String> descriptors;

    Aspect(String label, List<String> nouns, List<String> descriptors) {
        this.label = label;
        this.nouns = nouns;
        this.descriptors = descriptors;
    }

    /** {@return the name in reports, e.g. {@code aroma}} */
    public String label() {
        return label;
    }

    /** {@return the column of this aspect's rating and the key of its rationale spans in the files, from 0} */
    public int column() {
        return ordinal();
    }

    /** {@return the nouns that name this aspect, the subjects of its sentences} */
    List<String> nouns() {
        return nouns;
    }

    /** {@return neutral words that describe this aspect without judging it} */
    List<String> descriptors() {
        return descriptors;
    }
}
