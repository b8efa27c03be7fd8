package io.ruleforge.harness;

import io.ruleforge.net.IpBlock;
import io.ruleforge.kql.KqlNode;
import io.ruleforge.kql.KqlValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The IP blocks a KQL query excludes, and whether each excluding field is used anywhere else.
 *
 * <p>Only exclusions that logic guarantees are taken: a leaf {@code field:block} reached from the root through
 * {@code and} nodes, then one {@code not}, then only {@code or} nodes — i.e. a top-level conjunct
 * {@code not (… or field:block or …)}. Any event whose field lies in such a block makes the whole query false,
 * whatever the rest of the query says. (A block under {@code not (a and b)} is no such guarantee.)
 *
 * @param exclusions         the guaranteed exclusions, in query order
 * @param fieldsUsedOtherwise fields the query also tests in some other way (then changing them can change
 *                            other parts of the verdict)
 * @param searchesAnyField   the query has field wildcards or field-less terms, which may test any field
 */
public record IpExclusions(List<Exclusion> exclusions, Set<String> fieldsUsedOtherwise, boolean searchesAnyField) {

    public record Exclusion(String field, IpBlock block) {
    }

    public IpExclusions {
        exclusions = List.copyOf(exclusions);
        fieldsUsedOtherwise = Set.copyOf(fieldsUsedOtherwise);
    }

    public static IpExclusions of(KqlNode root) {
        Walk walk = new Walk();
        walk.visit(root, Position.CONJUNCT);
        return new IpExclusions(walk.exclusions, walk.usedOtherwise, walk.anyField);
    }

    /** Whether the "just outside the block still fires" cases are sound for this field. */
    public boolean isOnlyExcluded(String field) {
        return !searchesAnyField && !fieldsUsedOtherwise.contains(field);
    }

    /** Where a node stands relative to the root's conjunction. */
    private enum Position { CONJUNCT, EXCLUDED, OTHER }

    private static final class Walk {
        final List<Exclusion> exclusions = new ArrayList<>();
        final Set<String> usedOtherwise = new HashSet<>();
        boolean anyField;

        void visit(KqlNode node, Position position) {
            if (node instanceof KqlNode.And and) {
                Position inner = position == Position.CONJUNCT ? Position.CONJUNCT : Position.OTHER;
                and.children().forEach(c -> visit(c, inner));
            } else if (node instanceof KqlNode.Or or) {
                Position inner = position == Position.EXCLUDED ? Position.EXCLUDED : Position.OTHER;
                or.children().forEach(c -> visit(c, inner));
            } else if (node instanceof KqlNode.Not not) {
                visit(not.child(), position == Position.CONJUNCT ? Position.EXCLUDED : Position.OTHER);
            } else if (node instanceof KqlNode.Is is) {
                is(is, position);
            } else if (node instanceof KqlNode.Range range) {
                use(range.field());
            } else if (node instanceof KqlNode.Nested nested) {
                // Fields inside nested groups are relative to the path; no generated cases for them.
                use(nested.path());
                anyField = true;
            }
        }

        private void is(KqlNode.Is is, Position position) {
            if (position == Position.EXCLUDED && is.field() instanceof KqlValue.Literal field
                    && is.value() instanceof KqlValue.Literal value) {
                var block = IpBlock.parse(value.text());
                if (block.isPresent()) {
                    exclusions.add(new Exclusion(field.text(), block.get()));
                    return;
                }
            }
            if (is.field() == null) {
                anyField = true;
            } else {
                use(is.field());
            }
        }

        private void use(KqlValue field) {
            if (field instanceof KqlValue.Literal literal) {
                usedOtherwise.add(literal.text());
            } else {
                anyField = true;
            }
        }
    }
}
