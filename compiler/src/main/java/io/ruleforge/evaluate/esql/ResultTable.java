package io.ruleforge.evaluate.esql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * An {@link EsqlResult} written out: as a csv-spec table ({@code name:type | name:type} header, then one row per
 * line, {@code null} and {@code [a, b]} as Elasticsearch's tests write them), or as JSON lines (one object per row,
 * column name to value, multi-values as arrays).
 */
public final class ResultTable {

    private ResultTable() {
    }

    public static List<String> csvSpec(EsqlResult result) {
        List<String> lines = new ArrayList<>();
        StringJoiner header = new StringJoiner(" | ");
        result.columns().forEach(c -> header.add(c.name() + ":" + ColumnTypes.specName(c.type())));
        lines.add(header.toString());
        for (List<Object> row : result.rows()) {
            StringJoiner line = new StringJoiner(" | ");
            for (int i = 0; i < row.size(); i++) {
                line.add(Values.format(row.get(i), result.columns().get(i).type()));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    public static List<String> jsonLines(EsqlResult result) {
        List<String> lines = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < row.size(); i++) {
                Column c = result.columns().get(i);
                Object cell = row.get(i);
                if (cell instanceof List<?> many) {
                    ArrayNode array = object.putArray(c.name());
                    many.forEach(v -> array.add(json(v, c)));
                } else {
                    object.set(c.name(), json(cell, c));
                }
            }
            lines.add(object.toString());
        }
        return lines;
    }

    private static JsonNode json(Object v, Column c) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Long l && c.type() != io.ruleforge.esql.ast.DataType.DATETIME) {
            return f.numberNode(l);
        }
        if (v instanceof Double d) {
            return f.numberNode(d);
        }
        if (v instanceof BigInteger b) {
            return f.numberNode(b);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        return f.textNode(Values.format(v, c.type()));
    }
}
