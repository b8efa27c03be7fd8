package io.ruleforge.rule;

import io.ruleforge.diag.SourcePosition;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Kibana value list kept in the project: the file {@code value_lists/<type>/<id>} below the exception lists folder,
 * one value a line, as Kibana's list import ({@code POST /api/lists/items/_import?type=<type>}) reads such a file and
 * names the list after it. Exception items test a field against it with a {@code type = "list"} entry.
 *
 * @param id       the list's id: the file's name, as Kibana's import gives it
 * @param type     the list's type (its folder): {@code keyword}, {@code ip}, {@code ip_range}, {@code text}, …
 * @param values   the values as Kibana's list client hands them to the detection engine: each line trimmed, blank
 *                 lines and lines repeated within the import's buffer skipped ({@link ValueListReader}), and, in an
 *                 {@code ip_range} list, a single address as the range {@code a-a} and a range {@code a - b} as
 *                 {@code a-b} (Kibana stores both as {@code gte}/{@code lte})
 * @param position the file
 */
public record ValueList(String id, String type, List<String> values, SourcePosition position) {

    /** Kibana's list types: the {@code type} of its value lists API. */
    public static final Set<String> TYPES = Set.of("binary", "boolean", "byte", "date", "date_nanos", "date_range",
            "double", "double_range", "float", "float_range", "geo_point", "geo_shape", "half_float", "integer",
            "integer_range", "ip", "ip_range", "keyword", "long", "long_range", "shape", "short", "text");

    /** The types whose lists Kibana's {@code buildExceptionFilter} builds into a rule's search. */
    public static final Set<String> BUILT_INTO_SEARCH = Set.of("keyword", "ip", "ip_range");

    /** Kibana's {@code MAXIMUM_SMALL_VALUE_LIST_SIZE}: a longer list is not built into the search. */
    public static final int MAX_VALUES_IN_SEARCH = 65_536;

    /** Kibana's {@code MAXIMUM_SMALL_IP_RANGE_VALUE_LIST_DASH_SIZE}: more {@code a-b} ranges leave the item out. */
    public static final int MAX_DASH_RANGES_IN_SEARCH = 200;

    public ValueList {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        values = List.copyOf(values);
        Objects.requireNonNull(position, "position");
    }

    /** The values Kibana's {@code buildListClause} makes {@code range} clauses of: those with a dash. */
    public long dashRanges() {
        return values.stream().filter(v -> v.contains("-")).count();
    }
}
