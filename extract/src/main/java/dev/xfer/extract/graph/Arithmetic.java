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
 * How a precision is carried out on a device. bf16 is oneDNN's automatic mixed precision, a grappler rewrite of
 * the session (the graph stays fp32, so kept graphs and exported models are shared with fp32); TensorFlow skips
 * that rewrite without a word on a CPU lacking bfloat16 instructions, so bf16 is refused there rather than
 * recorded in provenance for features that are fp32. bf16-emulated rounds inside the graph instead.
 */
public record Arithmetic(Device device, Precision precision) {
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");
    private static final Pattern FLAGS = Pattern.compile("(?m)^flags\\s*:\\s*(.*)$");
    private static volatile Set<String> cpuFlags;

    /** Resolves the device and refuses a precision it cannot run. */
    public static Arithmetic resolve(Device device, Precision precision) {
        Device d = device.resolve();
        if (precision == Precision.BF16) {
            if (d != Device.CPU) {
                throw new BadInputException("--precision bf16 is oneDNN's CPU arithmetic; on a GPU use fp32 "
                        + "(or --device cpu on a CPU with bfloat16 instructions)");
            }
            requireCpuFor(precision);
        }
        return new Arithmetic(d, precision);
    }

    /**
     * Refuses bf16 on a CPU without bfloat16 instructions, without loading TensorFlow: checked before an extraction
     * hashes its images.
     */
    public static void requireCpuFor(Precision precision) {
        if (precision == Precision.BF16 && !cpuHasBf16()) {
            throw new BadInputException("--precision bf16: this CPU has no bfloat16 instructions (neither "
                    + "avx512_bf16 nor amx_bf16 in " + CPU_INFO + "), so TensorFlow would run fp32; use "
                    + "--precision fp32, or bf16-emulated to see what bf16 would do to accuracy");
        }
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

    /** Whether the graph itself rounds to bfloat16 (emulation), which makes it a different graph. */
    public boolean roundsInGraph() {
        return precision == Precision.BF16_EMULATED;
    }

    /** Whether this CPU has the instructions oneDNN's bfloat16 kernels run fast on. */
    public static boolean cpuHasBf16() {
        Set<String> flags = cpuFlags();
        return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
    }

    private static Set<String> cpuFlags() {
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
        return f;
    }
}
