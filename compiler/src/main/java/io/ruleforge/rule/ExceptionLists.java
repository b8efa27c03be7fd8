package io.ruleforge.rule;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The exception lists kept in the project, by {@code list_id} and {@code namespace_type}, and which of their items
 * apply to a rule: the items of every list the rule names in {@code [[rule.exceptions_list]]}, as Kibana's detection
 * engine fetches them for each run, less those that have expired.
 */
public final class ExceptionLists {

    /** Kibana's {@code namespace_type} when a list or a rule's reference to it gives none. */
    public static final String DEFAULT_NAMESPACE = "single";

    private static final ExceptionLists NONE = new ExceptionLists(List.of());

    private final Map<String, ExceptionList> byKey = new LinkedHashMap<>();

    private ExceptionLists(List<ExceptionList> lists) {
        lists.forEach(list -> byKey.putIfAbsent(key(list.listId(), list.namespaceType()), list));
    }

    /** No list kept in the project: every list a rule names lives in Kibana only. */
    public static ExceptionLists none() {
        return NONE;
    }

    /** The lists; of two with the same {@code list_id} and namespace, the first. */
    public static ExceptionLists of(List<ExceptionList> lists) {
        return lists.isEmpty() ? NONE : new ExceptionLists(lists);
    }

    public List<ExceptionList> all() {
        return List.copyOf(byKey.values());
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    public Optional<ExceptionList> find(String listId, String namespaceType) {
        return Optional.ofNullable(byKey.get(key(listId, namespaceType)));
    }

    /**
     * What the rule's {@code exceptions_list} resolves to at {@code now}.
     *
     * @param applied      the items Kibana adds to the rule's searches, list by list in the rule's order
     * @param notInProject how the rule names the lists the project does not keep (they live in Kibana only)
     * @param expired      items of the rule's lists whose {@code expire_time} has passed: Kibana skips them
     */
    public record Resolution(List<ExceptionItem> applied, List<String> notInProject, List<ExceptionItem> expired) {
        public Resolution {
            applied = List.copyOf(applied);
            notInProject = List.copyOf(notInProject);
            expired = List.copyOf(expired);
        }
    }

    /**
     * @param references the rule's {@code exceptions_list} array (anything else names no list); Kibana finds each
     *                   list by its {@code list_id} and {@code namespace_type}, the reference's saved-object
     *                   {@code id} is not used to find it
     */
    public Resolution resolve(JsonNode references, Instant now) {
        Objects.requireNonNull(now, "now");
        List<ExceptionItem> applied = new ArrayList<>();
        List<String> notInProject = new ArrayList<>();
        List<ExceptionItem> expired = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (JsonNode reference : references) {
            String listId = reference.path("list_id").asText("");
            String namespace = reference.path("namespace_type").asText(DEFAULT_NAMESPACE);
            if (seen.contains(key(listId, namespace))) {
                continue; // Kibana fetches the items of a list once, however often the rule names it
            }
            seen.add(key(listId, namespace));
            Optional<ExceptionList> list = find(listId, namespace);
            if (list.isEmpty()) {
                notInProject.add(label(listId, namespace));
                continue;
            }
            for (ExceptionItem item : list.get().items()) {
                (item.expiredAt(now) ? expired : applied).add(item);
            }
        }
        return new Resolution(applied, notInProject, expired);
    }

    /** The lists the project keeps that the rule's {@code exceptions_list} names, in its order, each once. */
    public List<ExceptionList> namedBy(JsonNode references) {
        List<ExceptionList> named = new ArrayList<>();
        for (JsonNode reference : references) {
            find(reference.path("list_id").asText(""), reference.path("namespace_type").asText(DEFAULT_NAMESPACE))
                    .filter(list -> !named.contains(list)).ifPresent(named::add);
        }
        return named;
    }

    /** How the rule's {@code exceptions_list} names the lists the project does not keep: they live in Kibana only. */
    public List<String> notInProject(JsonNode references) {
        return resolve(references, Instant.MAX).notInProject();
    }

    /** {@code list_id}, with its namespace when that is not the default. */
    static String label(String listId, String namespaceType) {
        return DEFAULT_NAMESPACE.equals(namespaceType) ? listId : listId + " (" + namespaceType + ")";
    }

    /** The identity of a list, as Kibana's: its {@code list_id} within its namespace. */
    static String key(String listId, String namespaceType) {
        return namespaceType + "\u0000" + listId;
    }
}
