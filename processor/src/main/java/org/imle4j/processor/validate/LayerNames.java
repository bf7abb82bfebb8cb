package org.imle4j.processor.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import org.imle4j.processor.model.JavaNames;
import org.imle4j.processor.model.LayerModel;

/**
 * The generated class names of a compilation, so that two solver methods never generate the same class: each round's
 * valid methods claim their names, and every method whose name is claimed twice gets an error. Methods with errors
 * claim nothing, so that a clash is never reported on top of the errors that already keep a method from its layer.
 */
public final class LayerNames {
    private final Reporter reporter;
    /** Names generated in earlier rounds, with the model that claimed each. */
    private final Map<String, LayerModel> earlier = new HashMap<>();
    private final Map<String, List<LayerModel>> claims = new LinkedHashMap<>();

    /**
     * Creates the registry of one compilation.
     *
     * @param reporter where clashes are reported
     */
    public LayerNames(Reporter reporter) {
        this.reporter = reporter;
    }

    /**
     * Claims the class name of a valid method's layer.
     *
     * @param model the model of the method, which has no errors
     */
    public void claim(LayerModel model) {
        claims.computeIfAbsent(model.layer().canonicalName(), name -> new ArrayList<>()).add(model);
    }

    /**
     * Reports each name claimed by more than one method, on every such method of this round, and starts the next
     * round.
     *
     * @return the methods of this round whose layers must not be generated
     */
    public Set<ExecutableElement> reportClashes() {
        Set<ExecutableElement> clashing = new HashSet<>();
        claims.forEach((name, models) -> {
            List<LayerModel> all = new ArrayList<>(models);
            if (earlier.containsKey(name)) {
                all.add(0, earlier.get(name));
            }
            if (all.size() > 1) {
                for (LayerModel model : models) {
                    LayerModel other = all.get(all.get(0) == model ? 1 : 0);
                    reporter.report(Diagnostic.DUPLICATE_LAYER, model.method(), describe(model), name,
                            describe(other), fix(model, other));
                    clashing.add(model.method());
                }
            } else {
                earlier.put(name, models.get(0));
            }
        });
        claims.clear();
        return clashing;
    }

    /** {@code @ImleLayer method solve(float[]) of com.example.Paths}. */
    private static String describe(LayerModel model) {
        return "@" + model.algorithm().annotation().simpleName() + " method " + model.method() + " of "
                + model.method().getEnclosingElement();
    }

    /**
     * A name that keeps the layers of solvers in different classes apart: the class's name before the default, e.g.
     * {@code PathsSolveLayer}. Overloads in one class share that name, so the user must choose.
     */
    private static String fix(LayerModel model, LayerModel other) {
        TypeElement owner = (TypeElement) model.method().getEnclosingElement();
        if (owner.equals(other.method().getEnclosingElement())) {
            return "set name = \"…\" on one of the two annotations to give its layer a class name of its own";
        }
        String suggestion = String.join("", model.owner().simpleNames())
                + JavaNames.defaultLayerName(model.methodName());
        return "set name = \"" + suggestion + "\" on this annotation, or another name on one of the two, so that"
                + " each layer has a class of its own";
    }
}
