package dev.xfer.finetune;

import dev.xfer.common.Pooling;
import dev.xfer.extract.arch.Architecture;
import dev.xfer.extract.augment.AugmentOps;
import dev.xfer.extract.augment.AugmentSpec;
import dev.xfer.extract.graph.BackboneGraph;
import dev.xfer.head.spec.DenseSpec;
import dev.xfer.head.dense.DenseLayers;
import dev.xfer.head.dense.OptimizerOps;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The whole model as one training graph: images, augmentation (when asked), the conv base up to the cut, pooling,
 * the dense head, the class-weighted loss, gradients of the trainable variables only, and the optimizer's apply
 * ops for them. Frozen layers are in the graph but no update op touches them, so their values cannot change;
 * BatchNormalization runs in inference mode everywhere (moving statistics are never trainable).
 *
 * @param trainable the conv-base and head variables a step changes
 * @param frozen    the conv-base variables it must not change
 * @param slots     optimizer state, checkpointed with the trainable ones
 */
public record FineTuneGraph(BackboneGraph backbone, AugmentOps augment, Placeholder<TFloat32> labels,
                            Placeholder<TFloat32> rate, Placeholder<TInt64> seed, Operand<TFloat32> loss,
                            Operand<TFloat32> probabilities, OptimizerOps optimizer, List<NamedVariable> head,
                            List<NamedVariable> trainable, List<NamedVariable> frozen, List<NamedVariable> slots) {

    /**
     * The same model for inference: no augmentation, no dropout, no training ops; what is exported. Nothing trains
     * in it, so its trainable, frozen and slot lists are empty.
     */
    public static FineTuneGraph inference(Ops tf, Architecture arch, String cut, Pooling pooling, int size,
                                          int[] sizes, int classes) {
        BackboneGraph b = BackboneGraph.build(tf, arch, cut, pooling, size);
        Ops h = tf.withSubScope("head");
        DenseLayers d = DenseLayers.build(h, b.features(), sizes, classes, null, null);
        List<NamedVariable> head = headVariables(h, d);
        Operand<TFloat32> probs = tf.withName("probabilities").nn.softmax(d.logits());
        return new FineTuneGraph(b, null, null, null, null, null, probs, null, head, List.of(), List.of(), List.of());
    }

    public static FineTuneGraph training(Ops tf, Architecture arch, String cut, Pooling pooling, int size,
                                         int[] sizes, int classes, AugmentSpec augment, Set<String> trainableLayers,
                                         DenseSpec spec) {
        AugmentOps[] aug = new AugmentOps[1];
        BackboneGraph b = BackboneGraph.build(tf, arch, cut, pooling, size, images -> {
            if (augment.isNone()) {
                return images;
            }
            aug[0] = AugmentOps.build(tf, images, size, augment);
            return aug[0].output();
        });
        var labels = tf.withName("labels").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
        var rate = tf.withName("dropout_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        var seed = tf.withName("dropout_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
        Ops h = tf.withSubScope("head");
        DenseLayers d = DenseLayers.build(h, b.features(), sizes, classes, spec.dropout() > 0 ? rate : null, seed);
        List<NamedVariable> head = headVariables(h, d);
        Operand<TFloat32> loss = d.loss(tf, labels, spec.l2());
        List<NamedVariable> trainable = new ArrayList<>();
        List<NamedVariable> frozen = new ArrayList<>();
        for (BackboneGraph.WeightVariable w : b.variables()) {
            (w.trainable() && trainableLayers.contains(w.layer().name()) ? trainable : frozen)
                    .add(NamedVariable.of(w));
        }
        trainable.addAll(head);
        var grads = tf.gradients(loss, trainable.stream().map(NamedVariable::variable).toList());
        List<Operand<TFloat32>> dy = new ArrayList<>();
        for (int i = 0; i < trainable.size(); i++) {
            dy.add(grads.dy(i));
        }
        OptimizerOps opt = OptimizerOps.build(tf.withSubScope("optimizer"), spec.optimizer(), spec.momentum(),
                spec.nesterov(), trainable.stream().map(NamedVariable::variable).toList(),
                trainable.stream().map(NamedVariable::shape).toList(), dy);
        List<NamedVariable> slots = new ArrayList<>();
        for (int i = 0; i < opt.slots().size(); i++) {
            slots.add(NamedVariable.of(tf, "slot/" + i, opt.slots().get(i), opt.shapes().get(i)));
        }
        Operand<TFloat32> probs = tf.nn.softmax(d.logits());
        return new FineTuneGraph(b, aug[0], labels, rate, seed, loss, probs, opt, head, List.copyOf(trainable),
                List.copyOf(frozen), List.copyOf(slots));
    }

    private static List<NamedVariable> headVariables(Ops h, DenseLayers d) {
        List<NamedVariable> head = new ArrayList<>();
        for (int i = 0; i < d.weights().size(); i++) {
            head.add(NamedVariable.of(h, "head/dense_" + i / 2 + (i % 2 == 0 ? "/kernel" : "/bias"),
                    d.weights().get(i), d.shapes().get(i)));
        }
        return head;
    }

    /** Every conv-base variable, trained or not: what the export fills from the weights file. */
    public List<NamedVariable> backboneVariables() {
        return backbone.variables().stream().map(NamedVariable::of).toList();
    }

    /** What a checkpoint holds: trainable variables, then optimizer state. */
    public List<NamedVariable> checkpointed() {
        List<NamedVariable> all = new ArrayList<>(trainable);
        all.addAll(slots);
        return all;
    }
}
