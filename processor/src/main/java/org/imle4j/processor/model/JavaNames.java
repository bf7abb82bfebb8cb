package org.imle4j.processor.model;

/** How the generated code derives names from the user's: one rule, shared by the validator and the generator. */
public final class JavaNames {
    /** The builder property that holds the object an instance solver is called on. */
    public static final String SOLVER_PROPERTY = "solver";

    private JavaNames() {}

    /** {@code topK} to {@code TopK}. */
    public static String capitalise(String name) {
        int first = name.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
                .append(name, Character.charCount(first), name.length())
                .toString();
    }

    /** The builder's setter of a required property, e.g. {@code setK}. */
    public static String setter(String property) {
        return "set" + capitalise(property);
    }

    /** The builder's method that overrides an annotation attribute, e.g. {@code optSamples}. */
    public static String option(String attribute) {
        return "opt" + capitalise(attribute);
    }

    /** The default simple name of the layer of a solver method, e.g. {@code TopKLayer}. */
    public static String defaultLayerName(String methodName) {
        return capitalise(methodName) + "Layer";
    }
}
