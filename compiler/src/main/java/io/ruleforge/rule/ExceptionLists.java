package io.ruleforge.rule;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.diag.EditDistance;
import io.ruleforge.files.Sha256;

import java.nio.charset.StandardCharsets;
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

    private static final ExceptionLists NONE = new ExceptionLists(List.of(), List.of(), Map.of());

    private final Map<String, ExceptionList> byKey = new LinkedHashMap<>();
    private final Map<String, ValueList> valueLists = new LinkedHashMap<>();
    /** Value lists whose file has errors, by id: the file. */
    private final Map<String, String> unreadableValueLists;

    private ExceptionLists(List<ExceptionList> lists, List<ValueList> valueLists, Map<String, String> unreadableValueLists) {
        lists.forEach(list -> byKey.putIfAbsent(key(list.listId(), list.namespaceType()), list));
        valueLists.forEach(list -> this.valueLists.putIfAbsent(list.id(), list));
        this.unreadableValueLists = Map.copyOf(unreadableValueLists);
    }

    /** No list kept in the project: every list a rule names lives in Kibana only. */
    public static ExceptionLists none() {
        return NONE;
    }

    /** The lists; of two with the same {@code list_id} and namespace, the first. */
    public static ExceptionLists of(List<ExceptionList> lists) {
        return of(lists, List.of());
    }

    /** The lists and the value lists their items test; of two value lists with the same id, the first. */
    public static ExceptionLists of(List<ExceptionList> lists, List<ValueList> valueLists) {
        return of(lists, valueLists, Map.of());
    }

    /** As {@link #of(List, List)}; {@code unreadableValueLists}: the ids of value lists whose file has errors, and the file. */
    public static ExceptionLists of(List<ExceptionList> lists, List<ValueList> valueLists, Map<String, String> unreadableValueLists) {
        return lists.isEmpty() && valueLists.isEmpty() && unreadableValueLists.isEmpty() ? NONE
                : new ExceptionLists(lists, valueLists, unreadableValueLists);
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

    /** The value list kept in the project with this id (Kibana's list {@code id}). */
    public Optional<ValueList> valueList(String id) {
        return Optional.ofNullable(valueLists.get(id));
    }

    /** The value lists kept in the project, in the order read. */
    public List<ValueList> valueLists() {
        return List.copyOf(valueLists.values());
    }

    /**
     * Why an item is not built into a rule's search here, and what would have it tested.
     *
     * @param reason what the item tests and what Kibana does with it, for a message that starts with the item
     * @param hint   what to change
     */
    public record NotBuilt(String reason, String hint) {
    }

    /**
     * Why {@code item} is not built into a rule's search, if it is not: a value list it tests is not kept in the
     * project (its values live in Kibana) or is kept with another type than the entry names; or Kibana itself does not
     * build the list into the search — Kibana 7 builds none (8.5 started to: elastic/kibana#133254), Kibana 8 none of a
     * type other than {@code keyword}, {@code ip} and {@code ip_range}, nor of more than
     * {@value ValueList#MAX_VALUES_IN_SEARCH} values ({@code filterOutUnprocessableValueLists}), nor an
     * {@code ip_range} list of more than {@value ValueList#MAX_DASH_RANGES_IN_SEARCH} dash ranges
     * ({@code buildListClause}).
     *
     * @param kibanaBuildsValueLists whether the Kibana the rules are compiled for builds small value lists into the
     *                               search (8.5 and later)
     */
    public Optional<NotBuilt> whyNotBuilt(ExceptionItem item, boolean kibanaBuildsValueLists) {
        // what Kibana does not build into the search, it checks against the events the search returns, for these rule
        // types only (filterEventsAgainstList), and not at all for the others
        String afterSearch = "checks it only for a query, saved query, machine learning or indicator match rule, against"
                + " the events its search returns, which ruleforge does not reproduce";
        for (ExceptionEntry entry : item.entries()) {
            if (!(entry instanceof ExceptionEntry.ValueList ref)) {
                continue;
            }
            String tests = "tests " + ref.field() + " against the value list \"" + ref.listId() + "\"";
            String keep = ExceptionListLoader.VALUE_LISTS_FOLDER + "/" + ref.listType() + "/" + ref.listId();
            if (!kibanaBuildsValueLists) {
                return Optional.of(new NotBuilt(tests + ": Kibana 7 builds no value list into a rule's search, and "
                        + afterSearch, "compile for Kibana 8 (--kibana 8.9 or later), which builds small lists into the search"));
            }
            Optional<ValueList> list = valueList(ref.listId());
            if (list.isEmpty() && unreadableValueLists.containsKey(ref.listId())) {
                return Optional.of(new NotBuilt(tests + ", whose file " + unreadableValueLists.get(ref.listId())
                        + " has errors (RF2024)", "fix the errors reported in the list's file"));
            }
            if (list.isEmpty()) {
                return Optional.of(new NotBuilt(tests + ", which the project does not keep: its values live in Kibana",
                        "keep the list's values in " + keep + " below the exception lists folder, one a line, to have the item tested"));
            }
            if (!list.get().type().equals(ref.listType())) {
                return Optional.of(new NotBuilt(tests + " of type " + ref.listType() + ", but the project keeps it with type "
                        + list.get().type() + " (" + list.get().position().file() + ")",
                        "give the entry's list.type the list's type, or move the list to " + keep));
            }
            if (!ValueList.BUILT_INTO_SEARCH.contains(ref.listType())) {
                return Optional.of(new NotBuilt(tests + ", a list of type " + ref.listType() + ": Kibana does not build it"
                        + " into the rule's search, and " + afterSearch, "use a keyword list (exact values), which Kibana builds into the search"));
            }
            int size = list.get().values().size();
            if (size > ValueList.MAX_VALUES_IN_SEARCH) {
                return Optional.of(new NotBuilt(tests + ", whose " + size + " values are more than " + ValueList.MAX_VALUES_IN_SEARCH
                        + ": Kibana does not build it into the rule's search, and " + afterSearch, "split the list"));
            }
            long dashes = list.get().dashRanges();
            if (ref.listType().equals("ip_range") && dashes > ValueList.MAX_DASH_RANGES_IN_SEARCH) {
                return Optional.of(new NotBuilt(tests + ", whose " + dashes + " ranges written first-last or as one address are"
                        + " more than the " + ValueList.MAX_DASH_RANGES_IN_SEARCH + " Kibana builds into a search: Kibana leaves"
                        + " the item out of the rule's search; before elastic/kibana#285178 (August 2026) it applied the item"
                        + " nowhere, without a warning, and since then it " + afterSearch,
                        "write the ranges as CIDR blocks, which Kibana searches with one terms query, or split the list"));
            }
        }
        return Optional.empty();
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

    /** How many values of a value list an item's definition shows; a longer list is shown by its count and digest. */
    private static final int SHOWN_VALUES = 20;

    /**
     * The item as a reviewer compares it: its name, the item as written, and the values of each value list it tests
     * that the project keeps (a long list by its count and SHA-256), so that a changed list changes the definition.
     */
    public String definition(ExceptionItem item) {
        StringBuilder definition = new StringBuilder(item.label()).append(' ').append(item.source());
        for (ExceptionEntry entry : item.entries()) {
            if (entry instanceof ExceptionEntry.ValueList ref) {
                valueList(ref.listId()).ifPresent(list -> definition.append("; value list \"").append(list.id()).append("\" (")
                        .append(list.type()).append("): ").append(list.values().size() <= SHOWN_VALUES
                                ? String.join(", ", list.values())
                                : list.values().size() + " values, SHA-256 " + Sha256.hex(String.join("\n", list.values())
                                        .getBytes(StandardCharsets.UTF_8))));
            }
        }
        return definition.toString();
    }

    /** How the rule's {@code exceptions_list} names the lists the project does not keep: they live in Kibana only. */
    public List<String> notInProject(JsonNode references) {
        return resolve(references, Instant.MAX).notInProject();
    }

    /**
     * The project's list whose label is within a typo of {@code label}, a list the project does not keep ("did you
     * mean"): a misspelt {@code list_id} otherwise ships to Kibana, where no such list exists either.
     */
    public Optional<String> closestTo(String label) {
        return EditDistance.closest(label, byKey.values().stream().map(l -> label(l.listId(), l.namespaceType())).toList());
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
