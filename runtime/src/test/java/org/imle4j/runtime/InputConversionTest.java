package org.imle4j.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.imle4j.runtime.solve.ArraySolvers;
import org.imle4j.runtime.solve.InstanceSolver;
import org.imle4j.runtime.solve.SolverException;
import org.imle4j.runtime.solve.SolverIdentity;
import org.imle4j.runtime.solvers.TopK;
import org.imle4j.runtime.testing.ManagedTest;
import org.imle4j.runtime.testing.TestLayer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What an {@code @Input} parameter receives: any data type, shape [B] or [B, 1], integral values for integers. */
class InputConversionTest extends ManagedTest {
    private static final SolverIdentity IDENTITY = TestLayer.IDENTITY;

    private NDArray theta;

    @BeforeEach
    void open() {
        theta = manager.create(new float[] {1, 2, 3, 4, 8, 7, 6, 5, 9, 12, 10, 11}).reshape(3, 4);
    }

    private static TestLayer withInput(InstanceSolver<float[]> solver) {
        return TestLayer.imle(ArraySolvers.floatVector(solver, IDENTITY, 1), 1, 1).build();
    }

    private NDArray infer(TestLayer layer, NDArray input) {
        return Layers.run(layer, false, new NDList(theta, input));
    }

    @Test
    void integralValuesOfAnyDataTypeAndShapeBOrBByOneReachAnIntParameter() {
        TestLayer layer = withInput((t, i) -> TopK.indicator(t, i.intInput(0)));
        for (DataType type : List.of(DataType.INT32, DataType.INT64, DataType.FLOAT32, DataType.FLOAT64,
                DataType.UINT8)) {
            for (Shape shape : List.of(new Shape(3), new Shape(3, 1))) {
                NDArray budgets = manager.create(new float[] {1, 3, 2}).reshape(shape).toType(type, false);
                assertArrayEquals(new float[] {1, 3, 2}, infer(layer, budgets).sum(new int[] {1}).toFloatArray(),
                        type + " " + shape);
            }
        }
    }

    @Test
    void aFractionForAnIntParameterNamesLayerMethodInstanceAndValue() {
        TestLayer layer = withInput((t, i) -> TopK.indicator(t, i.intInput(0)));
        NDArray budgets = manager.create(new double[] {1, 1.9, 2});
        SolverException error = assertThrows(SolverException.class, () -> infer(layer, budgets));
        assertEquals(IDENTITY.describe() + ", instance 1: extra input 0 (an @Input int parameter) holds 1.9 for "
                + "example 1, which is not an integer; give integral values (of any data type) or declare the "
                + "parameter floating point", error.getMessage());
        assertEquals(1, error.getInstance());
    }

    @Test
    void valuesOutOfTheIntegersRangeAreRefused() {
        TestLayer layer = withInput((t, i) -> TopK.indicator(t, i.intInput(0)));
        SolverException error = assertThrows(SolverException.class,
                () -> infer(layer, manager.create(new double[] {1, 2, 3e9})));
        assertTrue(error.getMessage().contains("holds 3.0E9 for example 2, which is not within the range of int"),
                error.getMessage());
        TestLayer longs = withInput((t, i) -> TopK.indicator(t, (int) (i.longInput(0) - 3_000_000_000L)));
        assertArrayEquals(new float[] {1, 1, 1}, infer(longs, manager.create(new double[] {3e9 + 1, 3e9 + 1,
                3e9 + 1})).sum(new int[] {1}).toFloatArray());
    }

    @Test
    void arrayParametersAreCheckedValueByValue() {
        TestLayer layer = withInput((t, i) -> {
            int[] picks = i.intArrayInput(0);
            int[] z = new int[t.length];
            for (int pick : picks) {
                z[pick] = 1;
            }
            return z;
        });
        NDArray fine = manager.create(new float[] {0, 1, 2, 3, 1, 2}).reshape(3, 2);
        assertArrayEquals(new float[] {1, 1, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0}, infer(layer, fine).toFloatArray());
        NDArray fractional = manager.create(new float[] {0, 1, 2, 3, 1, 2.5f}).reshape(3, 2);
        SolverException error = assertThrows(SolverException.class, () -> infer(layer, fractional));
        assertTrue(error.getMessage().contains("instance 2: extra input 0 (an @Input int[] parameter) holds 2.5 at "
                + "index 1 for example 2, which is not an integer"), error.getMessage());
    }

    @Test
    void floatingParametersTakeFractions() {
        TestLayer layer = withInput((t, i) -> {
            int[] z = new int[t.length];
            z[0] = i.doubleInput(0) > 1.5 ? 1 : 0;
            return z;
        });
        NDArray z = infer(layer, manager.create(new float[] {1.4f, 1.6f, 1.9f}).reshape(3, 1));
        assertArrayEquals(new float[] {0, 1, 1}, z.get(":, 0").toFloatArray());
    }

    @Test
    void aScalarParameterRefusesARowOfSeveralValues() {
        TestLayer layer = withInput((t, i) -> TopK.indicator(t, i.intInput(0)));
        SolverException error = assertThrows(SolverException.class,
                () -> infer(layer, manager.ones(new Shape(3, 2))));
        assertTrue(error.getMessage().startsWith(IDENTITY.describe() + ", instance 0: extra input 0 has 2 values per "
                + "example; a scalar parameter needs exactly 1 (an input of shape [B] or [B, 1])"), error.getMessage());
    }
}
