package dev.xfer.head.dense;

import dev.xfer.common.Progress;
import dev.xfer.common.head.Metrics;
import dev.xfer.head.HeadSpec;
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
import org.tensorflow.op.train.ApplyMomentum;
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

    /** The kept model, every epoch's numbers, and which epoch was kept (1-based). */
    public record Fitted(DenseModel model, List<Epoch> history, int bestEpoch) {
    }

    private DenseTrainer() {
    }

    public static Fitted fit(HeadSpec spec, float[] x, int rows, int dim, int[] y, double[] rowWeights,
                             float[] valX, int valRows, int[] valY, List<String> classes, Progress progress) {
        int k = classes.size();
        boolean sigmoid = spec.output().equals("sigmoid");
        if (sigmoid && k != 2) {
            throw new dev.xfer.common.BadInputException("--output sigmoid needs exactly two classes, the cache has "
                    + k);
        }
        int[] sizes = new int[spec.hidden().length + 2];
        sizes[0] = dim;
        System.arraycopy(spec.hidden(), 0, sizes, 1, spec.hidden().length);
        sizes[sizes.length - 1] = sigmoid ? 1 : k;
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

    private static Fitted loop(HeadSpec spec, TrainingGraph t, Session s, int[] sizes, float[] x, int rows, int dim,
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
            shuffle(order, rnd);
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
            double score = spec.monitor().equals("val_accuracy") ? -val.accuracy() : val.logLoss();
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
        return new Fitted(best, history, bestEpoch);
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    /** The graph: placeholders, variables with their feeds, the loss and the update ops. */
    private record TrainingGraph(Placeholder<TFloat32> x, Placeholder<TFloat32> y, Placeholder<TFloat32> rate,
                                 Placeholder<TInt64> seed, Placeholder<TFloat32> lr, Placeholder<TFloat32> beta1Power,
                                 Placeholder<TFloat32> beta2Power, List<Variable<TFloat32>> weights,
                                 List<Variable<TFloat32>> all, List<Placeholder<TFloat32>> feeds, List<Op> assigns,
                                 List<long[]> shapes, List<Operand<TFloat32>> reads, List<Op> updates) {

        static TrainingGraph build(Ops tf, HeadSpec spec, int[] sizes, int k) {
            var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, sizes[0])));
            var y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, k)));
            var rate = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            var seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
            var lr = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            var b1p = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            var b2p = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            List<Variable<TFloat32>> weights = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            Operand<TFloat32> h = x;
            Operand<TFloat32> l2 = tf.constant(0f);
            for (int l = 0; l + 1 < sizes.length; l++) {
                if (spec.dropout() > 0) {
                    Operand<TInt64> layerSeed = tf.math.add(seed, tf.constant(new long[] {0, l * 7919L}));
                    var u = tf.random.statelessRandomUniform(tf.shape(h), layerSeed, TFloat32.class);
                    var keep = tf.dtypes.cast(tf.math.greaterEqual(u, rate), TFloat32.class);
                    h = tf.math.div(tf.math.mul(h, keep), tf.math.sub(tf.constant(1f), rate));
                }
                long[] ks = {sizes[l], sizes[l + 1]};
                long[] bs = {sizes[l + 1]};
                var kernel = tf.variable(Shape.of(ks), TFloat32.class);
                var bias = tf.variable(Shape.of(bs), TFloat32.class);
                weights.add(kernel);
                weights.add(bias);
                shapes.add(ks);
                shapes.add(bs);
                Operand<TFloat32> kr = tf.identity(kernel);
                h = tf.nn.biasAdd(tf.linalg.matMul(h, kr), tf.identity(bias));
                if (l + 2 < sizes.length) {
                    h = tf.nn.relu(h);
                }
                l2 = tf.math.add(l2, tf.nn.l2Loss(kr));
            }
            Operand<TFloat32> logits = sizes[sizes.length - 1] == 1 && k == 2
                    ? tf.concat(List.of(tf.math.sub(h, h), h), tf.constant(1)) : h;
            var ce = tf.nn.softmaxCrossEntropyWithLogits(logits, y).loss();
            Operand<TFloat32> loss = tf.math.mean(ce, tf.constant(0));
            if (spec.l2() > 0) {
                loss = tf.math.add(loss, tf.math.mul(tf.constant((float) (2 * spec.l2())), l2));
            }
            var grads = tf.gradients(loss, weights);
            List<Variable<TFloat32>> all = new ArrayList<>(weights);
            List<long[]> allShapes = new ArrayList<>(shapes);
            List<Op> updates = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                Variable<TFloat32> v = weights.get(i);
                Operand<TFloat32> grad = grads.dy(i);
                switch (spec.optimizer()) {
                    case "adam" -> {
                        var m = slot(tf, shapes.get(i), all, allShapes);
                        var vv = slot(tf, shapes.get(i), all, allShapes);
                        updates.add(tf.train.applyAdam(v, m, vv, b1p, b2p, lr, tf.constant(0.9f),
                                tf.constant(0.999f), tf.constant(1e-7f), grad));
                    }
                    case "rmsprop" -> {
                        var ms = slot(tf, shapes.get(i), all, allShapes);
                        var mom = slot(tf, shapes.get(i), all, allShapes);
                        updates.add(tf.train.applyRmsProp(v, ms, mom, lr, tf.constant(0.9f),
                                tf.constant(0f), tf.constant(1e-7f), grad));
                    }
                    default -> {
                        var acc = slot(tf, shapes.get(i), all, allShapes);
                        updates.add(tf.train.applyMomentum(v, acc, lr, grad, tf.constant((float) spec.momentum()),
                                ApplyMomentum.useNesterov(spec.nesterov())));
                    }
                }
            }
            List<Placeholder<TFloat32>> feeds = new ArrayList<>();
            List<Op> assigns = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                var feed = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(allShapes.get(i))));
                feeds.add(feed);
                assigns.add(tf.assign(all.get(i), feed));
            }
            List<Operand<TFloat32>> reads = new ArrayList<>();
            weights.forEach(v -> reads.add(tf.identity(v)));
            return new TrainingGraph(x, y, rate, seed, lr, b1p, b2p, weights, all, feeds, assigns, allShapes, reads,
                    updates);
        }

        private static Variable<TFloat32> slot(Ops tf, long[] shape, List<Variable<TFloat32>> all,
                                               List<long[]> shapes) {
            var v = tf.variable(Shape.of(shape), TFloat32.class);
            all.add(v);
            shapes.add(shape);
            return v;
        }

        /** Glorot-uniform kernels (Keras' default), zero biases and zero optimizer slots. */
        void initialise(Session s, Random rnd) {
            for (int i = 0; i < all.size(); i++) {
                long[] shape = shapes.get(i);
                int n = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                float[] v = new float[n];
                if (i < weights.size() && shape.length == 2) {
                    double limit = Math.sqrt(6.0 / (shape[0] + shape[1]));
                    for (int j = 0; j < n; j++) {
                        v[j] = (float) ((rnd.nextDouble() * 2 - 1) * limit);
                    }
                }
                try (TFloat32 t = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(v, true, false))) {
                    s.runner().feed(feeds.get(i), t).addTarget(assigns.get(i)).run();
                }
            }
        }

        void step(Session s, float[] bx, float[] by, int n, int dim, int k, HeadSpec spec, int step, int epoch) {
            try (TFloat32 xt = TFloat32.tensorOf(Shape.of(n, dim), DataBuffers.of(bx, true, false));
                 TFloat32 yt = TFloat32.tensorOf(Shape.of(n, k), DataBuffers.of(by, true, false));
                 TFloat32 r = TFloat32.scalarOf((float) spec.dropout());
                 TInt64 sd = TInt64.vectorOf(spec.seed(), step);
                 TFloat32 l = TFloat32.scalarOf((float) spec.lr());
                 TFloat32 p1 = TFloat32.scalarOf((float) Math.pow(0.9, step));
                 TFloat32 p2 = TFloat32.scalarOf((float) Math.pow(0.999, step))) {
                var runner = s.runner().feed(x, xt).feed(y, yt).feed(rate, r).feed(seed, sd).feed(lr, l)
                        .feed(beta1Power, p1).feed(beta2Power, p2);
                updates.forEach(runner::addTarget);
                runner.run();
            }
        }

        /** The current weights, copied out into a model. */
        DenseModel snapshot(Session s, int[] sizes, String output) {
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
            return new DenseModel(sizes, output, kernels, biases);
        }
    }
}
