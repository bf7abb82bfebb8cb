package org.imle4j.processor.model;

/**
 * One attribute of the layer annotation, other than {@code name}, as the generated builder starts with it.
 *
 * @param attribute the attribute, e.g. {@code samples}; the builder's {@code optSamples} overrides it
 * @param value its value in the annotation, given or default
 * @param explicit whether the annotation gives it, so that the builder's constructor sets it
 */
public record Setting(String attribute, SettingValue value, boolean explicit) {}
