package io.ruleforge.evaluate.engine;

/**
 * The engine could not be reached, or answered an operation that cannot fail for a sound request with an error.
 * {@link Forbidden} is the one kind a caller may confine to one request (a backtest rule whose index the credentials
 * cannot read), rather than end the run with.
 */
public class EngineException extends RuntimeException {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }

    /** HTTP 403: the cluster knows who is asking but their roles lack a privilege this request needs. */
    public static final class Forbidden extends EngineException {
        public Forbidden(String message) {
            super(message);
        }
    }
}
