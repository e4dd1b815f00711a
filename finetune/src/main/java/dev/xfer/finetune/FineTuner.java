package dev.xfer.finetune;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Pooling;
import dev.xfer.common.Progress;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.common.training.Metrics;
import dev.xfer.common.training.Split;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.augment.AugmentSpec;
import dev.xfer.extract.graph.Device;
import dev.xfer.extract.weights.WeightSet;
import dev.xfer.head.spec.DenseSpec;
import dev.xfer.head.dense.DenseLayers;
import dev.xfer.head.dense.DenseModel;
import dev.xfer.head.dense.DenseTrainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Method 2: trains the conv base's top layers and the head end to end on images, with augmentation, the way the
 * Keras fine-tuning recipe does: start from a trained head, a low learning rate, class-weighted loss, best epoch
 * kept by a validation metric, early stopping. Checkpoints after every epoch; {@code resume} continues from the
 * last one and ends where an uninterrupted run would.
 */
public final class FineTuner {

    /** What to train. {@code initialHead} is a phase-two dense head, or null for a fresh seeded one. */
    public record Setup(Architecture arch, WeightSet weights, String cut, Pooling pooling, int size, DenseSpec spec,
                        DenseModel initialHead, Unfreeze unfreeze, AugmentSpec augment, ClassWeights classWeights,
                        Device device) {
    }

    /** Told after every epoch (for the per-epoch line a Keras user expects). */
    public interface Listener {
        void epoch(DenseTrainer.Epoch e, double seconds, boolean best);

        /** The validation score of the starting weights, before any step (not called on resume). */
        default void start(double valLoss, double valAccuracy) {
        }
    }

    /**
     * The outcome: every epoch, the kept one, scores of the kept weights, their values (trainable conv-base and
     * head variables), and the digests of the frozen variables before and after training. {@code initialVal} is the
     * validation {loss, accuracy} of the starting weights (a phase-two head scores here what it scored on the cache).
     */
    public record Result(double[] initialVal, List<DenseTrainer.Epoch> history, int bestEpoch, Metrics val, Metrics test,
                         Map<String, float[]> trained, Set<String> trainableLayers, String frozenSha256Before,
                         String frozenSha256After, int frozenVariables, double secondsPerEpoch, int resumedAfter) {
    }

    private final Setup setup;
    private final TrainingImages data;
    private final DecodedImages pixels;
    private final int[] sizes;

    /** Decodes into a cache of its own (the default budget) during {@link #run}. */
    public FineTuner(Setup setup, TrainingImages data) {
        this(setup, data, null);
    }

    /**
     * Takes pixels from {@code pixels} (usually the cache {@link TrainingImages#of} filled, so each image is decoded
     * once per run); the caller closes it. Null: a cache of the default budget for each run.
     */
    public FineTuner(Setup setup, TrainingImages data, DecodedImages pixels) {
        if (pixels != null && pixels.size() != setup.size()) {
            throw new IllegalArgumentException("decoded images of side " + pixels.size() + " for a network of "
                    + setup.size());
        }
        this.setup = setup;
        this.data = data;
        this.pixels = pixels;
        long dim = setup.arch().outputShapes(setup.size()).get(setup.cut())[2];
        if (setup.pooling() != Pooling.AVG && setup.pooling() != Pooling.MAX) {
            throw new BadInputException("fine-tuning pools the cut layer with avg or max, not " + setup.pooling().id());
        }
        boolean sigmoid = setup.spec().output() == DenseSpec.Output.SIGMOID;
        sizes = setup.initialHead() != null ? setup.initialHead().sizes()
                : DenseLayers.sizes((int) dim, setup.spec().hidden(), sigmoid, data.classes().size());
        if (sizes[0] != dim) {
            throw new BadInputException("the head takes " + sizes[0] + " features, " + setup.arch().name() + "/"
                    + setup.cut() + " gives " + dim + "; train the head on a cache of the same layer");
        }
    }

    public int[] headSizes() {
        return sizes.clone();
    }

