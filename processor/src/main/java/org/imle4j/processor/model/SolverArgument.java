package org.imle4j.processor.model;

import com.palantir.javapoet.TypeName;

/** What the generated layer passes for one solver parameter after θ. */
public sealed interface SolverArgument {
    /** {@return the parameter's name in the solver method} */
    String name();

    /** {@return the parameter's erased type, as Javadoc links name it} */
    TypeName erasure();

    /**
     * A configuration value, fixed when the layer is built: a required builder property {@code setX}.
     *
     * @param name the parameter's name, also the property's
     * @param type the parameter's type
     * @param erasure its erasure
     */
    record Configuration(String name, TypeName type, TypeName erasure) implements SolverArgument {}

    /**
     * The instance's slice of an extra block input.
     *
     * @param name the parameter's name
     * @param kind how the slice is read
     * @param index which extra input, counting the {@code @Input} parameters from 0 in declaration order
     */
    record ExtraInput(String name, InputKind kind, int index) implements SolverArgument {
        @Override
        public TypeName erasure() {
            return kind.type();
        }
    }
}
