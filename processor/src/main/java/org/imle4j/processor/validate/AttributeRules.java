package org.imle4j.processor.validate;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import org.imle4j.annotation.Attribute;
import org.imle4j.annotation.Attribute.Range;
import org.imle4j.annotation.Noise;
import org.imle4j.processor.model.BuilderOptions;
import org.imle4j.processor.model.Setting;
import org.imle4j.processor.model.SettingValue;

/**
 * Checks the attributes of a layer annotation against the ranges of {@link Attribute}, which the runtime's builders
 * check too, so that a wrong value fails the compilation rather than the first {@code build()}, and warns about valid
 * settings that defeat themselves.
 */
final class AttributeRules {
    private final Reporter reporter;

    AttributeRules(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Reports every attribute out of range and every self-defeating setting; returns the layer's settings. */
    List<Setting> check(ExecutableElement method, LayerAnnotation annotation) {
        String subject = annotation.subject(method);
        List<Setting> settings = new ArrayList<>();
        for (LayerAnnotation.Attribute attribute : annotation.attributes()) {
            if (attribute.name().equals(LayerAnnotation.NAME)) {
                continue;
            }
            Range range = Attribute.named(attribute.name())
                    .orElseThrow(() -> new IllegalStateException(Attribute.class.getName() + " lacks attribute "
                            + attribute.name() + " of " + annotation.algorithm().annotation().simpleName()))
                    .range();
            Object value = attribute.value().getValue();
            if (attribute.explicit() && range != Range.ANY && !range.accepts(((Number) value).doubleValue())) {
                reporter.reportOnAnnotation(Diagnostic.ATTRIBUTE_RANGE, method, annotation.mirror(),
                        attribute.value(), subject, attribute.name(), value, attribute.name(), range.description());
            }
            settings.add(new Setting(attribute.name(), settingValue(value), attribute.explicit()));
        }
        warnAboutNoise(method, annotation, subject);
        String scaleGradientName = Attribute.SCALE_GRADIENT.attributeName();
        if (annotation.attributes().stream().anyMatch(a -> a.name().equals(scaleGradientName))) {
            LayerAnnotation.Attribute scaleGradient = annotation.attribute(scaleGradientName);
            if (Boolean.FALSE.equals(scaleGradient.value().getValue())) {
                reporter.reportOnAnnotation(Diagnostic.UNSCALED_GRADIENT, method, annotation.mirror(),
                        scaleGradient.value(), subject);
            }
        }
        return settings;
    }

    private void warnAboutNoise(ExecutableElement method, LayerAnnotation annotation, String subject) {
        String noise = ((VariableElement) annotation.attribute(Attribute.NOISE.attributeName()).value().getValue())
                .getSimpleName().toString();
        double temperature = ((Number) annotation.attribute(Attribute.NOISE_TEMPERATURE.attributeName()).value()
                .getValue()).doubleValue();
        boolean noNoise = noise.equals(Noise.NONE.name());
        if (noNoise || temperature == 0) {
            String noiseless = noNoise
                    ? Attribute.NOISE.attributeName() + " = " + Noise.NONE.name()
                    : Attribute.NOISE_TEMPERATURE.attributeName() + " = 0";
            for (Attribute count : List.of(Attribute.SAMPLES, Attribute.MARGINAL_SAMPLES)) {
                LayerAnnotation.Attribute samples = annotation.attribute(count.attributeName());
                int value = (Integer) samples.value().getValue();
                if (value > 1) {
                    reporter.reportOnAnnotation(Diagnostic.IDENTICAL_SAMPLES, method, annotation.mirror(),
                            samples.value(), subject, count.attributeName(), value, noiseless);
                    break;
                }
            }
        }
        for (LayerAnnotation.Attribute attribute : annotation.attributes()) {
            BuilderOptions.noisesUsing(attribute.name())
                    .filter(noises -> !noises.contains(noise))
                    .ifPresent(noises -> warnIfGiven(method, annotation, subject, attribute.name(), noise,
                            orList(noises)));
        }
    }

    /** {@code A}, {@code A or B}, {@code A, B or C}. */
    private static String orList(List<String> items) {
        int last = items.size() - 1;
        return last == 0 ? items.get(0) : String.join(", ", items.subList(0, last)) + " or " + items.get(last);
    }

    private void warnIfGiven(ExecutableElement method, LayerAnnotation annotation, String subject, String name,
            String noise, String alternative) {
        LayerAnnotation.Attribute attribute = annotation.attribute(name);
        if (attribute.explicit()) {
            reporter.reportOnAnnotation(Diagnostic.IGNORED_NOISE_PARAMETER, method, annotation.mirror(),
                    attribute.value(), subject, name, noise, alternative);
        }
    }

    private static SettingValue settingValue(Object value) {
        if (value instanceof Integer i) {
            return new SettingValue.IntValue(i);
        }
        if (value instanceof Double d) {
            return new SettingValue.DoubleValue(d);
        }
        if (value instanceof Boolean b) {
            return new SettingValue.BooleanValue(b);
        }
        if (value instanceof VariableElement constant) {
            TypeElement type = (TypeElement) constant.getEnclosingElement();
            return new SettingValue.EnumValue(ClassName.get(type), constant.getSimpleName().toString());
        }
        throw new IllegalStateException("layer annotations have no attribute of type " + value.getClass());
    }
}
