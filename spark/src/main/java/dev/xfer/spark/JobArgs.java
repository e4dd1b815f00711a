package dev.xfer.spark;

import dev.xfer.common.BadInputException;
import dev.xfer.common.store.DatasetName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ExtractJob} is asked to do, from its command line (spark-submit passes everything after the jar).
 *
 * @param data          the dataset folder (Hadoop URI or local path)
 * @param cache         the cache folder holding the feature stores (Hadoop URI or local path)
 * @param model         the conv base as a SavedModel folder with xfer.json, on the driver's disk
 * @param partitionBytes the most image bytes per extraction partition
 * @param parentPid     the xfer process that started the driver (0: none): the driver stops if it dies
 */
public record JobArgs(String data, String cache, String model, String dataset, int batchSize, int shardRows,
                      long shardBytes, long partitionBytes, boolean waitForGc, long parentPid) {

    public JobArgs {
        DatasetName.of(dataset);
        if (batchSize < 1 || shardRows < 1 || shardBytes < 1 || partitionBytes < 1) {
            throw new BadInputException("--batch-size, --shard-rows, --shard-mb and --partition-mb must be at least 1");
        }
    }

    public static JobArgs parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new BadInputException("unexpected argument '" + args[i] + "'; usage: " + usage());
            }
            String key = args[i].substring(2);
            if (key.equals("no-wait")) {
                m.put(key, "true");
            } else if (i + 1 < args.length) {
                m.put(key, args[++i]);
            } else {
                throw new BadInputException("--" + key + " needs a value; usage: " + usage());
            }
        }
        for (String required : List.of("data", "cache", "model", "name")) {
            if (!m.containsKey(required)) {
                throw new BadInputException("missing --" + required + "; usage: " + usage());
            }
        }
        try {
            return new JobArgs(m.get("data"), m.get("cache"), m.get("model"), m.get("name"),
                    Integer.parseInt(m.getOrDefault("batch-size", "32")),
                    Integer.parseInt(m.getOrDefault("shard-rows", "1024")),
                    Long.parseLong(m.getOrDefault("shard-mb", "64")) << 20,
                    (long) (Double.parseDouble(m.getOrDefault("partition-mb", "64")) * (1 << 20)),
                    !m.containsKey("no-wait"),
                    Long.parseLong(m.getOrDefault("parent-pid", "0")));
        } catch (NumberFormatException e) {
            throw new BadInputException("a number was expected (" + e.getMessage() + "); usage: " + usage(), e);
        }
    }

    /** The arguments that give back this record. */
    public List<String> toArgs() {
        List<String> a = new ArrayList<>(List.of("--data", data, "--cache", cache, "--model", model, "--name",
                dataset, "--batch-size", Integer.toString(batchSize), "--shard-rows", Integer.toString(shardRows),
                "--shard-mb", Long.toString(shardBytes >> 20), "--partition-mb", Double.toString(partitionBytes / (double) (1 << 20)),
                "--parent-pid", Long.toString(parentPid)));
        if (!waitForGc) {
            a.add("--no-wait");
        }
        return a;
    }

    static String usage() {
        return "ExtractJob --data URI --cache URI --model SAVED_MODEL_DIR --name DATASET [--batch-size 32] "
                + "[--shard-rows 1024] [--shard-mb 64] [--partition-mb 64] [--no-wait]";
    }
}
