package io.ruleforge.evaluate.engine;

/** The engine could not be reached, or answered an operation that cannot fail for a sound request with an error. */
public final class EngineException extends RuntimeException {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
