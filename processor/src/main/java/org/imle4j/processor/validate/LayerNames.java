package org.imle4j.processor.validate;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;

/**
 * The generated class names of a compilation, so that two solver methods never generate the same class: each round's
 * methods claim their names, and every method whose name is claimed twice gets an error.
 */
public final class LayerNames {
    private final Elements elements;
    private final Reporter reporter;
    /** Names generated in earlier rounds, with the method that claimed each. */
    private final Map<String, ExecutableElement> earlier = new HashMap<>();
    private final Map<String, List<ExecutableElement>> claims = new LinkedHashMap<>();

    public LayerNames(Elements elements, Reporter reporter) {
        this.elements = elements;
        this.reporter = reporter;
    }

    /** Claims the class name of {@code method}, if its annotation gives a valid one. */
    public void claim(ExecutableElement method) {
        ClassName layer = LayerAnnotation.on(method, elements).get(0).layerClass(method, elements);
        if (layer != null) {
            claims.computeIfAbsent(layer.canonicalName(), name -> new ArrayList<>()).add(method);
        }
    }

    /**
     * Reports each name claimed by more than one method, on every such method of this round, and starts the next
     * round.
     *
     * @return the methods of this round whose layers must not be generated
     */
    public Set<ExecutableElement> reportClashes() {
        Set<ExecutableElement> clashing = new HashSet<>();
        claims.forEach((name, methods) -> {
            List<ExecutableElement> all = new ArrayList<>(methods);
            if (earlier.containsKey(name)) {
                all.add(0, earlier.get(name));
            }
            if (all.size() > 1) {
                for (ExecutableElement method : methods) {
                    ExecutableElement other = all.get(all.get(0) == method ? 1 : 0);
                    reporter.report(Diagnostic.DUPLICATE_LAYER, method, subject(method), name, describe(other));
                    clashing.add(method);
                }
            } else {
                earlier.put(name, methods.get(0));
            }
        });
        claims.clear();
        return clashing;
    }

    private String subject(ExecutableElement method) {
        return LayerAnnotation.on(method, elements).get(0).subject(method);
    }

    private static String describe(ExecutableElement method) {
        return "method " + method + " of " + method.getEnclosingElement();
    }
}
