package dev.xfer.common;

/**
 * How long work reports on itself. The command line shows a bar on stderr; tests and {@code --json} runs pass
 * {@link #SILENT}.
 */
public interface Progress {
    Progress SILENT = new Progress() {
        @Override
        public void start(String task, long total) {
        }

        @Override
        public void advance(long n) {
        }

        @Override
        public void finish() {
        }
    };

    void start(String task, long total);

    void advance(long n);

    void finish();
}