    /** The options a resumed run must share with the interrupted one. */
    public Map<String, Object> fingerprint() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("arch", setup.arch().name());
        m.put("weights_sha256", setup.weights().sha256());
        m.put("cut", setup.cut());
        m.put("pooling", setup.pooling().id());
        m.put("size", setup.size());
        m.put("head", setup.spec().params());
        m.put("head_init", setup.initialHead() == null ? "seeded" : "bundle");
        m.put("unfreeze", setup.unfreeze().describe());
        m.put("augment", setup.augment().describe());
        m.put("class_weight", setup.classWeights().spec());
        m.put("images", data.names().size());
        m.put("split", data.splitSource());
        return m;
    }

    public Result run(Checkpoint checkpoint, boolean resume, Progress progress, Listener listener)
            throws IOException {
        DenseSpec spec = setup.spec();
        Set<String> trainableLayers = setup.unfreeze().trainableLayers(setup.arch(), setup.cut());
        int k = data.classes().size();
        try (Graph g = new Graph()) {
            FineTuneGraph t = FineTuneGraph.training(Ops.create(g), setup.arch(), setup.cut(), setup.pooling(),
                    setup.size(), sizes, k, setup.augment(), trainableLayers, spec);
            try (Session s = new Session(g, setup.device().resolve().config());
                 DecodedImages own = pixels == null ? new DecodedImages(setup.size(), DecodedImages.defaultBudget())
                         : null) {
                t.backbone().loadWeights(s, setup.weights());
                VariableValues.write(s, t.head(), initialHead(t));
                VariableValues.write(s, t.slots(), zeros(t.slots()));
                String frozenBefore = VariableValues.sha256(t.frozen(), VariableValues.read(s, t.frozen()));
                TrainingSteps loop = new TrainingSteps(setup, data, t, s, own != null ? own : pixels);
                Checkpoint.State state = null;
                if (resume && checkpoint.exists()) {
                    state = checkpoint.resumable(fingerprint());
                    VariableValues.write(s, t.checkpointed(), checkpoint.load(state.last(), t.checkpointed()));
                } else if (checkpoint.exists()) {
                    throw new BadInputException("an interrupted run is in " + checkpoint.dir() + ": pass --resume to "
                            + "continue it, or delete that folder to start again");
                }
                int resumedAfter = state == null ? 0 : state.epoch();
                int[] valIdx = data.indices(Split.VAL);
                double[] initial = state != null ? state.initialVal() : null;
                if (state == null && valIdx.length > 0) {
                    Metrics m = loop.score(valIdx);
                    initial = new double[] {m.logLoss(), m.accuracy()};
                    listener.start(m.logLoss(), m.accuracy());
                }
                List<DenseTrainer.Epoch> history = new ArrayList<>(state == null ? List.of() : state.history());
                int bestEpoch = state == null ? 0 : state.bestEpoch();
                double bestScore = state == null ? Double.POSITIVE_INFINITY : state.bestScore();
                Map<String, float[]> best = state == null || bestEpoch == 0 ? null
                        : checkpoint.load(state.best(), t.trainable());
                long step = state == null ? 0 : state.step();
                double seconds = 0;
                int trainedEpochs = 0;
                int[] trainIdx = data.indices(Split.TRAIN);
                double[] rowWeight = setup.classWeights().perRow(data.labelsOf(trainIdx), data.classes());
                for (int epoch = resumedAfter + 1; epoch <= spec.epochs(); epoch++) {
                    if (spec.patience() > 0 && bestEpoch > 0 && epoch - 1 - bestEpoch >= spec.patience()) {
                        break;
                    }
                    long t0 = System.nanoTime();
                    progress.start("epoch " + epoch + "/" + spec.epochs(), trainIdx.length);
                    double[] running = loop.trainEpoch(trainIdx, rowWeight, epoch, step, progress);
                    step += (trainIdx.length + spec.batchSize() - 1) / spec.batchSize();
                    progress.finish();
                    if (!Double.isFinite(running[0])) {
                        throw new BadInputException("the training loss became " + running[0] + " in epoch " + epoch
                                + ": the learning rate " + spec.lr() + " is too high for this model; delete "
                                + checkpoint.dir() + " and run again with a lower --lr");
                    }
                    Metrics val = valIdx.length > 0 ? loop.score(valIdx) : null;
                    double sec = (System.nanoTime() - t0) / 1e9;
                    DenseTrainer.Epoch e = new DenseTrainer.Epoch(epoch, running[0], running[1],
                            val == null ? running[0] : val.logLoss(), val == null ? running[1] : val.accuracy());
                    history.add(e);
                    double score = spec.monitor() == DenseSpec.Monitor.VAL_ACCURACY ? -e.valAccuracy() : e.valLoss();
                    Map<String, float[]> now = VariableValues.read(s, t.checkpointed());
                    boolean improved = score < bestScore;
                    if (improved) {
                        bestScore = score;
                        bestEpoch = epoch;
                        best = new LinkedHashMap<>();
                        for (NamedVariable v : t.trainable()) {
                            best.put(v.name(), now.get(v.name()));
                        }
                    }
                    checkpoint.save(new Checkpoint.State(fingerprint(), epoch, step, initial, history, bestEpoch,
                                    bestScore, frozenBefore, "epoch-" + epoch + ".f32", "best-" + bestEpoch + ".f32"),
                            t.checkpointed(), now, t.trainable(), improved ? best : null);
                    seconds += sec;
                    trainedEpochs++;
                    listener.epoch(e, sec, improved);
                }
                if (best != null) {
                    VariableValues.write(s, t.trainable(), best);
                }
                int[] testIdx = data.indices(Split.TEST);
                Metrics val = valIdx.length > 0 ? loop.score(valIdx) : null;
                Metrics test = testIdx.length > 0 ? loop.score(testIdx) : null;
                Map<String, float[]> trained = VariableValues.read(s, t.trainable());
                String frozenAfter = VariableValues.sha256(t.frozen(), VariableValues.read(s, t.frozen()));
                return new Result(initial, history, bestEpoch, val, test, trained, trainableLayers, frozenBefore, frozenAfter,
                        t.frozen().size(), trainedEpochs == 0 ? 0 : seconds / trainedEpochs, resumedAfter);
            }
        }
    }

    private Map<String, float[]> initialHead(FineTuneGraph t) {
        Map<String, float[]> init = new LinkedHashMap<>();
        if (setup.initialHead() != null) {
            List<float[]> w = setup.initialHead().weights();
            for (int i = 0; i < t.head().size(); i++) {
                init.put(t.head().get(i).name(), w.get(i));
            }
            return init;
        }
        Random rnd = new Random(setup.spec().seed());
        for (NamedVariable v : t.head()) {
            init.put(v.name(), DenseLayers.glorotOrZeros(v.shape(), rnd));
        }
        return init;
    }

    private static Map<String, float[]> zeros(List<NamedVariable> vars) {
        Map<String, float[]> z = new LinkedHashMap<>();
        vars.forEach(v -> z.put(v.name(), new float[v.size()]));
        return z;
    }
}
