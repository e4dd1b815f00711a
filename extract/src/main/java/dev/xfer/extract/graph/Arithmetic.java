package dev.xfer.extract.graph;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How a precision is carried out on a device. bf16 is oneDNN's automatic mixed precision, a grappler rewrite of the
 * session: the graph stays fp32, so kept graphs are shared with fp32, and a SavedModel cannot carry it. On a CPU
 * without bfloat16 instructions the rewrite still runs, on TensorFlow's Eigen bfloat16 kernels instead of oneDNN's
 * (bf16's rounding, slower than fp32), which {@link #slowerHere} says so a user is not surprised.
 */
public record Arithmetic(Device device, Precision precision) {
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final Pattern FLAGS = Pattern.compile("(?m)^flags\\s*:\\s*(.*)$");
    private static volatile Set<String> cpuFlags;

    /** Resolves the device and refuses a precision it cannot run. */
    public static Arithmetic resolve(Device device, Precision precision) {
        Device d = device.resolve();
        if (precision == Precision.BF16 && d != Device.CPU) {
            throw new BadInputException("--precision bf16 is oneDNN's CPU arithmetic; on a GPU use fp32 "
                    + "(or --device cpu)");
        }
        return new Arithmetic(d, precision);
    }

    /** Session options: the device's, plus the bfloat16 rewrite for bf16. */
    public ConfigProto config() {
        ConfigProto base = device.config();
        if (precision != Precision.BF16) {
            return base;
        }
        return base.toBuilder().setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(
                RewriterConfig.newBuilder().setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON))).build();
    }

    /**
     * A one-line note when {@code precision} runs slower than fp32 on this CPU (bf16 without avx512_bf16 or
     * amx_bf16), else empty. Read from /proc/cpuinfo: no TensorFlow needed.
     */
    public static java.util.Optional<String> slowerHere(Precision precision) {
        if (precision != Precision.BF16 || cpuHasBf16()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("--precision bf16 on a CPU without bfloat16 instructions (no avx512_bf16 or "
                + "amx_bf16 in " + CPU_INFO + "): bf16's numbers, but slower than fp32 here; use it to check "
                + "accuracy, fp32 for speed");
    }

    /** Whether this CPU has the instructions oneDNN's bfloat16 kernels run fast on. */
    public static boolean cpuHasBf16() {
        Set<String> f = cpuFlags;
        if (f == null) {
            try {
                var m = FLAGS.matcher(Files.readString(CPU_INFO));
                f = m.find() ? Arrays.stream(m.group(1).trim().split("\\s+")).collect(Collectors.toSet()) : Set.of();
            } catch (IOException | RuntimeException e) {
                f = Set.of(); // not Linux, or no /proc: treat as no bfloat16
            }
            cpuFlags = f;
        }
        return f.contains("avx512_bf16") || f.contains("amx_bf16");
    }
}
