package org.imle4j.processor.model;

/** How the generated code derives names from the user's: one rule, shared by the validator and the generator. */
public final class JavaNames {
    /** The builder property that holds the object an instance solver is called on. */
    public static final String SOLVER_PROPERTY = "solver";

    private JavaNames() {}

    /**
     * {@code topK} to {@code TopK}.
     *
     * @param name a Java name
     * @return the name with its first letter in upper case
     */
    public static String capitalise(String name) {
        int first = name.codePointAt(0);
        return new StringBuilder().appendCodePoint(Character.toUpperCase(first))
                .append(name, Character.charCount(first), name.length())
                .toString();
    }

    /**
     * The builder's setter of a required property.
     *
     * @param property the property, e.g. {@code k}
     * @return its setter, e.g. {@code setK}
     */
    public static String setter(String property) {
        return "set" + capitalise(property);
    }

    /**
     * The builder's method that overrides an annotation attribute or sets a builder-only option.
     *
     * @param attribute the attribute or option, e.g. {@code samples}
     * @return its builder method, e.g. {@code optSamples}
     */
    public static String option(String attribute) {
        return "opt" + capitalise(attribute);
    }

    /**
     * The default simple name of the layer of a solver method.
     *
     * @param methodName the solver method, e.g. {@code topK}
     * @return the layer's simple name, e.g. {@code TopKLayer}
     */
    public static String defaultLayerName(String methodName) {
        return capitalise(methodName) + "Layer";
    }
}
