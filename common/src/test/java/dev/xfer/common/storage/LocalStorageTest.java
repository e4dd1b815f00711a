package dev.xfer.common.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guarantees the feature store's commit relies on, on a real file system. */
class LocalStorageTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesReplaceWholeAndTemporariesStayHidden(@TempDir Path tmp) throws Exception {
        LocalStorage s = new LocalStorage(tmp);
        s.write("a/b.json", Storage.bytes(utf8("one")));
        s.write("a/b.json", Storage.bytes(utf8("two")));
        assertArrayEquals(utf8("two"), s.read("a/b.json"));
        Files.writeString(tmp.resolve("a/.b.json.1234.tmp"), "half");
        assertEquals(List.of("b.json"), s.list("a").stream().map(Storage.Entry::name).toList());
        assertEquals(List.of(".b.json.1234.tmp"), s.temporaries("a").stream().map(Storage.Entry::name).toList());
        assertEquals(List.of(), s.list("nothing-here"));
        assertThrows(IllegalArgumentException.class, () -> s.read("../escape"));
    }

    @Test
    void aWriterThatFailsHalfwayLeavesNothingVisible(@TempDir Path tmp) throws Exception {
        LocalStorage s = new LocalStorage(tmp);
        assertThrows(IOException.class, () -> s.write("x.arrow", out -> {
            out.write(java.nio.ByteBuffer.wrap(utf8("partial")));
            throw new IOException("killed");
        }));
        assertFalse(s.exists("x.arrow"));
        assertEquals(0, s.temporaries("").size(), "the writer's own temporary is removed when it fails");
    }

    @Test
    void createIfAbsentHasOneWinnerUnderRaces(@TempDir Path tmp) throws Exception {
        LocalStorage s = new LocalStorage(tmp);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String name = "snap-" + round + ".json";
                List<Future<Boolean>> wins = new ArrayList<>();
                for (int w = 0; w < 8; w++) {
                    int writer = w;
                    wins.add(pool.submit(() -> s.writeIfAbsent(name, utf8("writer " + writer))));
                }
                int winners = 0;
                for (Future<Boolean> f : wins) {
                    winners += f.get() ? 1 : 0;
                }
                assertEquals(1, winners, "exactly one writer creates " + name);
                assertTrue(new String(s.read(name), StandardCharsets.UTF_8).startsWith("writer "));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void contentAddressedObjectsAreNamedByTheirBytes(@TempDir Path tmp) throws Exception {
        LocalStorage s = new LocalStorage(tmp);
        String a = s.writeContentAddressed("shards", ".arrow", Storage.bytes(utf8("features")));
        String b = s.writeContentAddressed("shards", ".arrow", Storage.bytes(utf8("features")));
        assertEquals(Digests.sha256(utf8("features")) + ".arrow", a);
        assertEquals(a, b, "the same bytes twice make one object");
        assertEquals(1, s.list("shards").size());
        assertEquals(Digests.sha256(utf8("features")), s.sha256("shards/" + a));
    }
}
