package org.imle4j.samples.report;

import ai.djl.training.util.ProgressBar;

/**
 * DJL progress bars for long loops; silent when the system property {@code imle4j.progress} is {@code false} (the
 * tests set it, so their logs stay readable).
 */
public final class Progress {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** Starts a bar of {@code total} steps. */
    public static Progress start(String name, long total) {
        boolean enabled = !"false".equals(System.getProperty("imle4j.progress"));
        return new Progress(enabled ? new ProgressBar(name, total) : null);
    }

    /** Advances by one step. */
    public void step() {
        if (bar != null) {
            bar.increment(1);
        }
    }

    /** Ends the bar. */
    public void end() {
        if (bar != null) {
            bar.end();
        }
    }
}
