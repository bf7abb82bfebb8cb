package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the runtime's API apart from its plumbing: every public type lives in an API package or in
 * {@code org.imle4j.runtime.internal}, and nothing that an API type shows (public and protected members, supertypes)
 * mentions an internal type, so that plumbing cannot leak into the API unnoticed.
 */
class ApiBoundaryTest {
    /** The packages whose public types are the runtime's API, as the README's module table lists them. */
    private static final Set<String> API_PACKAGES = Set.of(
            "org.imle4j.runtime",
            "org.imle4j.runtime.autograd",
            "org.imle4j.runtime.estimator",
            "org.imle4j.runtime.exact",
            "org.imle4j.runtime.imle",
            "org.imle4j.runtime.loss",
            "org.imle4j.runtime.noise",
            "org.imle4j.runtime.solve",
            "org.imle4j.runtime.solvers");
    private static final String INTERNAL = "org.imle4j.runtime.internal";

    @Test
    void everyPublicTypeIsInAnApiPackageOrInternal() throws Exception {
        List<String> misplaced = new ArrayList<>();
        for (Class<?> type : mainClasses()) {
            String pkg = type.getPackageName();
            if (isPublic(type) && !API_PACKAGES.contains(pkg) && !pkg.equals(INTERNAL)) {
                misplaced.add(type.getName());
            }
        }
        assertEquals(List.of(), misplaced, "public types outside the API packages and " + INTERNAL);
    }

    @Test
    void noApiSignatureMentionsAnInternalType() throws Exception {
        Set<String> leaks = new TreeSet<>();
        for (Class<?> type : mainClasses()) {
            if (!isPublic(type) || type.getPackageName().equals(INTERNAL)) {
                continue;
            }
            boolean extensible = !Modifier.isFinal(type.getModifiers());
            check(type.getName() + " extends", type.getGenericSuperclass(), leaks);
            for (Type implemented : type.getGenericInterfaces()) {
                check(type.getName() + " implements", implemented, leaks);
            }
            for (Field field : type.getDeclaredFields()) {
                if (visible(field.getModifiers(), extensible)) {
                    check(type.getName() + "." + field.getName(), field.getGenericType(), leaks);
                }
            }
            for (Method method : type.getDeclaredMethods()) {
                if (!method.isSynthetic() && visible(method.getModifiers(), extensible)) {
                    check(type.getName() + "." + method.getName() + "()", method.getGenericReturnType(), leaks);
                    checkParameters(type.getName() + "." + method.getName() + "()", method, leaks);
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (visible(constructor.getModifiers(), extensible)) {
                    checkParameters(type.getName() + " constructor", constructor, leaks);
                }
            }
        }
        assertEquals(Set.of(), leaks, "API signatures that mention internal types");
    }

    @Test
    void theScanSeesBothSidesOfTheBoundary() throws Exception {
        Set<String> packages = new HashSet<>();
        for (Class<?> type : mainClasses()) {
            packages.add(type.getPackageName());
        }
        assertTrue(packages.containsAll(API_PACKAGES), "API packages found: " + packages);
        assertTrue(packages.contains(INTERNAL), "internal package found: " + packages);
    }

    /** Public members of any API type, and protected ones of a type that code outside the runtime can extend. */
    private static boolean visible(int modifiers, boolean extensible) {
        return Modifier.isPublic(modifiers) || (extensible && Modifier.isProtected(modifiers));
    }

    /** A type is public when it and every type enclosing it are. */
    private static boolean isPublic(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static void checkParameters(String where, Executable executable, Set<String> leaks) {
        for (Type parameter : executable.getGenericParameterTypes()) {
            check(where + " parameter", parameter, leaks);
        }
        for (Type thrown : executable.getGenericExceptionTypes()) {
            check(where + " throws", thrown, leaks);
        }
    }

    private static void check(String where, Type type, Set<String> leaks) {
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.getPackageName().equals(INTERNAL)) {
                leaks.add(where + ": " + c.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            check(where, p.getRawType(), leaks);
            for (Type argument : p.getActualTypeArguments()) {
                check(where, argument, leaks);
            }
        } else if (type instanceof GenericArrayType a) {
            check(where, a.getGenericComponentType(), leaks);
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                check(where, bound, leaks);
            }
            for (Type bound : w.getLowerBounds()) {
                check(where, bound, leaks);
            }
        } else if (type instanceof TypeVariable<?> v) {
            // Only the bounds' raw types: a recursive bound such as T extends Builder<T> would not end otherwise.
            for (Type bound : v.getBounds()) {
                check(where, bound instanceof ParameterizedType p ? p.getRawType() : bound, leaks);
            }
        }
    }

    /** Every class of the runtime's main output, loaded without running its static initialisers. */
    private static List<Class<?>> mainClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(SolverLayer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> names;
        try (Stream<Path> files = Files.walk(root)) {
            names = files.map(root::relativize).map(Path::toString)
                    .filter(name -> name.endsWith(".class") && !name.endsWith("package-info.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length())
                            .replace(root.getFileSystem().getSeparator(), "."))
                    .sorted().toList();
        }
        List<Class<?>> classes = new ArrayList<>();
        ClassLoader loader = ApiBoundaryTest.class.getClassLoader();
        for (String name : names) {
            Class<?> type = Class.forName(name, false, loader);
            if (!type.isAnonymousClass() && !type.isLocalClass() && !type.isSynthetic()) {
                classes.add(type);
            }
        }
        assertTrue(classes.size() > 50, "main classes found under " + root + ": " + classes.size());
        return classes;
    }
}
