import dev.xfer.common.storage.LocalStorage;
import dev.xfer.common.store.Catalog;
import dev.xfer.common.store.FeatureTable;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.arrow.memory.RootAllocator;

/**
 * xfer's side of bench/cache_readback.sh: reads snapshot SNAPSHOT of cache CACHE into a float matrix REPEAT times
 * in one JVM and prints one line per mode: the first read (a fresh JVM's) and the median of the rest, in GB/s of
 * feature bytes. Run as a single-file program on the CLI's classpath.
 */
public class ReadBack {
    public static void main(String[] args) throws Exception {
        Catalog.Found found = new Catalog(new LocalStorage(Path.of(args[0]))).resolve(args[1]);
        int repeat = Integer.parseInt(args[2]);
        for (boolean verify : new boolean[] {false, true}) {
            double[] s = new double[repeat];
            long bytes = 0;
            try (RootAllocator a = new RootAllocator()) {
                for (int r = 0; r < repeat; r++) {
                    long t0 = System.nanoTime();
                    FeatureTable t = found.table(a, verify);
                    s[r] = (System.nanoTime() - t0) / 1e9;
                    bytes = (long) t.features().length * Float.BYTES;
                }
                if (a.getAllocatedMemory() != 0) {
                    throw new IllegalStateException("Arrow memory left allocated: " + a.getAllocatedMemory());
                }
            }
            double first = s[0];
            double[] rest = Arrays.copyOfRange(s, 1, repeat);
            Arrays.sort(rest);
            double median = rest[rest.length / 2];
            System.out.printf("xfer %s %d %.4f %.4f %.3f%n", verify ? "verified" : "plain", bytes, first, median,
                    bytes / median / 1e9);
        }
    }
}
