package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.net.IpBlock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Events for the differential test, made from two sources: the literals of query DSL (an event holding the
 * values a query asks for, so that queries do match) and fixture events; each is then mutated at the edges
 * where an evaluator can go wrong — letter case, boundary IPv4/IPv6 and IPv4-mapped IPv6 addresses, arrays with
 * decoys, missing fields, wildcard edge cases, unicode, values longer than {@code ignore_above}, numbers as
 * strings. Deterministic: the same input gives the same events under the same ids.
 */
final class DifferentialEvents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int LONG_VALUE = 1100;
    private static final int QUERY_MUTATION_SHARE = 8;
    private static final Map<String, UnaryOperator<ObjectNode>> MUTATIONS = mutations();

    private final FieldSchema schema;
    private final Map<String, JsonNode> events = new LinkedHashMap<>();
    private int queries;
    private int fixtures;

    DifferentialEvents(FieldSchema schema) {
        this.schema = schema;
    }

    Map<String, JsonNode> events() {
        return events;
    }

    /** A (field, value) a query asks about; {@code cidr} when the literal was an address block. */
    private record Literal(String field, JsonNode value, Optional<IpBlock> cidr) {
    }

    /** The event made of a query's literals, and its mutations. */
    void addFromQuery(String queryId, JsonNode dsl) {
        List<Literal> literals = new ArrayList<>();
        collect(dsl, literals);
        if (literals.isEmpty()) {
            return;
        }
        ObjectNode own = NODES.objectNode();
        for (Literal literal : literals) {
            add(own, literal.field(), literal.value());
        }
        String base = queryId + "#";
        events.put(base + "own", own);
        // a rotating share of the mutations per query keeps the event count (and the run time) in check, while
        // every mutation still meets hundreds of queries' values
        addMutations(base, own, QUERY_MUTATION_SHARE, queries++);
        // boundary addresses of every address block the query names, in the field it names them for
        int block = 0;
        for (Literal literal : literals) {
            if (literal.cidr().isPresent() && block < 1) {
                IpBlock cidr = literal.cidr().get();
                for (Map.Entry<String, String> address : boundaries(cidr).entrySet()) {
                    ObjectNode moved = own.deepCopy();
                    moved.put(literal.field(), address.getValue());
                    events.put(base + "ip" + block + "-" + address.getKey(), moved);
                }
                block++;
            }
        }
    }

    /** A fixture event and its mutations. */
    /**
     * Every fixture event below {@code directory} (one JSON event per line; a JSON array is an EQL sequence, whose
     * events each count on their own here), with its mutations.
     */
    void addFixturesUnder(java.nio.file.Path directory) throws java.io.IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(directory)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                int line = 0;
                for (String text : java.nio.file.Files.readAllLines(file)) {
                    line++;
                    if (text.isBlank() || text.startsWith("//")) {
                        continue;
                    }
                    JsonNode parsed = json.readTree(text);
                    for (JsonNode event : parsed.isArray() ? parsed : List.of(parsed)) {
                        addFromFixture(file.getFileName() + ":" + line, (ObjectNode) event);
                    }
                }
            }
        }
    }

    void addFromFixture(String id, ObjectNode event) {
        events.put(id, event);
        addMutations(id + "#", event, 1, 0);
        // every ip value at the edges of a private block the seed rules exclude (one per event, in turn)
        int n = 0;
        String cidr = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16").get(fixtures++ % 3);
        for (String field : EventFields.leafPaths(event)) {
            if (schema.field(field).map(FieldMapping::isIp).orElse(false)) {
                {
                    for (Map.Entry<String, String> address : boundaries(IpBlock.parse(cidr).orElseThrow()).entrySet()) {
                        ObjectNode moved = event.deepCopy();
                        replace(moved, field, new TextNode(address.getValue()));
                        events.put(id + "#" + field + "-" + cidr + "-" + address.getKey() + "-" + n++, moved);
                    }
                }
            }
        }
    }

    /** Each mutation: a name and what it does to an event. */
    private static Map<String, UnaryOperator<ObjectNode>> mutations() {
        Map<String, UnaryOperator<ObjectNode>> m = new LinkedHashMap<>();
        m.put("upper", e -> mapStrings(e, s -> s.toUpperCase(Locale.ROOT)));
        m.put("lower", e -> mapStrings(e, s -> s.toLowerCase(Locale.ROOT)));
        m.put("capitalised", e -> mapStrings(e, s -> s.isEmpty() ? s
                : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT)));
        m.put("arrays", e -> mapLeaves(e, v -> {
            ArrayNode array = NODES.arrayNode();
            array.add(v.isTextual() ? new TextNode("decoy " + v.asText()) : v);
            array.add(v);
            return array;
        }));
        m.put("unicode", e -> mapStrings(e, s -> s + "\u00e9"));
        m.put("dotless-i", e -> mapStrings(e, s -> s.replace('i', '\u0131').replace('I', '\u0130')));
        m.put("decomposed", e -> mapStrings(e, s -> s.isEmpty() ? "e\u0301" : s + "e\u0301"));
        m.put("long", e -> mapStrings(e, s -> s + "x".repeat(Math.max(0, LONG_VALUE - s.length()))));
        m.put("at-ignore-above", e -> mapStrings(e, s -> s.length() >= 1024 ? s : s + "y".repeat(1024 - s.length())));
        m.put("wildcard-literal", e -> mapStrings(e, s -> s.replace("x", "*")));
        m.put("punctuated", e -> mapStrings(e, s -> "-" + s.replace(' ', '_') + "."));
        m.put("spaced", e -> mapStrings(e, s -> " " + s + " "));
        m.put("numbers-as-strings", e -> mapLeaves(e, v -> v.isNumber() ? new TextNode(v.asText()) : v));
        m.put("numbers-plus-one", e -> mapLeaves(e, v -> v.isIntegralNumber() ? NODES.numberNode(v.asLong() + 1)
                : v.isTextual() && v.asText().matches("\\d{1,9}") ? new TextNode(String.valueOf(Long.parseLong(v.asText()) + 1)) : v));
        m.put("ipv4-mapped", e -> mapLeaves(e, v -> v.isTextual() && v.asText().matches("\\d+\\.\\d+\\.\\d+\\.\\d+")
                ? new TextNode("::ffff:" + v.asText()) : v));
        m.put("missing-first", e -> {
            ObjectNode missing = e.deepCopy();
            Iterator<String> names = e.fieldNames();
            if (names.hasNext()) {
                missing.remove(names.next());
            }
            return missing;
        });
        m.put("nulls", e -> mapLeaves(e, v -> NODES.nullNode()));
        m.put("empty-strings", e -> mapStrings(e, s -> ""));
        m.put("whitespace", e -> mapStrings(e, s -> "  "));
        m.put("tabs", e -> mapStrings(e, s -> s.replace(' ', '\t')));
        m.put("decimals", e -> mapLeaves(e, v -> v.isIntegralNumber() ? NODES.numberNode(v.asLong() + 0.5)
                : v.isTextual() && v.asText().matches("\\d{1,9}") ? new TextNode(v.asText() + ".5") : v));
        m.put("trailing-zero", e -> mapLeaves(e, v -> v.isIntegralNumber() || v.isTextual() && v.asText().matches("\\d{1,9}")
                ? new TextNode(v.asText() + ".0") : v));
        m.put("epoch-millis", e -> mapLeaves(e, v -> {
            if (v.isTextual() && v.asText().matches("\\d{4}-\\d{2}-\\d{2}T.*Z")) {
                try {
                    return NODES.numberNode(java.time.Instant.parse(v.asText()).toEpochMilli());
                } catch (java.time.DateTimeException notIso) {
                    return v;
                }
            }
            return v;
        }));
        m.put("ipv6-expanded", e -> mapLeaves(e, v -> v.isTextual() && v.asText().matches("\\d+\\.\\d+\\.\\d+\\.\\d+")
                ? new TextNode(expandedMapped(v.asText())) : v));
        m.put("booleans-as-strings", e -> mapLeaves(e, v -> v.isBoolean() ? new TextNode(v.asText()) : v.isTextual()
                && (v.asText().equals("true") || v.asText().equals("false")) ? NODES.booleanNode(Boolean.parseBoolean(v.asText())) : v));
        return Collections.unmodifiableMap(m);
    }

    /** {@code 10.0.0.1} as {@code 0:0:0:0:0:FFFF:0A00:0001}: the same address in IPv6's full upper-case form. */
    private static String expandedMapped(String ipv4) {
        String[] octets = ipv4.split("\\.");
        int[] b = new int[4];
        for (int i = 0; i < 4; i++) {
            b[i] = Integer.parseInt(octets[i]) & 0xff;
        }
        return String.format("0:0:0:0:0:FFFF:%02X%02X:%02X%02X", b[0], b[1], b[2], b[3]);
    }

    /** Applies every mutation ({@code every} = 1) or a rotating share of them (1 in {@code every}, from {@code offset}). */
    private void addMutations(String base, ObjectNode event, int every, int offset) {
        int i = 0;
        for (Map.Entry<String, UnaryOperator<ObjectNode>> m : MUTATIONS.entrySet()) {
            if ((i++ + offset) % every == 0) {
                events.put(base + m.getKey(), m.getValue().apply(event));
            }
        }
    }

    /** First, middle, last address of a block, the neighbours just outside it, and IPv4 ones as IPv4-mapped IPv6. */
    private static Map<String, String> boundaries(IpBlock block) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("first", block.format(block.first()));
        out.put("middle", block.format(block.middle()));
        out.put("last", block.format(block.last()));
        block.below().ifPresent(a -> out.put("before", block.format(a)));
        block.above().ifPresent(a -> out.put("after", block.format(a)));
        if (block.bits() == 32) {
            out.put("mapped-first", "::ffff:" + block.format(block.first()));
            out.put("mapped-last", "::ffff:" + block.format(block.last()));
        }
        return out;
    }

    private void collect(JsonNode dsl, List<Literal> out) {
        for (DslLeaves.Leaf leaf : DslLeaves.of(dsl)) {
            switch (leaf.query()) {
                case "exists" -> literal(leaf.field(), new TextNode("present"), false, out);
                case "range" -> {
                    if (List.of("gt", "gte", "lt", "lte").contains(leaf.parameter())) {
                        literal(leaf.field(), leaf.value(), false, out);
                    }
                }
                default -> literal(leaf.field(), leaf.value(),
                        leaf.query().equals("wildcard") || leaf.query().equals("query_string"), out);
            }
        }
    }

    private void literal(String field, JsonNode value, boolean pattern, List<Literal> out) {
        if (value == null || value.isNull() || field.contains("*")) {
            return;
        }
        String target = indexableField(field).orElse(null);
        if (target == null) {
            return;
        }
        if (!value.isTextual()) {
            out.add(new Literal(target, value, Optional.empty()));
            return;
        }
        String text = value.asText();
        if (pattern) {
            text = text.replace("*", "x").replace("?", "y").replace("\\", "");
        }
        Optional<IpBlock> cidr = text.contains("/") ? IpBlock.parse(text) : Optional.empty();
        if (cidr.isPresent()) {
            out.add(new Literal(target, new TextNode(cidr.get().format(cidr.get().first())), cidr));
        } else {
            out.add(new Literal(target, new TextNode(text), Optional.empty()));
        }
    }

    /**
     * Where a value for {@code field} goes in an event: multi-fields ({@code process.command_line.text}) read their
     * parent; a name below a mapped leaf that is not one of its multi-fields cannot hold a value at all.
     */
    private Optional<String> indexableField(String field) {
        String name = field;
        Optional<FieldMapping> mapping = schema.field(name);
        int dot = name.lastIndexOf('.');
        if (mapping.isPresent() && dot > 0 && schema.field(name.substring(0, dot)).filter(p -> !p.isContainer()).isPresent()) {
            return Optional.of(name.substring(0, dot));
        }
        if (mapping.isPresent() && mapping.get().isContainer()) {
            return Optional.empty();
        }
        String prefix = name;
        while ((dot = prefix.lastIndexOf('.')) > 0) {
            prefix = prefix.substring(0, dot);
            Optional<FieldMapping> parent = schema.field(prefix);
            if (parent.isPresent() && !parent.get().isContainer()) {
                return Optional.empty();
            }
        }
        return Optional.of(name);
    }

    private static void add(ObjectNode event, String field, JsonNode value) {
        JsonNode existing = event.get(field);
        if (existing == null) {
            event.set(field, value);
        } else if (existing instanceof ArrayNode array) {
            array.add(value);
        } else if (!existing.equals(value)) {
            ArrayNode array = event.putArray(field);
            array.add(existing);
            array.add(value);
        }
    }

    private static void replace(ObjectNode event, String dottedField, JsonNode value) {
        // the field may be nested objects or a dotted key; replace wherever its values are
        if (event.has(dottedField)) {
            event.set(dottedField, value);
            return;
        }
        int dot = dottedField.indexOf('.');
        while (dot > 0) {
            String head = dottedField.substring(0, dot);
            JsonNode child = event.get(head);
            if (child instanceof ObjectNode object) {
                replace(object, dottedField.substring(dot + 1), value);
                return;
            }
            dot = dottedField.indexOf('.', dot + 1);
        }
    }

    private static ObjectNode mapStrings(ObjectNode event, UnaryOperator<String> change) {
        return mapLeaves(event, v -> v.isTextual() ? new TextNode(change.apply(v.asText())) : v);
    }

    private static ObjectNode mapLeaves(ObjectNode event, UnaryOperator<JsonNode> change) {
        return (ObjectNode) map(event, change);
    }

    private static JsonNode map(JsonNode node, UnaryOperator<JsonNode> change) {
        if (node.isObject()) {
            ObjectNode out = NODES.objectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), map(e.getValue(), change)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(n -> out.add(map(n, change)));
            return out;
        }
        return change.apply(node);
    }
}
