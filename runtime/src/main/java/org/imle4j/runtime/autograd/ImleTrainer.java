package org.imle4j.runtime.autograd;

import ai.djl.Model;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;

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
 */
public class ImleTrainer extends Trainer {

    /** Creates a trainer of {@code model}; like {@code model.newTrainer(config)}. */
    public ImleTrainer(Model model, TrainingConfig config) {
        super(model, config);
    }

    @Override
    public GradientCollector newGradientCollector() {
        return ImleGradientCollector.wrap(super.newGradientCollector(), getMetrics());
    }
}
