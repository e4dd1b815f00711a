import dev.xfer.common.Progress;
import dev.xfer.common.store.FeatureTable;
import dev.xfer.common.store.SnapshotRef;
import dev.xfer.common.training.Split;
import dev.xfer.doctor.Diagnosis;
import dev.xfer.doctor.Doctor;
import dev.xfer.doctor.DoctorOptions;
import dev.xfer.head.spec.HeadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * `xfer doctor`'s analysis on synthetic features of a given size (bench/doctor_scale.sh): N rows x D non-negative
 * features in 10 clusters (pooled-ReLU-like), 1% of rows planted as noisy copies of others, 2% labels flipped.
 * Prints one JSON line: seconds per phase, groups found, planted copies found, flips flagged.
 * Usage: java -cp 'cli/target/lib/*' bench/DoctorScale.java N D [LABELS=true]
 */
public class DoctorScale {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int d = Integer.parseInt(args[1]);
        boolean labels = args.length < 3 || Boolean.parseBoolean(args[2]);
        Random rnd = new Random(3);
        int classes = 10;
        float[][] centre = new float[classes][d];
        for (float[] c : centre) {
            for (int j = 0; j < d; j++) {
                c[j] = (float) Math.max(0, rnd.nextGaussian());
            }
        }
        float[] x = new float[Math.multiplyExact(n, d)];
        int[] y = new int[n];
        int copies = n / 100;
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            if (i >= n - copies) {
                int src = (int) ((long) (i - (n - copies)) * 97 % (n - copies)) + 1;
                y[i] = y[src];
                for (int j = 0; j < d; j++) {
                    x[i * d + j] = Math.max(0, x[src * d + j] + 0.05f * (float) rnd.nextGaussian());
                }
                continue;
            }
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) Math.max(0, centre[y[i]][j] + 1.2 * rnd.nextGaussian());
            }
        }
        int flips = 0;
        for (int i = 0; i < n - copies; i += 50) {
            y[i] = (y[i] + 1) % classes;
            flips++;
        }
        List<String> paths = new ArrayList<>();
        List<Split> splits = new ArrayList<>();
        List<String> sha = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        for (int i = 0; i < n; i++) {
            paths.add(String.format("img%07d.jpg", i));
            splits.add(i % 5 == 0 ? Split.TEST : Split.TRAIN);
            sha.add(Integer.toHexString(i));
        }
        FeatureTable t = new FeatureTable(null, new SnapshotRef("0".repeat(64), "synthetic", "0", "synthetic"), names,
                paths, y, splits, sha, new int[n], x, d);
        HeadSpec logreg = DoctorOptions.headSpec("logreg", DoctorOptions.DEFAULT_C, 42);
        DoctorOptions o = new DoctorOptions(0.95, logreg, 5, 42, Runtime.getRuntime().availableProcessors(),
                List.of());
        long t0 = System.nanoTime();
        Diagnosis r = labels ? Doctor.examine(t, o, Progress.SILENT) : null;
        double total = (System.nanoTime() - t0) / 1e9;
        if (r == null) {
            long s0 = System.nanoTime();
            var found = dev.xfer.doctor.similarity.Duplicates.find(t, 0.95, DoctorOptions.NEIGHBOURS, o.threads(),
                    Progress.SILENT);
            double s = (System.nanoTime() - s0) / 1e9;
            System.out.printf("{\"n\": %d, \"d\": %d, \"duplicates_s\": %.2f, \"groups\": %d, \"planted_copies\": %d}%n",
                    n, d, s, found.groups().size(), copies);
            return;
        }
        long caught = r.labelIssues().stream().filter(i -> Integer.parseInt(i.path().substring(3, 10)) % 50 == 0
                && Integer.parseInt(i.path().substring(3, 10)) < n - copies).count();
        System.out.printf("{\"n\": %d, \"d\": %d, \"total_s\": %.2f, \"seconds\": %s, \"groups\": %d, "
                        + "\"planted_copies\": %d, \"flagged\": %d, \"flips\": %d, \"flips_flagged\": %d}%n", n, d, total,
                r.seconds(), r.duplicates().size(), copies, r.labelIssues().size(), flips, caught);
    }
}
