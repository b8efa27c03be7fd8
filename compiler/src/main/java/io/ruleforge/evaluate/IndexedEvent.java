package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event parsed once and shared by every rule that looks at it: each field's indexed values are worked out on
 * first use and then reused by every clause of every rule compiled for the same index mapping (a
 * {@link MatcherCompiler}). Belongs to one thread for the time the event is being decided.
 */
public final class IndexedEvent {

    private final JsonNode source;
    private final Instant now;
    private final Map<MatcherCompiler, EvaluationScope> scopes = new IdentityHashMap<>(4);

    /** @param now what {@code now} means in date math for this event's decisions */
    public IndexedEvent(JsonNode source, Instant now) {
        this.source = Objects.requireNonNull(source, "source");
        this.now = Objects.requireNonNull(now, "now");
    }

    public JsonNode source() {
        return source;
    }

    EvaluationScope scope(MatcherCompiler compiler) {
        EvaluationScope scope = scopes.get(compiler);
        if (scope == null) {
            scope = new EvaluationScope(source, null, now);
            scopes.put(compiler, scope);
        }
        return scope;
    }
}
