package io.ruleforge.diff;

/**
 * A diff side named by a git revision the repository does not have — most often the default base
 * {@code origin/main} in a clone that never fetched it. A usage error: the message says how to name another.
 */
public final class UnknownRevisionException extends IllegalArgumentException {

    public UnknownRevisionException(String message) {
        super(message);
    }
}
