package org.imle4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a batch solver only reads its θ: it never changes the {@code NDArray} of the perturbed instances in
 * place (no {@code addi}, {@code muli}, {@code set}, … on it), and it may return new arrays computed from it.
 *
 * <p>Without it the generated layer hands the solver a copy of θ on every call, because the estimators solve the same
 * perturbed θ again in the backward pass and, outside training, θ is the caller's own tensor: a solver that wrote into
 * it would silently corrupt the gradient or the caller's data. With it the layer trusts the declaration and passes θ
 * itself, which saves a device copy of θ per call.
 *
 * <p>Only the first parameter, θ, of a solver that takes θ as an {@code NDArray} may carry it; a solver of one instance
 * always receives its own Java array of θ, so the annotation processor refuses it anywhere else.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface ReadOnly {}
