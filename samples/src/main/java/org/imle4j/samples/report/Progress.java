package org.imle4j.samples.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A progress bar for long loops, on the error stream, so that results on the output stream stay clean. It shows only
 * when the error stream is a terminal; the system property {@code imle4j.progress} set to {@code true} or
 * {@code false} forces it on or off (the tests turn it off).
 */
public final class Progress {
    private static final int WIDTH = 40;

    private final String name;
    private final long total;
    private final PrintStream out;
    private long done;
    private int shownPercent = -1;

    private Progress(String name, long total, PrintStream out) {
        this.name = name;
        this.total = Math.max(total, 1);
        this.out = out;
    }

    /**
     * Starts a bar of {@code total} steps.
     *
     * @param name what the bar counts, shown before it
     * @param total the number of steps
     * @return the bar, silent unless the error stream is a terminal or {@code imle4j.progress=true}
     */
    public static Progress start(String name, long total) {
        String setting = System.getProperty("imle4j.progress");
        boolean enabled = setting == null ? errorStreamIsTerminal() : Boolean.parseBoolean(setting);
        return new Progress(name, total, enabled ? System.err : null);
    }

    /** Advances by one step. */
    public void step() {
        if (out == null) {
            return;
        }
        done++;
        int percent = (int) (100 * Math.min(done, total) / total);
        if (percent != shownPercent) {
            shownPercent = percent;
            int filled = percent * WIDTH / 100;
            out.print("\r" + name + " [" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%");
            out.flush();
        }
    }

    /** Ends the bar. */
    public void end() {
        if (out != null) {
            out.println();
        }
    }

    /**
     * Whether file descriptor 2 is a terminal: Linux names its target in /proc; elsewhere the JVM's console, which
     * exists when standard input and output are a terminal, is the best hint Java gives.
     */
    private static boolean errorStreamIsTerminal() {
        Path descriptor = Path.of("/proc/self/fd/2");
        if (!Files.exists(descriptor)) {
            return System.console() != null;
        }
        try {
            String target = descriptor.toRealPath().toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException e) {
            return false;
        }
    }
}
