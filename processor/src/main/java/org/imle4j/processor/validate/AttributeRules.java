package org.imle4j.processor.validate;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import org.imle4j.processor.model.BuilderOptions;
import org.imle4j.processor.model.Setting;
import org.imle4j.processor.model.SettingValue;
import org.imle4j.processor.validate.LayerAnnotation.Attribute;

/**
 * Checks the attributes of a layer annotation against the ranges the runtime's builders accept, so that a wrong value
 * fails the compilation rather than the first {@code build()}, and warns about valid settings that defeat themselves.
 */
final class AttributeRules {
    /** What an attribute's value must be; the runtime's {@code validate()} methods check the same. */
    private enum Range {
        AT_LEAST_ONE("at least 1", v -> v >= 1),
        AT_LEAST_ZERO("at least 0", v -> v >= 0),
        POSITIVE("positive and finite", v -> v > 0 && Double.isFinite(v)),
        NON_NEGATIVE("non-negative and finite", v -> v >= 0 && Double.isFinite(v)),
        UNIT_INTERVAL("in [0, 1)", v -> v >= 0 && v < 1),
        FINITE("finite", Double::isFinite);

        private final String description;
        private final DoublePredicate accepts;

        Range(String description, DoublePredicate accepts) {
            this.description = description;
            this.accepts = accepts;
        }
    }

    private static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("samples", Range.AT_LEAST_ONE),
            Map.entry("marginalSamples", Range.AT_LEAST_ONE),
            Map.entry("sumOfGammaIterations", Range.AT_LEAST_ONE),
            Map.entry("solverTimeoutMillis", Range.AT_LEAST_ZERO),
            Map.entry("sumOfGammaK", Range.POSITIVE),
            Map.entry("lambda", Range.POSITIVE),
            Map.entry("noiseTemperature", Range.NON_NEGATIVE),
            Map.entry("targetNoiseTemperature", Range.NON_NEGATIVE),
            Map.entry("initialBeta", Range.NON_NEGATIVE),
            Map.entry("betaUpdateStep", Range.NON_NEGATIVE),
            Map.entry("targetNorm", Range.NON_NEGATIVE),
            Map.entry("betaUpdateMomentum", Range.UNIT_INTERVAL),
            Map.entry("gradNormDecay", Range.UNIT_INTERVAL),
            Map.entry("alpha", Range.FINITE),
            Map.entry("initialAlpha", Range.FINITE));

    private static final String NONE = "NONE";

    private final Reporter reporter;

    AttributeRules(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Reports every attribute out of range and every self-defeating setting; returns the layer's settings. */
    List<Setting> check(ExecutableElement method, LayerAnnotation annotation) {
        String subject = annotation.subject(method);
        List<Setting> settings = new ArrayList<>();
        for (Attribute attribute : annotation.attributes()) {
            if (attribute.name().equals(LayerAnnotation.NAME)) {
                continue;
            }
            Range range = RANGES.get(attribute.name());
            Object value = attribute.value().getValue();
            if (attribute.explicit() && range != null && !range.accepts.test(((Number) value).doubleValue())) {
                reporter.reportOnAnnotation(Diagnostic.ATTRIBUTE_RANGE, method, annotation.mirror(),
                        attribute.value(), subject, attribute.name(), value, attribute.name(), range.description);
            }
            settings.add(new Setting(attribute.name(), settingValue(value), attribute.explicit()));
        }
        warnAboutNoise(method, annotation, subject);
        if (annotation.attributes().stream().anyMatch(a -> a.name().equals("scaleGradient"))) {
            Attribute scaleGradient = annotation.attribute("scaleGradient");
            if (Boolean.FALSE.equals(scaleGradient.value().getValue())) {
                reporter.reportOnAnnotation(Diagnostic.UNSCALED_GRADIENT, method, annotation.mirror(),
                        scaleGradient.value(), subject);
            }
        }
        return settings;
    }

    private void warnAboutNoise(ExecutableElement method, LayerAnnotation annotation, String subject) {
        String noise = ((VariableElement) annotation.attribute("noise").value().getValue()).getSimpleName().toString();
        double temperature = ((Number) annotation.attribute("noiseTemperature").value().getValue()).doubleValue();
        if (noise.equals(NONE) || temperature == 0) {
            String noiseless = noise.equals(NONE) ? "noise = NONE" : "noiseTemperature = 0";
            for (String count : List.of("samples", "marginalSamples")) {
                Attribute samples = annotation.attribute(count);
                int value = (Integer) samples.value().getValue();
                if (value > 1) {
                    reporter.reportOnAnnotation(Diagnostic.IDENTICAL_SAMPLES, method, annotation.mirror(),
                            samples.value(), subject, count, value, noiseless);
                    break;
                }
            }
        }
        for (Attribute attribute : annotation.attributes()) {
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
        Attribute attribute = annotation.attribute(name);
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
