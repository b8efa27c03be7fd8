package io.ruleforge.replay;

import io.ruleforge.diag.SourcePosition;

import java.util.List;

/**
 * An events file that cannot be read, or lines in it that are not events: where, what was expected, what was found.
 * Lines that are not events are all found in one reading (the first {@link #REPORTED} named, the rest counted), so
 * an export with several bad lines is mended in one go.
 */
public final class EventInputException extends RuntimeException {

    /** How many bad lines are named; the others are counted. */
    public static final int REPORTED = 20;

    /** One line that is not an event, or a file that cannot be read. */
    public record Problem(SourcePosition position, String message) {
    }

    private final transient List<Problem> problems;
    private final long count;

    public EventInputException(SourcePosition position, String message) {
        this(List.of(new Problem(position, message)), 1);
    }

    private EventInputException(List<Problem> problems, long count) {
        super(problems.get(0).message());
        this.problems = List.copyOf(problems);
        this.count = count;
    }

    /** The problems found in one reading ({@code count} in all, the first of them in {@code named}). */
    static EventInputException of(List<Problem> named, long count) {
        return new EventInputException(named, count);
    }

    /** Where the first problem is. */
    public SourcePosition position() {
        return problems.get(0).position();
    }

    /** The problems named, the first first: at most {@link #REPORTED}. */
    public List<Problem> problems() {
        return problems;
    }

    /** How many problems were found, named or not. */
    public long count() {
        return count;
    }
}
