import dev.xfer.doctor.similarity.PhotoHash;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;

/**
 * Prints xfer doctor's perceptual hash of photos, for bench/doctor_duplicates.py's measurements: reads relative paths
 * on stdin, one a line, and prints "path TAB hash" (16 hex digits, or "-" when unreadable) for each, under ROOT.
 * Usage: java -cp 'cli/target/lib/*' bench/PhotoHashes.java ROOT < paths.txt
 */
public class PhotoHashes {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            Long h = PhotoHash.of(root.resolve(line));
            System.out.println(line + "\t" + (h == null ? "-" : String.format("%016x", h)));
        }
    }
}
