package dev.loadlab.lab.run;

/**
 * A problem the user can act on: the message is one line that names the problem and the fix.
 * {@code exitCode} follows the gate's convention: 2 = the harness could not measure.
 */
public class LabException extends RuntimeException {

    private final int exitCode;

    public LabException(String message) {
        this(message, 2, null);
    }

    public LabException(String message, Throwable cause) {
        this(message, 2, cause);
    }

    public LabException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
