package io.ruleforge.rule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.SourcePosition;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An item of an exception list: an event for which all {@code entries} hold does not alert. With {@code osTypes}
 * the item holds only on those operating systems (Kibana adds {@code host.os.type} or {@code host.os.name.caseless}
 * to its entries).
 *
 * @param itemId     the item's {@code item_id}
 * @param name       its {@code name}
 * @param osTypes    its {@code os_types} ({@code windows}, {@code linux}, {@code macos}), empty for every system
 * @param entries    its conditions, at least one
 * @param expireTime when Kibana stops applying it ({@code expire_time}), if ever
 * @param position   where it is written
 * @param source     the item as written, for the bundle
 */
public record ExceptionItem(String itemId, String name, List<String> osTypes, List<ExceptionEntry> entries,
                            Optional<Instant> expireTime, SourcePosition position, ObjectNode source) {

    public ExceptionItem {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(name, "name");
        osTypes = List.copyOf(osTypes);
        entries = List.copyOf(entries);
        Objects.requireNonNull(expireTime, "expireTime");
        Objects.requireNonNull(position, "position");
        source = source.deepCopy();
    }

    @Override
    public ObjectNode source() {
        return source.deepCopy();
    }

    /** How messages name the item: by its name. */
    public String label() {
        return "\"" + name + "\"";
    }

    /** The first entry that tests a value list. */
    public Optional<ExceptionEntry.ValueList> valueListEntry() {
        return entries.stream().filter(ExceptionEntry.ValueList.class::isInstance).map(ExceptionEntry.ValueList.class::cast).findFirst();
    }

    /**
     * Whether Kibana no longer applies the item to a run started at {@code now}: its {@code removeExpiredExceptions}
     * drops an item whose {@code expire_time} is before the run's start.
     */
    public boolean expiredAt(Instant now) {
        return expireTime.map(t -> t.isBefore(now)).orElse(false);
    }
}
