package io.ruleforge.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers for the leaf paths of the replayed events, so that each ES|QL rule decides once per path whether its query
 * names it ({@link EsqlTimeline}) and then looks the answer up by number: an event's paths are numbered once for all
 * the rules it is handed to, where each rule hashed each path of each event before. At most {@link #LIMIT} paths get a
 * number, so that input with ever new keys cannot grow memory without bound; the others are decided afresh each time.
 * Used by the one thread that hands events on.
 */
final class LeafPaths {

    static final int LIMIT = 100_000;
    /** A path beyond {@link #LIMIT}. */
    static final int NONE = -1;

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> paths = new ArrayList<>();

    /** The path's number, or {@link #NONE}. */
    int id(String path) {
        Integer id = ids.get(path);
        if (id != null) {
            return id;
        }
        if (paths.size() == LIMIT) {
            return NONE;
        }
        ids.put(path, paths.size());
        paths.add(path);
        return paths.size() - 1;
    }
}
