package io.ruleforge.replay;

import io.ruleforge.diag.SourcePosition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final transient Map<String, Long> unnamed;

    public EventInputException(SourcePosition position, String message) {
        this(List.of(new Problem(position, message)), Map.of());
    }

    private EventInputException(List<Problem> problems, Map<String, Long> unnamed) {
        super(problems.get(0).message());
        this.problems = List.copyOf(problems);
        this.unnamed = Collections.unmodifiableMap(new LinkedHashMap<>(unnamed));
    }

    /** The problems found in one reading: those named, and per file how many more were found there. */
    static EventInputException of(List<Problem> named, Map<String, Long> unnamed) {
        return new EventInputException(named, unnamed);
    }

    /** Where the first problem is. */
    public SourcePosition position() {
        return problems.get(0).position();
    }

    /** The problems named, the first first: at most {@link #REPORTED}. */
    public List<Problem> problems() {
        return problems;
    }

    /** Per file (in input order), how many more problems were found there than are named. */
    public Map<String, Long> unnamed() {
        return unnamed;
    }

    /** How many problems were found, named or not. */
    public long count() {
        return problems.size() + unnamed.values().stream().mapToLong(Long::longValue).sum();
    }
}
