package org.imle4j.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a solver parameter that receives, for each instance, its slice of an additional block input.
 *
 * <p>The generated layer then takes {@code NDList(θ, input₁, …)}: the i-th {@code @Input} parameter of the solver
 * receives row b of the i-th extra input when instance b (or one of its samples) is solved. Scalar parameters
 * ({@code int}, {@code long}, {@code float}, {@code double}, {@code boolean}) take one value per instance; array
 * parameters take the instance's row. For a batch ({@code NDArray}) solver the parameter is an {@code NDArray}
 * holding the rows of all perturbed instances, aligned with θ.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface Input {}
