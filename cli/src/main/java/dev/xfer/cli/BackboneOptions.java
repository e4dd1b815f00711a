package dev.xfer.cli;

import dev.xfer.common.Pooling;
import dev.xfer.common.Precision;
import dev.xfer.extract.graph.BackboneSpec;
import dev.xfer.extract.graph.Device;
import picocli.CommandLine.Option;

/** The options that choose how a built-in conv base is built; shared by every command that builds one. */
final class BackboneOptions {
    @Option(names = "--weights", paramLabel = "W", defaultValue = "imagenet",
            description = "imagenet (from ~/.keras/models, else downloaded and checked), random, or a Keras "
                    + ".h5 / .weights.h5 file. Default: ${DEFAULT-VALUE}.")
    String weights;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for --weights random. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--layer", paramLabel = "NAME",
            description = "Cut at this layer (e.g. mixed7, block4_pool, fire9). Default: the last notop layer.")
    String layer;

    @Option(names = "--pooling", paramLabel = "P", defaultValue = "avg",
            description = "avg, max, flatten or none. Default: ${DEFAULT-VALUE}.")
    String pooling;

    @Option(names = "--image-size", paramLabel = "S",
            description = "Square input side in pixels. Default: the architecture's (vgg16 224, inception_v3 "
                    + "299, squeezenet 227).")
    Integer imageSize;

    @Option(names = "--device", paramLabel = "D", defaultValue = "auto",
            description = "cpu, gpu or auto (a GPU when TensorFlow can use one; needs the gpu build). "
                    + "Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "fp32",
            description = "fp32, or bf16: oneDNN's bfloat16 mixed precision, faster on CPUs with avx512_bf16 or "
                    + "amx_bf16, slower on others (still bf16's rounding: use it there to check accuracy). "
                    + "Features of each precision are stored apart. Default: ${DEFAULT-VALUE}.")
    String precision;

    /** Says on {@code err}, in one line, when the asked precision runs slower than fp32 on this CPU. */
    void noteSlowPrecision(java.io.PrintWriter err) {
        dev.xfer.extract.graph.Arithmetic.slowerHere(Precision.parse(precision))
                .ifPresent(note -> err.println("xfer: note: " + note));
    }

    BackboneSpec spec(String arch) {
        return new BackboneSpec(arch, weights, seed, layer, Pooling.parse(pooling), imageSize,
                Device.parse(device), Precision.parse(precision));
    }
}
