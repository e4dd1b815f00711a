package dev.xfer.finetune;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.xfer.common.AtomicFiles;
import dev.xfer.common.BadInputException;
import dev.xfer.head.dense.DenseTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training folder beside the output ({@code models/.NAME.training/}): after every epoch, the trainable
 * variables and optimizer state ({@code epoch-N.f32}), the best epoch's trainable variables ({@code best-N.f32})
 * and {@code state.json} naming them. Each file is written whole then renamed, and state.json last, so a kill at
 * any moment leaves the previous epoch's checkpoint intact. Everything random is derived from the seed, the epoch
 * and the step, so the epoch number is the random state.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String STATE = "state.json";

    /** Where training stood after {@code epoch}; {@code options} is what must match to resume. */
    public record State(@JsonProperty("options") Map<String, Object> options, @JsonProperty("epoch") int epoch,
                        @JsonProperty("step") long step, @JsonProperty("initial_val") double[] initialVal,
                        @JsonProperty("history") List<DenseTrainer.Epoch> history,
                        @JsonProperty("best_epoch") int bestEpoch, @JsonProperty("best_score") double bestScore,
                        @JsonProperty("frozen_sha256") String frozenSha256, @JsonProperty("last") String last,
                        @JsonProperty("best") String best) {
    }

    private final Path dir;

    public Checkpoint(Path dir) {
        this.dir = dir;
    }

    /** The training folder for an output folder: hidden, beside it. */
    public static Checkpoint forOutput(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        return new Checkpoint(abs.resolveSibling("." + abs.getFileName() + ".training"));
    }

    public Path dir() {
        return dir;
    }

    public boolean exists() {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    public State state() throws IOException {
        return JSON.readValue(dir.resolve(STATE).toFile(), State.class);
    }

    /** Refuses to resume with options other than the interrupted run's, naming the first that differs. */
    public State resumable(Map<String, Object> options) throws IOException {
        State s = state();
        Map<String, Object> now = JSON.readValue(JSON.writeValueAsBytes(options), Map.class);
        for (var e : now.entrySet()) {
            Object before = s.options().get(e.getKey());
            if (!java.util.Objects.equals(before, e.getValue())) {
                throw new BadInputException("cannot resume " + dir + ": it was started with " + e.getKey() + "="
                        + before + ", now " + e.getValue() + "; rerun with the same options or delete " + dir);
            }
        }
        return s;
    }

    public Map<String, float[]> load(String file, List<NamedVariable> vars) throws IOException {
        return VariableValues.load(dir.resolve(file), vars);
    }

    /** Writes this epoch's files, then the state that names them, then drops the files it no longer names. */
    public void save(State state, List<NamedVariable> lastVars, Map<String, float[]> last,
                     List<NamedVariable> bestVars, Map<String, float[]> best) throws IOException {
        Files.createDirectories(dir);
        VariableValues.save(dir.resolve(state.last()), lastVars, last);
        if (best != null) {
            VariableValues.save(dir.resolve(state.best()), bestVars, best);
        }
        AtomicFiles.write(dir.resolve(STATE), JSON.writeValueAsBytes(state));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".f32") && !n.equals(state.last()) && !n.equals(state.best())) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    public void delete() throws IOException {
        if (Files.exists(dir)) {
            AtomicFiles.deleteTree(dir);
        }
    }
}
