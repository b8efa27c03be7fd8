package io.ruleforge.eql;

import io.ruleforge.ql.SourceSpan;

import java.util.List;

/**
 * {@code category where condition}: also the filter inside every sequence and sample term.
 *
 * @param category  the event category, {@code null} name for {@code any}
 * @param condition the condition after {@code where}
 */
public record EventQuery(Category category, Expression condition, SourceSpan span) implements QueryBody {

    @Override
    public List<EventQuery> eventQueries() {
        return List.of(this);
    }

    /**
     * The event category before {@code where}.
     *
     * @param name the category value, already unquoted; null for {@code any}
     */
    public record Category(String name, SourceSpan span) {
        public boolean isAny() {
            return name == null;
        }
    }
}
