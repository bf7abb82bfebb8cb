package org.imle4j.runtime.autograd;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import java.lang.reflect.Field;

/**
 * A DJL {@link Trainer} for models with solver layers: its gradient collectors back-propagate through them, and the
 * layers' estimators record their diagnostics (λ, β, share of non-zero gradient entries, solver time) in the
 * trainer's {@code Metrics} when it has some ({@code trainer.setMetrics(new Metrics())}).
 *
 * <pre>{@code
 * try (Trainer trainer = new ImleTrainer(model, config)) {
 *     trainer.initialize(new Shape(batchSize, features));
 *     EasyTrain.fit(trainer, epochs, trainSet, validationSet);
 * }
 * }</pre>
 *
 * <p>Before the first step it checks that some parameter received a non-zero gradient, and fails otherwise. DJL's
 * own first-step check, which it replaces, sums the gradients with their signs; behind a k-subset layer that sum is
 * exactly zero by construction (both solutions of a finite difference have k ones), so DJL's check would stop
 * healthy training.
 */
public class ImleTrainer extends Trainer {
    private boolean gradientsChecked;

    /** Creates a trainer of {@code model}; like {@code model.newTrainer(config)}. */
    public ImleTrainer(Model model, TrainingConfig config) {
        super(model, config);
    }

    @Override
    public GradientCollector newGradientCollector() {
        return ImleGradientCollector.wrap(ImleGradientCollector.engineCollector(super::newGradientCollector),
                getMetrics());
    }

    @Override
    public void step() {
        if (!gradientsChecked) {
            checkGradients();
            gradientsChecked = true;
            skipEngineGradientCheck();
        }
        super.step();
    }

    private void checkGradients() {
        if (getDevices().length > 1) {
            return;
        }
        double total = 0;
        for (Parameter parameter : getModel().getBlock().getParameters().values()) {
            if (parameter.requiresGradient() && parameter.isInitialized()) {
                NDArray gradient = parameter.getArray().getGradient();
                total += gradient.abs().sum().getFloat();
            }
        }
        if (total == 0) {
            throw new IllegalStateException("every parameter of the model has a zero gradient at the first step. "
                    + "Call collector.backward(loss) on a collector from trainer.newGradientCollector() before "
                    + "step(). If the model has solver layers, check that the loss depends on their output, and that "
                    + "λ is large enough for θ − λ·dL/dz to change a solution (dL/dz is small when the loss averages "
                    + "over many entries); adaptive I-MLE (@AimleLayer) chooses λ itself");
        }
    }

    /** Marks DJL's signed-sum gradient check as done; where that is impossible, DJL runs it as usual. */
    private void skipEngineGradientCheck() {
        try {
            Field checked = Trainer.class.getDeclaredField("gradientsChecked");
            checked.setAccessible(true);
            checked.setBoolean(this, true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A future DJL without the field, or a module system that forbids the access, keeps its own check.
        }
    }
}
