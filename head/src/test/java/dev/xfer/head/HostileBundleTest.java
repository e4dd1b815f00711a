package dev.xfer.head;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import dev.xfer.common.training.ClassWeights;
import dev.xfer.head.spec.BoostSpec;
import dev.xfer.head.spec.HeadType;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles are passed around: a head whose {@code model.ser} was replaced by a hostile stream is refused within a
 * second with one line naming the file, before anything it holds runs.
 */
class HostileBundleTest {

    /** The "SerialDOS" stream: sets nested so that hashing the outer one takes 2^100 steps. */
    static Object nestedSets() {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("foo");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }

    /** Maps nested in maps: the same bomb built from the one collection Smile's models do contain. */
    static Object nestedMaps() {
        Map<Object, Object> root = new HashMap<>();
        Map<Object, Object> m1 = root;
        Map<Object, Object> m2 = new HashMap<>();
        for (int i = 0; i < 60; i++) {
            Map<Object, Object> t1 = new HashMap<>();
            Map<Object, Object> t2 = new HashMap<>();
            t1.put("foo", 1);
            m1.put(t1, 1);
            m1.put(t2, 1);
            m2.put(t1, 1);
            m2.put(t2, 1);
            m1 = t1;
            m2 = t2;
        }
        return root;
    }

    /** A class no head holds. */
    record Foreign(String payload) implements Serializable {
    }

    static byte[] serialise(Object o) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    @Test
    void hostileModelFilesAreRefusedFastWithOneLine(@TempDir Path tmp) throws Exception {
        Rows train = HeadsTest.rows(90, 6, 1);
        Head boosted = Heads.fit(new BoostSpec(1, 5), train, new Rows(new float[0], new int[0], 6),
                List.of("a", "b", "c"), ClassWeights.NONE, Progress.SILENT).head();
        Path good = Files.createDirectories(tmp.resolve("good"));
        boosted.save(good);
        byte[] real = Files.readAllBytes(good.resolve("model.ser"));
        Map<String, byte[]> streams = Map.of(
                "nested sets", serialise(nestedSets()),
                "nested maps", serialise(nestedMaps()),
                "a URL in a map", serialise(new HashMap<>(Map.of(URI.create("http://127.0.0.1:9/").toURL(), "x"))),
                "a foreign class", serialise(new Foreign("rm -rf /")),
                "a truncated file", Arrays.copyOf(real, real.length / 2));
        for (var e : streams.entrySet()) {
            Path dir = Files.createDirectories(tmp.resolve(e.getKey().replace(' ', '-')));
            Files.write(dir.resolve("model.ser"), e.getValue());
            BadInputException ex = assertTimeoutPreemptively(Duration.ofSeconds(1),
                    () -> assertThrows(BadInputException.class, () -> Heads.load(dir, HeadType.GBT, 6, 3)),
                    e.getKey() + " is refused within a second");
            assertTrue(ex.getMessage().contains(dir.resolve("model.ser").toString()), ex.getMessage());
            assertFalse(ex.getMessage().contains("\n"), "one line: " + ex.getMessage());
        }
        Heads.load(good, HeadType.GBT, 6, 3); // the real one still loads
    }
}
