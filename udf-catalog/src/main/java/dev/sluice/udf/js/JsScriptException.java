package dev.sluice.udf.js;

/**
 * A JavaScript UDF that cannot be published or run: a syntax error, a missing entry function, a value that does not
 * fit the declared SQL type, or a call stopped by the sandbox. Line and column (1-based) point into the script when
 * known, else are 0.
 */
public class JsScriptException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public JsScriptException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    public JsScriptException(String message) {
        this(message, 0, 0);
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
