package io.ruleforge.kql.verify;

import io.ruleforge.diag.Code;
import io.ruleforge.diag.Severity;
import io.ruleforge.kql.KqlNode;
import io.ruleforge.kql.KqlQuery;
import io.ruleforge.ql.Parentheses;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a and b or c} is {@code (a and b) or c}: {@code and} binds tighter than {@code or}, in KQL as in Lucene, EQL
 * and ES|QL. Written without parentheses it is a classic slip ({@code event.action:x and user.name:a or user.name:b}
 * matches every event of {@code b}), and the DSL gives no sign of it; so each {@code and} chain that is one
 * alternative of an {@code or} without parentheses of its own is a note at the chain. Elastic's own rules mostly write
 * it on purpose ({@code a and b or c and d}), hence a note, not a warning.
 */
public final class MixedAndOr {

    /** The code of the note. */
    public static final String CODE = Code.RF3008.id();

    private MixedAndOr() {
    }

    public static List<Finding> find(KqlQuery query) {
        List<Finding> out = new ArrayList<>();
        visit(query.root(), query.text(), out);
        return out;
    }

    private static void visit(KqlNode node, String text, List<Finding> out) {
        if (node instanceof KqlNode.Or or) {
            for (KqlNode child : or.children()) {
                if (child instanceof KqlNode.And and && !Parentheses.enclose(text, and.span())) {
                    out.add(new Finding(CODE, Severity.INFO, "and binds tighter than or: \"" + Parentheses.quoted(text, and.span())
                            + "\" is one alternative of the or around it", "put it in parentheses to say so, or put"
                            + " parentheses around the or's alternatives if they were meant to be grouped first", and.span()));
                }
            }
        }
        node.children().forEach(c -> visit(c, text, out));
    }
}
