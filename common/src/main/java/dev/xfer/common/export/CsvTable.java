package dev.xfer.common.export;

import java.io.IOException;
import java.io.Writer;

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
final class CsvTable {
    private CsvTable() {
    }

    static void field(Writer w, String value) throws IOException {
        if (value == null) {
            return;
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0) {
            w.write('"');
            w.write(value.replace("\"", "\"\""));
            w.write('"');
        } else {
            w.write(value);
        }
    }
}
