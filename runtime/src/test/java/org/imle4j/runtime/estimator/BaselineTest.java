package org.imle4j.runtime.estimator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.imle4j.runtime.testing.ManagedTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each baseline's values on hand-computed rewards, and the moving average's state across a checkpoint. */
class BaselineTest extends ManagedTest {
    private NDArray phi;

    @BeforeEach
    void open() {
        phi = manager.zeros(new Shape(2, 3));
    }

    @Test
    void noBaselineIsZero() {
        assertArrayEquals(new double[] {0, 0}, Baseline.none().baselines(phi, rewards(1, 2, 3, 4)).toDoubleArray());
    }

    @Test
    void leaveOneOutAveragesTheOtherSamplesOfTheSameExample() {
        NDArray rewards = manager.create(new double[][] {{1, 2, 3, 6}, {-4, 0, 4, 8}});
        double[] expected = {11 / 3.0, 10 / 3.0, 3, 2, 4, 8 / 3.0, 4 / 3.0, 0};
        assertArrayEquals(expected, Baseline.leaveOneOut().baselines(phi, rewards).toDoubleArray(), 1e-12);
    }

    @Test
    void leaveOneOutNeedsTwoSamples() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Baseline.leaveOneOut().baselines(phi, manager.create(new double[][] {{1}, {2}})));
        assertEquals("the leave-one-out baseline averages the other samples of an example, so it needs at least 2 "
                + "samples per example, but got 1", error.getMessage());
    }

    @Test
    void movingAverageAnswersThePreviousStateThenAbsorbsTheMeanReward() {
        Baseline baseline = Baseline.movingAverage(0.75);
        assertArrayEquals(new double[] {0, 0}, baseline.baselines(phi, rewards(2, 6, 4, 4)).toDoubleArray());
        // b = 0.75·0 + 0.25·4 = 1
        assertArrayEquals(new double[] {1, 1}, baseline.baselines(phi, rewards(8, 8, 8, 8)).toDoubleArray());
        // b = 0.75·1 + 0.25·8 = 2.75
        assertArrayEquals(new double[] {2.75, 2.75}, baseline.baselines(phi, rewards(0, 0, 0, 0)).toDoubleArray());
    }

    @Test
    void movingAverageSurvivesACheckpointOfItsEstimator() throws IOException {
        ScoreFunctionEstimator trained = new ScoreFunctionEstimator(ExponentialFamily.bernoulli(),
                Baseline.movingAverage(0.5));
        trained.baseline().baselines(phi, rewards(10, 10, 10, 10));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trained.saveState(new DataOutputStream(bytes));

        ScoreFunctionEstimator restored = new ScoreFunctionEstimator(ExponentialFamily.bernoulli(),
                Baseline.movingAverage(0.5));
        restored.loadState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertArrayEquals(new double[] {5, 5}, restored.baseline().baselines(phi, rewards(0, 0, 0, 0)).toDoubleArray());
    }

    @Test
    void movingAverageRejectsDecaysOutsideTheUnitInterval() {
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> Baseline.movingAverage(1.0));
        assertEquals("decay of the moving-average baseline must be in [0, 1), but was 1.0", one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Baseline.movingAverage(-0.1));
    }

    @Test
    void learnedBaselineIsTheUsersFunctionOfPhiAndRewards() {
        Baseline perExample = Baseline.learned((phi, rewards) -> rewards.max(new int[] {1}, true));
        assertArrayEquals(new double[] {2, 4}, perExample.baselines(phi, rewards(1, 2, 3, 4)).toDoubleArray());
        Baseline perSample = Baseline.learned((phi, rewards) -> rewards.neg());
        assertArrayEquals(new double[] {-1, -2, -3, -4},
                perSample.baselines(phi, rewards(1, 2, 3, 4)).toDoubleArray());
    }

    @Test
    void learnedBaselineOfTheWrongShapeIsRejected() {
        Baseline flat = Baseline.learned((phi, rewards) -> rewards.flatten());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> flat.baselines(phi, rewards(1, 2, 3, 4)));
        assertEquals("the learned baseline must return [B, S] = (2, 2) or [B, 1], but returned (4)",
                error.getMessage());
    }

    /** Rewards {@code [2, 2]}: two samples for each of two examples. */
    private NDArray rewards(double first, double second, double third, double fourth) {
        return manager.create(new double[][] {{first, second}, {third, fourth}});
    }
}
