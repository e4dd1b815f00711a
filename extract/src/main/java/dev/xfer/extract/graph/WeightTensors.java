package dev.xfer.extract.graph;

import dev.xfer.extract.weights.WeightSet;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * A conv base's weights as TensorFlow tensors, one per variable of a {@link BackboneGraph}, in its order. They can
 * fill the variables (one run) or be fed with every run in place of the variables' reads: a feature extraction then
 * never assigns its variables, and TensorFlow prunes and optimises the graph once (for the features) instead of
 * twice (measured on InceptionV3: the assignment's own optimisation pass was a third of a second of start-up).
 */
public final class WeightTensors implements AutoCloseable {
    private final List<BackboneGraph.WeightVariable> variables;
    private final List<TFloat32> values;

    private WeightTensors(List<BackboneGraph.WeightVariable> variables, List<TFloat32> values) {
        this.variables = variables;
        this.values = values;
    }

    /** Copies each of {@code graph}'s weights out of {@code weights} into a tensor of its own. */
    public static WeightTensors of(BackboneGraph graph, WeightSet weights) {
        List<TFloat32> values = new ArrayList<>(graph.variables().size());
        try {
            for (BackboneGraph.WeightVariable v : graph.variables()) {
                List<WeightSet.Tensor> tensors = weights.of(v.layer().name());
                WeightSet.Tensor t = tensors.get(v.layer().weightNames().indexOf(v.weightName()));
                if (!java.util.Arrays.equals(t.shape(), v.shape())) {
                    // a feed is not checked against the variable's shape as an assignment is
                    throw new IllegalStateException(v.name() + ": weights of shape " + java.util.Arrays.toString(
                            t.shape()) + " for a variable of " + java.util.Arrays.toString(v.shape()));
                }
                values.add(TFloat32.tensorOf(Shape.of(t.shape()), DataBuffers.of(t.values(), true, false)));
            }
        } catch (RuntimeException e) {
            values.forEach(TFloat32::close);
            throw e;
        }
        return new WeightTensors(graph.variables(), values);
    }

    /** Feeds every weight as the value its variable's read gives, so the run needs no variable. */
    public Session.Runner feed(Session.Runner run) {
        for (int i = 0; i < values.size(); i++) {
            run.feed(variables.get(i).read(), values.get(i));
        }
        return run;
    }

    /**
     * Fills every variable in one session run: each run with a new set of feeds and targets makes TensorFlow prune
     * and optimise the graph again, which cost InceptionV3 (about 470 variables) seconds when done one by one.
     */
    public void assign(Session session) {
        if (variables.isEmpty()) {
            return;
        }
        Session.Runner run = session.runner();
        for (int i = 0; i < values.size(); i++) {
            run.feed(variables.get(i).feed(), values.get(i)).addTarget(variables.get(i).assign());
        }
        run.run();
    }

    @Override
    public void close() {
        values.forEach(TFloat32::close);
    }
}
