package io.ruleforge.rule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.SourcePosition;

import java.util.List;
import java.util.Objects;

/**
 * An exception list kept in the project, in the layout of Elastic's {@code detection-rules} repository: a file of
 * {@code [[exceptions]]}, each with its {@code container} (the list) and its {@code items}. Rules name the lists they
 * use in {@code [[rule.exceptions_list]]} by {@code list_id} and {@code namespace_type}.
 *
 * @param listId        the list's {@code list_id}
 * @param namespaceType {@code single} (one Kibana space) or {@code agnostic} (every space)
 * @param name          its {@code name}
 * @param position      where its container is written
 * @param container     the container as written, for the bundle
 * @param items         its items, in the file's order
 */
public record ExceptionList(String listId, String namespaceType, String name, SourcePosition position,
                            ObjectNode container, List<ExceptionItem> items) {

    public ExceptionList {
        Objects.requireNonNull(listId, "listId");
        Objects.requireNonNull(namespaceType, "namespaceType");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(position, "position");
        container = container.deepCopy();
        items = List.copyOf(items);
    }

    @Override
    public ObjectNode container() {
        return container.deepCopy();
    }

    /** How messages name the list: {@code list_id} and, when not the default, its namespace. */
    public String label() {
        return ExceptionLists.label(listId, namespaceType);
    }
}
