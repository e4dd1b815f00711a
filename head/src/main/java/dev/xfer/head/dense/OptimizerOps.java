package dev.xfer.head.dense;

import dev.xfer.head.spec.DenseSpec;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/**
 * One optimizer step as TensorFlow's own apply ops (ApplyAdam, ApplyRmsProp, ApplyMomentum), for exactly the
 * variables given: whatever is not in the list gets no update, which is how layers are frozen. The learning rate
 * and Adam's beta powers are fed per step, so the step count lives in Java and can be checkpointed.
 *
 * @param updates the ops to run once per step
 * @param slots   the optimizer's own variables (moments, accumulators), to save and restore
 * @param shapes  their shapes
 */
public record OptimizerOps(List<Op> updates, List<Variable<TFloat32>> slots, List<long[]> shapes,
                           Placeholder<TFloat32> lr, Placeholder<TFloat32> beta1Power,
                           Placeholder<TFloat32> beta2Power) {

    /** sgd (with momentum, optionally Nesterov), rmsprop or adam, with Keras' default constants. */
    public static OptimizerOps build(Ops tf, DenseSpec.Optimizer optimizer, double momentum, boolean nesterov,
                                     List<? extends Operand<TFloat32>> vars, List<long[]> shapes,
                                     List<? extends Operand<TFloat32>> grads) {
        var lr = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        var b1p = tf.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        var b2p = tf.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
        // Reads of a VariableV2 alias its buffer, and an apply op updates it in place: without this barrier an
        // update can land while another gradient still reads the old value, and runs stop being reproducible.
        List<org.tensorflow.Operation> gradOps = new ArrayList<>();
        grads.forEach(g -> gradOps.add(g.op()));
        Ops after = tf.withControlDependencyOps(gradOps);
        List<Op> updates = new ArrayList<>();
        List<Variable<TFloat32>> slots = new ArrayList<>();
        List<long[]> slotShapes = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            @SuppressWarnings("unchecked")
            Variable<TFloat32> v = (Variable<TFloat32>) vars.get(i);
            long[] shape = shapes.get(i);
            Operand<TFloat32> grad = grads.get(i);
            switch (optimizer) {
                case ADAM -> updates.add(after.train.applyAdam(v, slot(tf, shape, slots, slotShapes),
                        slot(tf, shape, slots, slotShapes), b1p, b2p, lr, tf.constant(0.9f), tf.constant(0.999f),
                        tf.constant(1e-7f), grad));
                case RMSPROP -> updates.add(after.train.applyRmsProp(v, slot(tf, shape, slots, slotShapes),
                        slot(tf, shape, slots, slotShapes), lr, tf.constant(0.9f), tf.constant(0f),
                        tf.constant(1e-7f), grad));
                case SGD -> updates.add(after.train.applyMomentum(v, slot(tf, shape, slots, slotShapes), lr, grad,
                        tf.constant((float) momentum), ApplyMomentum.useNesterov(nesterov)));
            }
        }
        return new OptimizerOps(List.copyOf(updates), List.copyOf(slots), List.copyOf(slotShapes), lr, b1p, b2p);
    }

    private static Variable<TFloat32> slot(Ops tf, long[] shape, List<Variable<TFloat32>> slots, List<long[]> shapes) {
        var v = tf.variable(Shape.of(shape), TFloat32.class);
        slots.add(v);
        shapes.add(shape);
        return v;
    }

    /** Adam's bias-correction terms for 1-based {@code step}. */
    public static float beta1Power(long step) {
        return (float) Math.pow(0.9, step);
    }

    public static float beta2Power(long step) {
        return (float) Math.pow(0.999, step);
    }
}
