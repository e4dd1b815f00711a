package dev.xfer.extract.graph;

import dev.xfer.common.BadInputException;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Where the conv base runs. {@code cpu} hides every GPU from the session; {@code gpu} insists on one and says
 * what is missing when there is none; {@code auto} uses a GPU when TensorFlow can place an op on one.
 */
public enum Device {
    CPU, GPU, AUTO;

    private static volatile String gpuProblem;
    private static volatile boolean probed;

    public static Device parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--device " + s + ": use cpu, gpu or auto");
        }
    }

    /** The device actually used: AUTO becomes GPU or CPU; GPU without a usable one is refused here. */
    public Device resolve() {
        return switch (this) {
            case CPU -> CPU;
            case GPU -> {
                String why = gpuProblem();
                if (why != null) {
                    throw new BadInputException("--device gpu: " + why + "; or run with --device cpu");
                }
                yield GPU;
            }
            case AUTO -> gpuProblem() == null ? GPU : CPU;
        };
    }

    /** Session options for this device (resolve first). */
    public ConfigProto config() {
        ConfigProto.Builder b = ConfigProto.newBuilder();
        if (this == CPU) {
            b.putDeviceCount("GPU", 0);
        } else {
            b.setAllowSoftPlacement(true);
        }
        return b.build();
    }

    /** Null when a GPU is usable, else what is missing. Probed once per process. */
    public static String gpuProblem() {
        if (!probed) {
            synchronized (Device.class) {
                if (!probed) {
                    gpuProblem = probe();
                    probed = true;
                }
            }
        }
        return gpuProblem;
    }

    private static String probe() {
        if (!gpuBuild()) {
            return "this xfer was built with TensorFlow's CPU library: rebuild with 'mvn -Pgpu package' on a host "
                    + "with CUDA 12 and cuDNN 9";
        }
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g).withDevice(org.tensorflow.DeviceSpec.newBuilder()
                    .deviceType(org.tensorflow.DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
            var out = tf.math.add(tf.constant(1f), tf.constant(2f));
            ConfigProto strict = ConfigProto.newBuilder().setAllowSoftPlacement(false).build();
            try (Session s = new Session(g, strict);
                 TFloat32 r = (TFloat32) s.runner().fetch(out).run().get(0)) {
                return r.getFloat() == 3f ? null : "the GPU computed 1 + 2 wrongly";
            }
        } catch (RuntimeException e) {
            return "TensorFlow found no usable GPU (" + firstLine(e.getMessage()) + "): check that nvidia-smi "
                    + "lists one and that CUDA 12 and cuDNN 9 are installed";
        }
    }

    /** Whether the TensorFlow native library on the class path is the CUDA build (the {@code gpu} profile). */
    static boolean gpuBuild() {
        ClassLoader cl = Device.class.getClassLoader();
        if (cl.getResource("org/tensorflow/internal/c_api/linux-x86_64-gpu/") != null) {
            return true;
        }
        var lib = cl.getResource("org/tensorflow/internal/c_api/linux-x86_64/libjnitensorflow.so");
        return lib != null && lib.toString().contains("-gpu");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no message";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
