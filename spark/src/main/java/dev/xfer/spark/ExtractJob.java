package dev.xfer.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark job's main class, for spark-submit (standalone, YARN, Kubernetes): extracts one dataset into the
 * feature store and prints {@code xfer-result} and the summary as JSON on stdout. Progress goes to stderr as
 * {@code xfer-progress} lines. Exit code 0, 2 for bad input (one line saying what to do), 1 otherwise. Started
 * by {@code xfer extract --spark}, the driver stops when that xfer process dies.
 */
public final class ExtractJob {
    public static final String RESULT = "xfer-result ";

    private ExtractJob() {
    }

    public static void main(String[] args) {
        int code;
        try {
            JobArgs a = JobArgs.parse(args);
            watchParent(a.parentPid());
            SparkConf conf = new SparkConf().setAppName("xfer extract " + a.dataset());
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                DistributedExtraction.Result r = DistributedExtraction.run(sc, a);
                System.out.println(RESULT + new ObjectMapper().writeValueAsString(summary(r)));
                System.out.flush();
            }
            code = 0;
        } catch (BadInputException e) {
            System.err.println("xfer: " + e.getMessage());
            code = 2;
        } catch (Exception e) {
            System.err.println("xfer: the Spark extraction failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /** The same keys local extraction prints, plus what only a cluster has. */
    static Map<String, Object> summary(DistributedExtraction.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot", r.snapshot().id());
        m.put("store", r.snapshot().store());
        m.put("dataset", r.snapshot().dataset());
        m.put("images", r.images());
        m.put("extracted", r.extracted());
        m.put("reused", r.reused());
        m.put("skipped", r.skipped());
        m.put("rows", r.snapshot().rows());
        m.put("seconds", r.seconds());
        m.put("images_per_second", r.seconds() > 0 ? r.extracted() / r.seconds() : 0);
        m.put("classes", r.snapshot().classes());
        m.put("store_dir", r.storeDir());
        m.put("quarantine", r.quarantine());
        m.put("partitions", r.partitions());
        m.put("conv_base_loads_per_executor_jvm", r.loadsPerJvm());
        return m;
    }

    /** Stops the driver (and with it the application) when the process that started it is gone. */
    private static void watchParent(long pid) {
        if (pid <= 0) {
            return;
        }
        ProcessHandle.of(pid).ifPresentOrElse(p -> p.onExit().thenRun(() -> {
            System.err.println("xfer: the xfer process that started this job (pid " + pid + ") is gone; stopping");
            System.exit(3);
        }), () -> System.exit(3));
    }
}
