package org.imle4j.runtime.autograd;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.loss.Loss;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.imle4j.runtime.internal.GradientRollback;
import org.imle4j.runtime.loss.PerSampleEvaluator;
import org.imle4j.runtime.loss.PerSampleLoss;

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
 * <p>Labels: with {@code Output.SAMPLES} a solver layer's training output has {@code B·S} rows, S samples per
 * example ({@code b·S + j}; {@code B·S₁·S₂} for stacked layers), and the labels {@code [B, …]} stay one row per
 * example. The trainer's loss and evaluators ({@link #getLoss()}, {@link #getEvaluators()}, which {@code EasyTrain}
 * and DJL's training listeners call) repeat each label for its example's sample rows, so a standard DJL loss scores
 * every sample against its label: the expected loss {@code E_z[ℓ(f(z), y)]} that I-MLE minimises. Each solver layer
 * passes θ the mean of its S per-sample gradient estimates. Validation runs with {@code training = false}, where the
 * output has one row per example and the labels are used as they are.
 *
 * <p>A step that fails changes nothing: when anything in the forward or backward pass fails, every parameter's
 * gradient is as it was before the step, so that catching the failure and going on trains exactly as if the step had
 * not been tried (see {@link ImleGradientCollector}).
 *
 * <p>Before the first step it checks that some parameter received a non-zero gradient, and fails otherwise. DJL's
 * own first-step check, which it replaces, sums the gradients with their signs; behind a k-subset layer that sum is
 * exactly zero by construction (both solutions of a finite difference have k ones), so DJL's check would stop
 * healthy training.
 */
public class ImleTrainer extends Trainer {
    // Not initialised in their declarations: DJL's constructor calls getEvaluators() (through the listeners' start)
    // before this class's field initialisers would run, and they would then discard the wrappers made there.
    private PerSampleLoss loss;
    private List<Evaluator> evaluators;
    private boolean gradientsChecked;
    private boolean gradientsAccumulated;

    /**
     * Creates a trainer of {@code model}; like {@code model.newTrainer(config)}.
     *
     * @param model the model to train
     * @param config its loss, evaluators, optimizer, devices and listeners
     */
    public ImleTrainer(Model model, TrainingConfig config) {
        super(model, config);
    }

    /**
     * Opens a gradient collector that also back-propagates through solver layers and, if its backward pass fails,
     * puts the parameters' gradients back as they were.
     *
     * @return the open collector
     */
    @Override
    public GradientCollector newGradientCollector() {
        List<NDArray> parameters = ImleGradientCollector.trainable(getModel().getBlock());
        // Gradients are zero after an optimizer step and undefined before the first backward: rolling back is then
        // zeroing, and nothing needs to be copied. Backward passes accumulated without a step are copied.
        GradientRollback rollback = gradientsAccumulated
                ? GradientRollback.copying(parameters)
                : GradientRollback.zeroing(parameters);
        return ImleGradientCollector.create(ImleGradientCollector.engineCollector(super::newGradientCollector),
                getMetrics(), rollback, () -> gradientsAccumulated = true);
    }

    /**
     * The configured loss, wrapped so that labels {@code [B, …]} are repeated for a training output's sample rows.
     *
     * @return the loss, a {@link PerSampleLoss}
     */
    @Override
    public Loss getLoss() {
        wrapEvaluators();
        return loss;
    }

    /**
     * The configured evaluators and the loss, each wrapped so that labels {@code [B, …]} are repeated for a training
     * output's sample rows.
     *
     * @return the evaluators; the loss is the same object as {@link #getLoss()}
     */
    @Override
    public List<Evaluator> getEvaluators() {
        wrapEvaluators();
        return evaluators;
    }

    /** Updates the parameters from their gradients, which DJL's optimizers then zero. */
    @Override
    public void step() {
        if (!gradientsChecked) {
            checkGradients();
            gradientsChecked = true;
            skipEngineGradientCheck();
        }
        super.step();
        gradientsAccumulated = false;
    }

    private void wrapEvaluators() {
        if (evaluators != null) {
            return;
        }
        Loss configured = super.getLoss();
        PerSampleLoss wrappedLoss = PerSampleLoss.of(configured);
        List<Evaluator> wrapped = new ArrayList<>();
        for (Evaluator evaluator : super.getEvaluators()) {
            if (evaluator == configured) {
                wrapped.add(wrappedLoss);
            } else if (evaluator instanceof Loss other) {
                wrapped.add(PerSampleLoss.of(other));
            } else {
                wrapped.add(PerSampleEvaluator.of(evaluator));
            }
        }
        loss = wrappedLoss;
        evaluators = wrapped;
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
