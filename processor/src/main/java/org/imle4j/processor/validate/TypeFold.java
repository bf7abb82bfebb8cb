package org.imle4j.processor.validate;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.SimpleTypeVisitor14;

/**
 * The one recursion over the parts of a type that a signature can spell: an array's component, a class's type
 * arguments and a wildcard's bound. A subclass says what each kind of type makes of what its parts made; every other
 * type (primitive, type variable, unresolved, …) is a leaf, given to {@link #defaultAction}. Checks that look for one
 * kind of part use {@link #parts}.
 *
 * @param <R> what a type folds into
 */
abstract class TypeFold<R> extends SimpleTypeVisitor14<R, Void> {
    /** A type followed by its parts, depth first. */
    private static final TypeFold<Stream<TypeMirror>> PARTS = new TypeFold<>() {
        @Override
        Stream<TypeMirror> array(ArrayType type, Stream<TypeMirror> component) {
            return Stream.concat(Stream.of(type), component);
        }

        @Override
        Stream<TypeMirror> declared(DeclaredType type, List<Stream<TypeMirror>> arguments) {
            return Stream.concat(Stream.of(type), arguments.stream().flatMap(argument -> argument));
        }

        @Override
        Stream<TypeMirror> wildcard(WildcardType type, Optional<Stream<TypeMirror>> extendsBound,
                Optional<Stream<TypeMirror>> superBound) {
            return Stream.concat(Stream.of(type), Stream.concat(extendsBound.stream(), superBound.stream())
                    .flatMap(bound -> bound));
        }

        @Override
        protected Stream<TypeMirror> defaultAction(TypeMirror type, Void unused) {
            return Stream.of(type);
        }
    };

    /**
     * {@return {@code type} and, depth first, every type it is made of}: {@code Map<String, int[]>[]} gives the
     * array, {@code Map<String, int[]>}, {@code String}, {@code int[]} and {@code int}.
     */
    static Stream<TypeMirror> parts(TypeMirror type) {
        return PARTS.fold(type);
    }

    /** {@return what {@code type} folds into} */
    final R fold(TypeMirror type) {
        return visit(type);
    }

    /** {@return what an array type makes of what its component folded into} */
    abstract R array(ArrayType type, R component);

    /** {@return what a class or interface type makes of what its type arguments folded into, in order} */
    abstract R declared(DeclaredType type, List<R> arguments);

    /** {@return what a wildcard makes of what its bound, if it has one, folded into} */
    abstract R wildcard(WildcardType type, Optional<R> extendsBound, Optional<R> superBound);

    @Override
    public final R visitArray(ArrayType type, Void unused) {
        return array(type, fold(type.getComponentType()));
    }

    @Override
    public final R visitDeclared(DeclaredType type, Void unused) {
        return declared(type, type.getTypeArguments().stream().map(this::fold).toList());
    }

    @Override
    public final R visitWildcard(WildcardType type, Void unused) {
        return wildcard(type, Optional.ofNullable(type.getExtendsBound()).map(this::fold),
                Optional.ofNullable(type.getSuperBound()).map(this::fold));
    }
}
