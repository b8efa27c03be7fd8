package io.ruleforge.replay;

import io.ruleforge.diag.SourcePosition;

/** An events file that cannot be read, or a line in it that is not an event: where, what was expected, what was found. */
public final class EventInputException extends RuntimeException {

    private final transient SourcePosition position;

    public EventInputException(SourcePosition position, String message) {
        super(message);
        this.position = position;
    }

    public SourcePosition position() {
        return position;
    }
}
