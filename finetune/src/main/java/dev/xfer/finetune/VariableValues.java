package dev.xfer.finetune;

import dev.xfer.common.AtomicFiles;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Digests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Values of named variables, read from or written to a session, and stored as one little-endian float file in
 * the order of the variable list (the list, not the file, says what is where: a checkpoint is only read back by
 * the same graph). Their sha256 is how frozen layers are shown not to move.
 */
public final class VariableValues {
    private VariableValues() {
    }

    public static Map<String, float[]> read(Session s, List<NamedVariable> vars) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int from = 0; from < vars.size(); from += 64) {
            List<NamedVariable> part = vars.subList(from, Math.min(vars.size(), from + 64));
            var runner = s.runner();
            part.forEach(v -> runner.fetch(v.read()));
            try (Result r = runner.run()) {
                for (int i = 0; i < part.size(); i++) {
                    float[] v = new float[part.get(i).size()];
                    ((TFloat32) r.get(i)).copyTo(DataBuffers.of(v, false, false));
                    out.put(part.get(i).name(), v);
                }
            }
        }
        return out;
    }

    /** Assigns every variable of {@code vars} that {@code values} holds. */
    public static void write(Session s, List<NamedVariable> vars, Map<String, float[]> values) {
        for (NamedVariable v : vars) {
            float[] value = values.get(v.name());
            if (value == null) {
                continue;
            }
            if (value.length != v.size()) {
                throw new IllegalStateException(v.name() + ": " + value.length + " values for shape of " + v.size());
            }
            try (TFloat32 t = TFloat32.tensorOf(Shape.of(v.shape()), DataBuffers.of(value, true, false))) {
                s.runner().feed(v.feed(), t).addTarget(v.assign()).run();
            }
        }
    }

    public static void save(Path file, List<NamedVariable> vars, Map<String, float[]> values) throws IOException {
        long n = vars.stream().mapToLong(NamedVariable::size).sum();
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n * Float.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        for (NamedVariable v : vars) {
            b.asFloatBuffer().put(values.get(v.name()));
            b.position(b.position() + v.size() * Float.BYTES);
        }
        AtomicFiles.write(file, b.array());
    }

    public static Map<String, float[]> load(Path file, List<NamedVariable> vars) throws IOException {
        long n = vars.stream().mapToLong(NamedVariable::size).sum();
        if (!Files.isRegularFile(file) || Files.size(file) != n * Float.BYTES) {
            throw new BadInputException(file + ": missing or of the wrong size for this model (" + n * Float.BYTES
                    + " bytes expected); delete the training folder and start again");
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (NamedVariable v : vars) {
            float[] value = new float[v.size()];
            b.asFloatBuffer().get(value);
            b.position(b.position() + value.length * Float.BYTES);
            out.put(v.name(), value);
        }
        return out;
    }

    /** One digest over names and values, in list order. */
    public static String sha256(List<NamedVariable> vars, Map<String, float[]> values) {
        long n = 0;
        for (NamedVariable v : vars) {
            n += v.name().length() + 1 + (long) v.size() * Float.BYTES;
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(n)).order(ByteOrder.LITTLE_ENDIAN);
        for (NamedVariable v : vars) {
            b.put((v.name() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (float f : values.get(v.name())) {
                b.putFloat(f);
            }
        }
        return Digests.sha256(b.array());
    }
}
