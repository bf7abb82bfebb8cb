package org.imle4j.samples.nri;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.imle4j.samples.harness.EstimatorChoice;
import org.imle4j.samples.harness.EstimatorOptions;
import org.imle4j.samples.harness.Range;
import org.imle4j.samples.harness.RepeatOptions;
import org.imle4j.samples.harness.ReportWriter;
import org.imle4j.samples.harness.SampleCommand;
import org.imle4j.samples.harness.SplitOptions;
import org.imle4j.samples.harness.Training;
import org.imle4j.samples.harness.TrainingOptions;
import org.imle4j.samples.report.LinePlot;
import org.imle4j.samples.report.Progress;
import org.imle4j.samples.report.Statistics;
import org.imle4j.samples.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Neural relational inference on the graph-layout data of the stochastic softmax tricks paper (Paulus et al.,
 * NeurIPS 2020), scaled down: an NRI model ({@link NriModel}) learns, without ever seeing a graph, to recover the
 * spanning tree whose force-directed layout produced each trajectory ({@link GraphLayouts}), with the latent graph a
 * spanning tree (AIMLE central and forward, I-MLE, straight-through, the stochastic softmax trick), n − 1 edges (relaxed top-k) or independent
 * edges (Gumbel-softmax).
 *
 * <p>Reported per method, mean and standard deviation over the repeats: the test ELBO per example (one
 * perturb-and-MAP graph per example, standard Gumbel noise on the scores, for every method) and the precision and
 * recall of the noiseless MAP graph's edges against the true tree's, counted over all test examples. Every method
 * of a repeat sees the same data, batch order and seeds. The runs train one after another: DJL's PyTorch engine
 * collects gradients for one trainer at a time in a JVM.
 */
@Command(name = "nri", description = "Neural relational inference of spanning trees from force-directed layouts; "
        + "edge precision, recall and ELBO per latent graph and estimator.")
public final class NriCommand extends SampleCommand<NriCommand.Result> {
    /** The examples of the picture of test trajectories. */
    private static final int PICTURED = 4;

