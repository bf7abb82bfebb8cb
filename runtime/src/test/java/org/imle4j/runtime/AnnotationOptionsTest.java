package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.imle4j.annotation.AimleLayer;
import org.imle4j.annotation.ImleLayer;
import org.junit.jupiter.api.Test;

/**
 * Every layer-annotation attribute has its {@code optX} on the builder, taking the attribute's type: the processor
 * passes explicit attributes to them by name.
 */
class AnnotationOptionsTest {

    private static void assertOptionsFor(Class<?> annotation, Class<?> builder) {
        for (Method attribute : annotation.getDeclaredMethods()) {
            if (attribute.getName().equals("name")) {
                continue;
            }
            String option = "opt" + Character.toUpperCase(attribute.getName().charAt(0))
                    + attribute.getName().substring(1);
            Method setter = assertDoesNotThrow(() -> builder.getMethod(option, attribute.getReturnType()),
                    builder.getSimpleName() + " lacks " + option + "(" + attribute.getReturnType() + ")");
            assertEquals(Modifier.PUBLIC, setter.getModifiers() & Modifier.PUBLIC, option);
        }
    }

    @Test
    void imleLayerAttributesHaveBuilderOptions() {
        assertOptionsFor(ImleLayer.class, ImleBuilder.class);
    }

    @Test
    void aimleLayerAttributesHaveBuilderOptions() {
        assertOptionsFor(AimleLayer.class, AimleBuilder.class);
    }
}
