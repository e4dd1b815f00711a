package dev.xfer.head.dense;

import dev.xfer.common.Progress;
import dev.xfer.common.training.Metrics;
import dev.xfer.head.spec.DenseSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Trains a {@link DenseModel} with TensorFlow graph ops: forward pass, softmax cross-entropy on one-hot labels
 * scaled by each row's class weight (so the loss is the weighted mean, as Keras' class_weight makes it), L2 on
 * kernels, gradients of the head's variables only, and the optimizer's own apply op. After every epoch the
 * model is scored on the validation rows; the best epoch's weights are kept and training stops after
 * {@code patience} epochs without improvement (Keras' EarlyStopping(restore_best_weights) + ModelCheckpoint).
 */
public final class DenseTrainer {

    /** One epoch's numbers, as Keras' History holds them. */
    public record Epoch(int epoch, double loss, double accuracy, double valLoss, double valAccuracy) {
    }

    /**
     * The kept model, every epoch's numbers, which epoch was kept (1-based), and whether that choice watched the
     * training rows because there were no validation rows (the history's val numbers are then the training ones).
     */
    public record Fitted(DenseModel model, List<Epoch> history, int bestEpoch, boolean monitoredTraining) {
    }

    private DenseTrainer() {
    }

    public static Fitted fit(DenseSpec spec, float[] x, int rows, int dim, int[] y, double[] rowWeights,
                             float[] valX, int valRows, int[] valY, List<String> classes, Progress progress) {
        int k = classes.size();
        boolean sigmoid = spec.output() == DenseSpec.Output.SIGMOID;
        if (sigmoid && k != 2) {
            throw new dev.xfer.common.BadInputException("--output sigmoid needs exactly two classes, the cache has "
                    + k);
        }
        int[] sizes = DenseLayers.sizes(dim, spec.hidden(), sigmoid, k);
        try (Graph g = new Graph()) {
            TrainingGraph t = TrainingGraph.build(Ops.create(g), spec, sizes, k);
            try (Session s = new Session(g)) {
                Random rnd = new Random(spec.seed());
                t.initialise(s, rnd);
                return loop(spec, t, s, sizes, x, rows, dim, y, rowWeights, valX, valRows, valY, classes, rnd,
                        progress);
            }
        }
    }

    private static Fitted loop(DenseSpec spec, TrainingGraph t, Session s, int[] sizes, float[] x, int rows, int dim,
                               int[] y, double[] w, float[] valX, int valRows, int[] valY, List<String> classes,
                               Random rnd, Progress progress) {
        int k = classes.size();
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        List<Epoch> history = new ArrayList<>();
        DenseModel best = null;
        int bestEpoch = 0;
        double bestScore = Double.POSITIVE_INFINITY;
        int step = 0;
        progress.start("dense head", spec.epochs());
        for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
            DenseLayers.shuffle(order, rnd);
            for (int start = 0; start < rows; start += spec.batchSize()) {
                int n = Math.min(spec.batchSize(), rows - start);
                float[] bx = new float[n * dim];
                float[] by = new float[n * k];
                for (int i = 0; i < n; i++) {
                    int r = order[start + i];
                    System.arraycopy(x, r * dim, bx, i * dim, dim);
                    by[i * k + y[r]] = (float) w[r];
                }
                step++;
                t.step(s, bx, by, n, dim, k, spec, step, epoch);
            }
            DenseModel now = t.snapshot(s, sizes, spec.output());
            Metrics train = Metrics.of(y, now.predictProba(x, rows, dim), classes);
            Metrics val = valRows > 0 ? Metrics.of(valY, now.predictProba(valX, valRows, dim), classes) : train;
            history.add(new Epoch(epoch, train.logLoss(), train.accuracy(), val.logLoss(), val.accuracy()));
            double score = spec.monitor() == DenseSpec.Monitor.VAL_ACCURACY ? -val.accuracy() : val.logLoss();
            if (score < bestScore) {
                bestScore = score;
                best = now;
                bestEpoch = epoch;
            }
            progress.advance(1);
            if (epoch - bestEpoch >= spec.patience() && spec.patience() > 0) {
                break;
            }
        }
        progress.finish();
        return new Fitted(best, history, bestEpoch, valRows == 0);
    }

    /** The graph: placeholders, variables with their feeds, the loss and the update ops. */
    private record TrainingGraph(Placeholder<TFloat32> x, Placeholder<TFloat32> y, Placeholder<TFloat32> rate,
                                 Placeholder<TInt64> seed, OptimizerOps optimizer, List<Variable<TFloat32>> weights,
                                 List<Variable<TFloat32>> all, List<Placeholder<TFloat32>> feeds, List<Op> assigns,
                                 List<long[]> shapes, List<Operand<TFloat32>> reads) {

        static TrainingGraph build(Ops tf, DenseSpec spec, int[] sizes, int k) {
            var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, sizes[0])));
            var y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, k)));
            var rate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            var seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            DenseLayers head = DenseLayers.build(tf, x, sizes, k, spec.dropout() > 0 ? rate : null, seed);
            Operand<TFloat32> loss = head.loss(tf, y, spec.l2());
            var grads = tf.gradients(loss, head.weights());
            List<Operand<TFloat32>> dy = new ArrayList<>();
            for (int i = 0; i < head.weights().size(); i++) {
                dy.add(grads.dy(i));
            }
            OptimizerOps opt = OptimizerOps.build(tf, spec.optimizer(), spec.momentum(), spec.nesterov(),
                    head.weights(), head.shapes(), dy);
            List<Variable<TFloat32>> all = new ArrayList<>(head.weights());
            all.addAll(opt.slots());
            List<long[]> allShapes = new ArrayList<>(head.shapes());
            allShapes.addAll(opt.shapes());
            List<Placeholder<TFloat32>> feeds = new ArrayList<>();
            List<Op> assigns = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                var feed = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(allShapes.get(i))));
                feeds.add(feed);
                assigns.add(tf.assign(all.get(i), feed));
            }
            List<Operand<TFloat32>> reads = new ArrayList<>();
            head.weights().forEach(v -> reads.add(tf.identity(v)));
            return new TrainingGraph(x, y, rate, seed, opt, head.weights(), all, feeds, assigns, allShapes, reads);
        }

        /** Glorot-uniform kernels (Keras' default), zero biases and zero optimizer slots. */
        void initialise(Session s, Random rnd) {
            for (int i = 0; i < all.size(); i++) {
                long[] shape = shapes.get(i);
                float[] v = i < weights.size() ? DenseLayers.glorotOrZeros(shape, rnd)
                        : new float[Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
                try (TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(v, true, false))) {
                    s.runner().feed(feeds.get(i), t).addTarget(assigns.get(i)).run();
                }
            }
        }

        void step(Session s, float[] bx, float[] by, int n, int dim, int k, DenseSpec spec, int step, int epoch) {
            try (TFloat32 xt = TFloat32.tensorOf(Shape.of(n, dim), DataBuffers.of(bx, true, false));
                 TFloat32 yt = TFloat32.tensorOf(Shape.of(n, k), DataBuffers.of(by, true, false));
                 TFloat32 r = TFloat32.scalarOf((float) spec.dropout());
                 TInt64 sd = TInt64.vectorOf(spec.seed(), step);
                 TFloat32 l = TFloat32.scalarOf((float) spec.lr());
                 TFloat32 p1 = TFloat32.scalarOf(OptimizerOps.beta1Power(step));
                 TFloat32 p2 = TFloat32.scalarOf(OptimizerOps.beta2Power(step))) {
                var runner = s.runner().feed(x, xt).feed(y, yt).feed(rate, r).feed(seed, sd)
                        .feed(optimizer.lr(), l).feed(optimizer.beta1Power(), p1).feed(optimizer.beta2Power(), p2);
                optimizer.updates().forEach(runner::addTarget);
                runner.run();
            }
        }

        /** The current weights, copied out into a model. */
        DenseModel snapshot(Session s, int[] sizes, DenseSpec.Output output) {
            var runner = s.runner();
            reads.forEach(runner::fetch);
            List<float[]> kernels = new ArrayList<>();
            List<float[]> biases = new ArrayList<>();
            try (var result = runner.run()) {
                for (int i = 0; i < reads.size(); i++) {
                    TFloat32 t = (TFloat32) result.get(i);
                    float[] v = new float[(int) t.shape().size()];
                    t.asRawTensor().data().asFloats().read(v);
                    (i % 2 == 0 ? kernels : biases).add(v);
                }
            }
            return new DenseModel(sizes, DenseSpec.name(output), kernels, biases);
        }
    }
}