    @Option(names = "--nodes", description = "Vertices of each graph (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(3) int nodes = 10;

    @Option(names = "--frames", description = "Frames T of each trajectory, e.g. 10 or 20 (default: "
            + "${DEFAULT-VALUE}).")
    @Range.AtLeast(2) int frames = 10;

    @Option(names = "--prediction-steps", description = "Steps the decoder runs on its own predictions, from the "
            + "true frames 0, p, 2p, … (default: ${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int predictionSteps = 3;

    @Option(names = "--no-edge-messages", description = "With --no-forces: let the pairs that are not edges carry "
            + "decoder messages of their own too; \"edge\" and \"no edge\" then become interchangeable labels.")
    boolean noEdgeMessages;

    @Option(names = "--forces", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Decoder as forces through the layout's own step: a learned push or pull between every pair "
                    + "plus a learned pull along each edge; --no-forces for NRI's MLP decoder (default: "
                    + "${DEFAULT-VALUE}).")
    boolean forces = true;

    @Option(names = "--hidden", description = "Width of the hidden layers of encoder and decoder (default: "
            + "${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int hidden = 32;

    @Option(names = "--valid", description = "Validation examples, evaluated after every epoch (default: "
            + "${DEFAULT-VALUE}).")
    @Range.AtLeast(1) int valid = 200;

    @Option(names = "--variance", description = "Variance σ² of the Gaussian likelihood (default: ${DEFAULT-VALUE}).")
    @Range.Positive double variance = 5e-5;

    @Option(names = "--temperature", description = "Temperature of Gumbel-softmax, Gaussian-sparsemax and relaxed "
            + "top-k (default: ${DEFAULT-VALUE}).")
    @Range.Positive double temperature = 0.5;

    @Option(names = "--methods", split = ",", converter = GraphMethod.Converter.class,
            defaultValue = "tree-aimle,tree-aimle-forward,tree-ste,tree-sst,independent-gumbel-softmax",
            description = "Latent graphs and estimators, any of tree-aimle, tree-aimle-forward, tree-imle, tree-ste, "
                    + "tree-sst, top-k-relaxed, independent-gumbel-softmax (default: ${DEFAULT-VALUE}).")
    List<GraphMethod> methods;

    @Mixin
    SplitOptions split = new SplitOptions(2000, 500);

    @Mixin
    TrainingOptions training = new TrainingOptions(6, 32, 3e-3);

    @Mixin
    EstimatorOptions estimator = new EstimatorOptions(1, 0.01, 0, 1e-3, 1);

    @Mixin
    RepeatOptions repeats = new RepeatOptions(3);

    /**
     * The metrics of a model on a split.
     *
     * @param elbo the ELBO per example, one perturb-and-MAP graph each
     * @param edgePrecision the share of the MAP graphs' edges that are tree edges
     * @param edgeRecall the share of the tree edges that are in the MAP graphs
     */
    record Evaluation(double elbo, double edgePrecision, double edgeRecall) {}

    /**
     * One trained model.
     *
     * @param name the method's label
     * @param repeat the repeat, from 0
     * @param elbo the test ELBO per example
     * @param edgePrecision the test edge precision of the MAP graph
     * @param edgeRecall the test edge recall of the MAP graph
     * @param trainLoss the mean training loss (negative ELBO per example, S samples) of each epoch
     * @param validElbo the validation ELBO after each epoch
     * @param validPrecision the validation edge precision after each epoch
     * @param seconds the training time, evaluations excluded
     */
    record Run(String name, int repeat, double elbo, double edgePrecision, double edgeRecall, double[] trainLoss,
            double[] validElbo, double[] validPrecision, double seconds) {}

    /**
     * One method over the repeats.
     *
     * @param name the method's label, structure first
     * @param key its option value
     * @param edgePrecision the mean test edge precision
     * @param edgePrecisionSd its standard deviation over the repeats
     * @param edgeRecall the mean test edge recall
     * @param edgeRecallSd its standard deviation
     * @param elbo the mean test ELBO per example
     * @param elboSd its standard deviation
     * @param seconds the mean training time of a run
     */
    record Summary(String name, String key, double edgePrecision, double edgePrecisionSd, double edgeRecall,
            double edgeRecallSd, double elbo, double elboSd, double seconds) {}

    /** Everything the JSON records: the settings, the summaries and the runs. */
    record Report(int nodes, int frames, int train, int valid, int test, int epochs, int batch, int hidden,
            int predictionSteps, int samples, int repeats, double variance, double chancePrecision,
            List<Summary> methods, List<Run> runs) {}

    /** The report, and what the picture of test trajectories needs besides. */
    record Result(Report report, TrajectoryPicture picture) {}

    /** A run and the MAP graphs of its test examples, {@code [test, m]}. */
    private record Trained(Run run, float[] graphs) {}

    /** An evaluation and the MAP graphs it scored. */
    private record Scored(Evaluation evaluation, float[] graphs) {}

    private record Data(GraphLayouts.Split train, GraphLayouts.Split valid, GraphLayouts.Split test,
            long shuffleSeed, int engineSeed) {}

    @Override
    protected void validate() {
        if (training.epochs < 1) {
            throw common.invalid("--epochs", training.epochs, "at least 1");
        }
        if (forces && noEdgeMessages) {
            throw common.invalid("--no-edge-messages", true, "used only with --no-forces, the MLP decoder");
        }
    }

    @Override
    protected Result compute() {
        Device device = common.device();
        Random seedSource = new Random(common.seed());
        List<Data> data = new ArrayList<>();
        for (int repeat = 0; repeat < repeats.count; repeat++) {
            GraphLayouts.Split train = GraphLayouts.generate(split.train, nodes, frames, seedSource.nextLong());
            float low = train.min();
            float high = train.max();
            data.add(new Data(train.normalised(low, high),
                    GraphLayouts.generate(valid, nodes, frames, seedSource.nextLong()).normalised(low, high),
                    GraphLayouts.generate(split.test, nodes, frames, seedSource.nextLong()).normalised(low, high),
                    seedSource.nextLong(), seedSource.nextInt()));
        }
        Progress progress = Progress.start("nri", (long) methods.size() * repeats.count * training.epochs
                * training.batchesPerEpoch(split.train));
        TrajectoryPicture picture = TrajectoryPicture.of(data.get(0).test(), Math.min(PICTURED, split.test));
        List<Run> runs = new ArrayList<>();
        List<Summary> summaries = new ArrayList<>();
        for (GraphMethod method : methods) {
            List<Run> group = new ArrayList<>();
            for (int repeat = 0; repeat < repeats.count; repeat++) {
                Trained trained = train(method, repeat, data.get(repeat), device, progress);
                if (repeat == 0) {
                    picture.add(method.label(), trained.graphs());
                }
                group.add(trained.run());
            }
            runs.addAll(group);
            summaries.add(summarise(method, group));
        }
        progress.end();
        return new Result(new Report(nodes, frames, split.train, valid, split.test, training.epochs, training.batch,
                hidden, predictionSteps, estimator.samples, repeats.count, variance, 2.0 / nodes, summaries, runs),
                picture);
    }

    private Trained train(GraphMethod method, int repeat, Data data, Device device, Progress progress) {
        EstimatorChoice.Settings settings = estimator.settings().withRelaxation(temperature, 1);
        Relations relations = new Relations(nodes);
        LatentGraph graph = LatentGraph.create(method, nodes, estimator.samples, settings);
        NriModel block = new NriModel(relations, graph, hidden, predictionSteps, noEdgeMessages, forces);
        NriLoss loss = new NriLoss(variance);
        String name = "nri " + method.label() + " repeat " + repeat;
        Training.seed(data.engineSeed());
        try (Model model = Model.newInstance(name, device)) {
            model.setBlock(block);
            try (Training run = Training.start(name, model, loss, training.adam(0), device, progress)) {
                run.initialize(new Shape(training.batch, nodes, frames, 2));
                NDManager manager = model.getNDManager();
                NDArray x = positions(manager, data.train());
                List<Training.Epoch<Evaluation>> epochs = run.fit(Training.dataset(x, new NDList(x),
                        training.batch, data.shuffleSeed()), training.epochs,
                        () -> evaluate(block, manager, data.valid(), loss).evaluation());
                Scored scored = evaluate(block, manager, data.test(), loss);
                Evaluation test = scored.evaluation();
                return new Trained(new Run(method.label(), repeat, test.elbo(), test.edgePrecision(), test.edgeRecall(),
                        epochs.stream().mapToDouble(Training.Epoch::trainLoss).toArray(),
                        epochs.stream().mapToDouble(epoch -> epoch.test().elbo()).toArray(),
                        epochs.stream().mapToDouble(epoch -> epoch.test().edgePrecision()).toArray(),
                        epochs.stream().mapToDouble(Training.Epoch::seconds).sum()), scored.graphs());
            }
        }
    }

    private NDArray positions(NDManager manager, GraphLayouts.Split examples) {
        return manager.create(examples.positions(), new Shape(examples.size(), nodes, frames, 2));
    }

    /** The metrics on a split, and the MAP graphs of its examples. */
    private Scored evaluate(NriModel block, NDManager manager, GraphLayouts.Split examples, NriLoss loss) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = positions(scope, examples);
            ParameterStore parameters = new ParameterStore(scope, false);
            NDArray scores = block.scores(parameters, x);
            float[] map = block.graph().graphs(parameters, scores, false).toFloatArray();
            NDArray sampled = block.graph().sample(parameters, scores);
            double likelihood = loss.negativeLogLikelihood(x, block.predict(parameters, x, sampled)).mean()
                    .getFloat();
            double kl = NriLoss.kl(scores).sum(new int[] {1}).mean().getFloat();
            return new Scored(precisionRecall(-(likelihood + kl), map, examples.edges()), map);
        }
    }

    /** Precision and recall of predicted edges, counted over all examples; precision 0 if none is predicted. */
    static Evaluation precisionRecall(double elbo, float[] predicted, float[] truth) {
        double hits = 0;
        double predictedEdges = 0;
        double trueEdges = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean edge = predicted[i] > 0.5f;
            boolean real = truth[i] > 0.5f;
            predictedEdges += edge ? 1 : 0;
            trueEdges += real ? 1 : 0;
            hits += edge && real ? 1 : 0;
        }
        return new Evaluation(elbo, predictedEdges == 0 ? 0 : hits / predictedEdges, hits / trueEdges);
    }

