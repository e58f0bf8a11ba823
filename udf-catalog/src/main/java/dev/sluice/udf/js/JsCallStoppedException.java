package dev.sluice.udf.js;

/**
 * A call the sandbox stopped: over its statements or its time, or out of a resource. The same input would stop it
 * again, so a job fails on it instead of restarting.
 */
public final class JsCallStoppedException extends JsScriptException {

    private static final long serialVersionUID = 1L;

    public JsCallStoppedException(String message, int line, int column) {
        super(message, line, column);
    }
}
