package dev.xfer.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xfer.common.BadInputException;
import dev.xfer.common.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How {@code xfer extract --spark} runs {@link ExtractJob}: spark-submit (client mode, the driver a child JVM of
 * xfer on this machine) against the given master, with the job jar and what it needs shipped to the executors.
 * The driver's {@code xfer-progress} lines drive the progress bar, its {@code xfer:} lines are passed on, the rest
 * of Spark's log goes to a file, and its {@code xfer-result} line is the result. Uses no Spark class itself, so
 * the command line does not carry Spark.
 *
 * @param sparkHome   a Spark 4.2 distribution (or the jars scripts/spark-cluster.sh assembles)
 * @param jobJar      spark/target/xfer-spark-job.jar, with job-lib/ beside it
 * @param conf        extra {@code spark.*} settings, KEY=VALUE
 */
public record SparkSubmission(String master, Path sparkHome, Path jobJar, String executorMemory, List<String> conf,
                              Path log) {
    /** JVM options the executors and driver need for TensorFlow and Arrow (Spark adds its own module openings). */
    public static final String JVM_OPTIONS = "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow "
            + "--add-opens=java.base/java.nio=ALL-UNNAMED";

    /** SPARK_HOME, else what scripts/spark-cluster.sh assembled under the checkout. */
    public static Path findSparkHome(Path repoRoot) {
        String env = System.getenv("SPARK_HOME");
        Path home = env != null && !env.isBlank() ? Path.of(env) : repoRoot.resolve("target/spark-4.2.0");
        if (!Files.isDirectory(home.resolve("jars"))) {
            throw new BadInputException("no Spark at " + home + " (no jars/ folder): set SPARK_HOME to a Spark 4.2 "
                    + "distribution, or run scripts/spark-cluster.sh start, which assembles one");
        }
        return home;
    }

    /** XFER_SPARK_JOB_JAR, else spark/target/xfer-spark-job.jar under the checkout. */
    public static Path findJobJar(Path repoRoot) {
        String env = System.getenv("XFER_SPARK_JOB_JAR");
        Path jar = env != null && !env.isBlank() ? Path.of(env) : repoRoot.resolve("spark/target/xfer-spark-job.jar");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(jar.resolveSibling("job-lib"))) {
            throw new BadInputException("no Spark job jar at " + jar + " (with job-lib/ beside it): build it with "
                    + "'mvn install' in the checkout, or set XFER_SPARK_JOB_JAR");
        }
        return jar;
    }

    /** The spark-submit command line. */
    public List<String> command(JobArgs args) throws IOException {
        List<String> jars;
        try (Stream<Path> s = Files.list(jobJar.resolveSibling("job-lib"))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", sparkHome.resolve("conf") + ":" + sparkHome.resolve("jars") + "/*"));
        cmd.addAll(List.of(JVM_OPTIONS.split(" ")));
        cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master, "--deploy-mode", "client",
                "--class", ExtractJob.class.getName(), "--name", "xfer extract " + args.dataset(),
                "--executor-memory", executorMemory, "--driver-java-options", JVM_OPTIONS,
                "--conf", "spark.executor.extraJavaOptions=" + JVM_OPTIONS,
                "--conf", "spark.executorEnv.TF_CPP_MIN_LOG_LEVEL=2",
                "--conf", "spark.executor.heartbeatInterval=2s",
                "--conf", "spark.ui.showConsoleProgress=false",
                "--jars", String.join(",", jars)));
        for (String c : conf) {
            cmd.addAll(List.of("--conf", c));
        }
        cmd.add(jobJar.toString());
        cmd.addAll(args.toArgs());
        return cmd;
    }

    /** Runs the job and returns its result (the JSON ExtractJob prints); failures are exceptions naming the log. */
    public JsonNode run(JobArgs args, Progress progress, PrintWriter err) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(args));
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("TF_CPP_MIN_LOG_LEVEL", "2");
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = pb.start();
        StringBuilder result = new StringBuilder();
        List<String> messages = new ArrayList<>();
        try (Writer logFile = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            Thread stdout = new Thread(() -> pump(p.getInputStream(), logFile, line -> {
                if (line.startsWith(ExtractJob.RESULT)) {
                    result.append(line.substring(ExtractJob.RESULT.length()));
                }
            }), "xfer-spark-stdout");
            stdout.start();
            String[] phase = {null};
            long[] shown = {0};
            pump(p.getErrorStream(), logFile, line -> {
                if (line.startsWith(ExtractProgress.PREFIX)) {
                    String[] f = line.substring(ExtractProgress.PREFIX.length()).split(" ");
                    long done = Long.parseLong(f[1]);
                    if (!f[0].equals(phase[0])) {
                        if (phase[0] != null) {
                            progress.finish();
                        }
                        phase[0] = f[0];
                        shown[0] = 0;
                        progress.start(f[0] + " on Spark", Long.parseLong(f[2]));
                    }
                    progress.advance(done - shown[0]);
                    shown[0] = done;
                } else if (line.startsWith("xfer: ")) {
                    messages.add(line.substring(6));
                }
            });
            stdout.join();
            int code = p.waitFor();
            if (phase[0] != null) {
                progress.finish();
            }
            messages.stream().filter(m -> !m.startsWith("conv base ")).forEach(m -> err.println("xfer: spark: " + m));
            if (code == 2) {
                throw new BadInputException(messages.isEmpty() ? "the Spark job refused its input; see " + log
                        : messages.getLast());
            }
            if (code != 0 || result.isEmpty()) {
                throw new IOException("the Spark job failed (exit code " + code + "); its log: " + log);
            }
        } finally {
            p.destroy();
        }
        return new ObjectMapper().readTree(result.toString());
    }

    private static void pump(java.io.InputStream in, Writer logFile, java.util.function.Consumer<String> onLine) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (logFile) {
                    logFile.write(line);
                    logFile.write('\n');
                }
                onLine.accept(line);
            }
        } catch (IOException e) {
            // the driver is gone; its exit code says how it ended
        }
    }
}
