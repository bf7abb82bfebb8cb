package org.imle4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a block class that the imle4j annotation processor generated from a solver method. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface GeneratedLayer {
    /** {@return the solver method, as {@code owner.Class#method}} */
    String value();
}
