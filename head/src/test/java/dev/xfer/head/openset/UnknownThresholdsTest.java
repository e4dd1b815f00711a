package dev.xfer.head.openset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xfer.common.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Thresholds on two well-separated classes: members pass, a direction neither class has is unknown. */
class UnknownThresholdsTest {
    private static final int DIM = 8;

    /** {@code n} rows per class around two opposite directions, from {@code seed}. */
    private static float[] rows(int n, long seed, int[] yOut) {
        Random r = new Random(seed);
        float[] x = new float[2 * n * DIM];
        for (int i = 0; i < 2 * n; i++) {
            int c = i % 2;
            yOut[i] = c;
            for (int j = 0; j < DIM; j++) {
                x[i * DIM + j] = (float) ((j < DIM / 2) == (c == 0) ? 3 + r.nextGaussian() * 0.5 : r.nextGaussian() * 0.5);
            }
        }
        return x;
    }

    @Test
    void membersPassAForeignDirectionIsUnknownAndTheFilesRoundTrip(@TempDir Path dir) throws Exception {
        int[] y = new int[400];
        float[] x = rows(200, 1, y);
        UnknownThresholds t = UnknownThresholds.fit(x, y, DIM, List.of("cat", "dog"), 5, 0.95, 5, 1000, 7);

        int[] yNew = new int[400];
        float[] fresh = rows(200, 2, yNew);
        int unknown = 0;
        for (int i = 0; i < 400; i++) {
            UnknownThresholds.Verdict v = t.check(fresh, i * DIM);
            assertEquals(yNew[i], v.nearest(), "row " + i);
            unknown += v.unknown() ? 1 : 0;
        }
        assertTrue(unknown <= 40, "at the 95th percentile about 5% of fresh members fall outside: " + unknown);

        float[] foreign = new float[DIM];
        for (int j = 0; j < DIM; j++) {
            foreign[j] = j % 2 == 0 ? 3 : -3;
        }
        UnknownThresholds.Verdict far = t.check(foreign, 0);
        assertTrue(far.unknown(), "ratio " + far.ratio());

        List<String> files = t.save(dir);
        assertEquals(List.of(UnknownThresholds.FILE, UnknownThresholds.FEATURES), files);
        UnknownThresholds back = UnknownThresholds.load(dir);
        assertArrayEquals(t.stored().thresholds(), back.stored().thresholds(), 0);
        for (int i = 0; i < 20; i++) {
            assertEquals(t.check(fresh, i * DIM), back.check(fresh, i * DIM));
        }
        assertEquals(far, back.check(foreign, 0));

        Path data = dir.resolve(UnknownThresholds.FEATURES);
        Files.write(data, java.util.Arrays.copyOf(Files.readAllBytes(data), 100));
        BadInputException e = assertThrows(BadInputException.class, () -> UnknownThresholds.load(dir));
        assertTrue(e.getMessage().contains("retrain"), e.getMessage());
        assertNull(UnknownThresholds.load(dir.resolve("elsewhere")));
    }

    @Test
    void tooFewRowsOfAClassAreRefused() {
        int[] y = new int[6];
        float[] x = rows(3, 1, y);
        BadInputException e = assertThrows(BadInputException.class,
                () -> UnknownThresholds.fit(x, y, DIM, List.of("cat", "dog"), 5, 0.95, 5, 1000, 7));
        assertFalse(e.getMessage().isBlank());
    }
}
