package org.imle4j.processor.validate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic.Kind;

/**
 * Every message of the processor, each with a stable ID that users can search for: the constant's name in
 * UpperCamelCase ({@code SOLVER_RETURN_SHAPE} is {@code [SolverReturnShape]}), so a constant keeps its name. A message
 * reads {@code [Id] <subject> <rule>; <fix>}, where the subject is usually {@code @ImleLayer method topK}; the
 * templates' first argument is that subject.
 *
 * <p>Warnings flag settings that are valid but almost certainly not what the user meant; each is silenced by
 * {@code @SuppressWarnings("imle4j")} on the method or an enclosing class. Deliberately not warned about: a
 * {@code targetNoiseTemperature} or {@code alpha} that differs from the default (a real, documented choice, even if it
 * costs S·M extra solves in the forward difference), {@code noise = NONE} with one sample (a legitimate noiseless
 * I-MLE), and {@code output = MEAN} with one sample.
 */
enum Diagnostic {
    // Errors about the annotations.
    /** Both layer annotations on one method. */
    BOTH_ANNOTATIONS(
            "%s is also annotated @AimleLayer, but a method becomes one layer; keep either @ImleLayer or @AimleLayer"),
    /** An attribute outside the range the runtime accepts. */
    ATTRIBUTE_RANGE("%s sets %s = %s, but %s must be %s; change the value"),
    /** A {@code name} that is not a class name. */
    LAYER_NAME(
            "%s sets name = \"%s\", but the name of the generated class must be a Java identifier and not a keyword;"
                    + " use a name such as \"%s\", or leave name out for the default"),
    /** The generated class would replace a type that already exists. */
    LAYER_NAME_TAKEN(
            "%s would generate %s, but a type of that name already exists; set name on the annotation to choose"
                    + " another class name"),
    /** Two methods would generate the same class. */
    DUPLICATE_LAYER("%s would generate %s, as %s does; %s"),

    // Errors about the method and its class.
    /** A private solver, which the generated class cannot call. */
    PRIVATE_SOLVER(
            "%s is private, but the generated layer calls it from another class of the package; make it"
                    + " package-private or public"),
    /** A generic solver, whose type arguments the generated code cannot choose. */
    GENERIC_SOLVER(
            "%s declares type parameters, but the generated layer cannot choose their type arguments; use concrete"
                    + " types"),
    /** A method of a local or anonymous class, which javac does not show to processors. */
    LOCAL_SOLVER(
            "%s is declared in %s, which no other class can name, so no layer is generated for it; move the method"
                    + " to a top-level class or a static member class"),
    /** The method's class cannot be named from the generated class. */
    UNREACHABLE_OWNER("%s is declared in %s, which the generated layer in package %s cannot reach; %s"),
    /** Throws something that is not an Exception. */
    SOLVER_THROWS(
            "%s declares throws %s, but a solver may throw exceptions only, not other Throwables; declare an"
                    + " Exception subclass instead"),
    /** A type of the signature that javac could not resolve, reported in the last round. */
    UNRESOLVED_TYPE(
            "%s uses type %s in %s, which cannot be resolved, so no layer is generated; fix the import or add the"
                    + " dependency that provides it"),

    // Errors about the signature.
    /** A first parameter that is not θ of an accepted type. */
    THETA_TYPE(
            "%s %s, but its first parameter is θ, of type float[], double[], float[][] or double[][] (one"
                    + " instance) or NDArray (all instances of a batch); %s"),
    /** An array solver's return type. */
    SOLVER_RETURN_SHAPE(
            "%s returns %s, but a solver must return an array of the same rank as its first parameter (%s); return"
                    + " %s"),
    /** A batch solver's return type. */
    BATCH_RETURN_TYPE(
            "%s takes θ as NDArray and returns %s, but a batch solver returns the solutions of all instances as one"
                    + " NDArray; return NDArray, or take θ as a Java array to solve one instance per call"),
    /** A configuration parameter that cannot be a builder property. */
    CONFIGURATION_TYPE("%s has parameter %s of type %s, which cannot be a builder property because %s; %s"),
    /** Two setters of one name, or a setter that a builder already has. */
    SETTER_CLASH("%s has parameter %s, whose builder setter %s %s; rename the parameter"),
    /** A property named like an option or method that every builder has. */
    RESERVED_PROPERTY_NAME("%s has parameter %s, whose builder setter %s would sit next to %s; rename the parameter"),
    /** An {@code @Input} parameter of a type the runtime cannot fill. */
    INPUT_TYPE("%s has @Input parameter %s of type %s, but %s; %s"),
    /** {@code @ReadOnly} anywhere but on θ of a batch solver. */
    READ_ONLY_PLACEMENT(
            "%s annotates %s with @ReadOnly, but only θ of a batch solver (its first parameter, an NDArray) can be"
                    + " declared read-only: %s; remove @ReadOnly"),

    // Errors about the build.
    /** DJL is not on the class path. */
    DJL_MISSING(
            "%s cannot become a layer because ai.djl.ndarray.NDArray cannot be resolved, and generated layers are"
                    + " DJL blocks; add the dependency ai.djl:api (org.imle4j:imle4j-runtime brings it)"),
    /** The Filer refused the generated file. */
    WRITE_FAILED("%s: could not write the generated %s: %s; check that no other tool generates a file of that name"),
    /** A bug of the processor. */
    INTERNAL_ERROR(
            "internal error of the imle4j processor while processing %s: %s; please report it with this"
                    + " message\n%s"),

    // Warnings.
    /** Noiseless samples are all the same solution, each costing a solver call. */
    IDENTICAL_SAMPLES(Kind.WARNING,
            "%s sets %s = %d with %s, so every sample is the same solution and costs a solver call; use noise,"
                    + " or samples = 1 and marginalSamples = 1"),
    /** I-MLE without the division by λ. */
    UNSCALED_GRADIENT(Kind.WARNING,
            "%s sets scaleGradient = false, so the gradient's scale changes with lambda and a learning rate tuned"
                    + " for one lambda fails for another; keep the default true"),
    /** A noise parameter that the chosen noise does not use. */
    IGNORED_NOISE_PARAMETER(Kind.WARNING,
            "%s sets %s, which has no effect with noise = %s; remove it, or choose noise = %s");

    private final Kind kind;
    private final String id;
    private final String template;

    /** An error. */
    Diagnostic(String template) {
        this(Kind.ERROR, template);
    }

    Diagnostic(Kind kind, String template) {
        this.kind = kind;
        this.id = Arrays.stream(name().split("_"))
                .map(word -> word.charAt(0) + word.substring(1).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining());
        this.template = template;
    }

    Kind kind() {
        return kind;
    }

    /** A warning ends by saying how to silence it. */
    String format(Object... args) {
        String message = "[" + id + "] " + String.format(Locale.ROOT, template, args);
        return kind == Kind.WARNING
                ? message + " (@SuppressWarnings(\"" + Reporter.SUPPRESSION + "\") silences this)"
                : message;
    }
}