    private static Summary summarise(GraphMethod method, List<Run> runs) {
        double[] precision = runs.stream().mapToDouble(Run::edgePrecision).toArray();
        double[] recall = runs.stream().mapToDouble(Run::edgeRecall).toArray();
        double[] elbo = runs.stream().mapToDouble(Run::elbo).toArray();
        return new Summary(method.label(), method.key(), Statistics.mean(precision),
                Statistics.standardDeviation(precision), Statistics.mean(recall), Statistics.standardDeviation(recall),
                Statistics.mean(elbo), Statistics.standardDeviation(elbo),
                runs.stream().mapToDouble(Run::seconds).average().orElse(0));
    }

    @Override
    protected Object record(Result result) {
        return result.report();
    }

    @Override
    protected void report(Result result, ReportWriter writer) {
        Report report = result.report();
        Table table = new Table("latent graph and estimator (n=" + nodes + ", T=" + frames + ", " + repeats.count
                + " repeats, mean ± sd)", "test ELBO", "edge precision %", "edge recall %", "s per run");
        for (Summary summary : report.methods()) {
            table.row(summary.name(), ReportWriter.fixed(summary.elbo(), 0) + " ± " + ReportWriter.fixed(
                    summary.elboSd(), 0), percent(summary.edgePrecision(), summary.edgePrecisionSd()),
                    percent(summary.edgeRecall(), summary.edgeRecallSd()), ReportWriter.fixed(summary.seconds(), 1));
        }
        writer.table("", table);
        writer.line("chance edge precision: %.0f%%", 100 * report.chancePrecision());
        writer.plot("nri-elbo.png", curves(report, "validation ELBO per example", Run::validElbo));
        writer.plot("nri-precision.png", curves(report, "validation edge precision of the MAP graph",
                Run::validPrecision));
        result.picture().write(common.folder().resolve("nri-trajectories.png"));
    }

    private static String percent(double mean, double sd) {
        return ReportWriter.fixed(100 * mean, 1) + " ± " + ReportWriter.fixed(100 * sd, 1);
    }

    /** One curve per method, the mean over its repeats after each epoch. */
    private LinePlot curves(Report report, String what, Function<Run, double[]> values) {
        LinePlot plot = new LinePlot("NRI: " + what + " (mean of " + repeats.count + " repeats)", "epoch", what);
        double[] epochs = new double[training.epochs];
        Arrays.setAll(epochs, epoch -> epoch + 1);
        for (Summary summary : report.methods()) {
            double[] mean = new double[training.epochs];
            List<Run> runs = report.runs().stream().filter(run -> run.name().equals(summary.name())).toList();
            for (Run run : runs) {
                double[] curve = values.apply(run);
                for (int epoch = 0; epoch < mean.length; epoch++) {
                    mean[epoch] += curve[epoch] / runs.size();
                }
            }
            plot.series(summary.name(), epochs, mean);
        }
        return plot;
    }
}
