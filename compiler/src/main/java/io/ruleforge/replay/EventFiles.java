package io.ruleforge.replay;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.diag.QueryText;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.FileProblems;
import io.ruleforge.files.JsonMessages;
import io.ruleforge.files.Utf8LineReader;
import io.ruleforge.files.Utf8Lines;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads recorded events, streaming: NDJSON (one event object per line, blank lines ignored), optionally gzip'ed
 * ({@code .gz}), and saved {@code _search} responses (a JSON object with {@code hits.hits[]}, on one line or pretty
 * printed), whose hits' {@code _source} are the events. A directory stands for the {@code .ndjson}, {@code .json}
 * and {@code .gz} files below it, in name order; the files' events are merged by {@code @timestamp}. Memory: one
 * line at a time per NDJSON file; a saved search response is held whole (bounded by the search's size) until its
 * hits have been handed on.
 */
public final class EventFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> files;
    private final List<String> displayNames;
    /** The index of the events that name none themselves (a hit's {@code _index}, an event's data_stream); null: none. */
    private final String defaultIndex;

    private EventFiles(List<Path> files, List<String> displayNames, String defaultIndex) {
        this.files = List.copyOf(files);
        this.displayNames = List.copyOf(displayNames);
        this.defaultIndex = defaultIndex;
    }

    /** These files, their events that name no index of their own recorded in {@code index} ({@code --index}). */
    public EventFiles recordedIn(String index) {
        return new EventFiles(files, displayNames, index == null || index.isBlank() ? null : index.strip());
    }

    /**
     * @param inputs     files and directories, as given
     * @param displayBase what file names in messages are relative to
     * @throws EventInputException when an input does not exist or a directory holds no events file
     */
    public static EventFiles of(List<Path> inputs, Path displayBase) {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                List<Path> found;
                try (Stream<Path> walk = Files.walk(input)) {
                    found = walk.filter(Files::isRegularFile).filter(EventFiles::isEventsFile).sorted().toList();
                } catch (IOException e) {
                    throw new EventInputException(SourcePosition.ofFile(display(displayBase, input)), "cannot list the directory: " + e.getMessage());
                }
                if (found.isEmpty()) {
                    throw new EventInputException(SourcePosition.ofFile(display(displayBase, input)),
                            "expected .ndjson, .json or .gz events files in the directory, found none");
                }
                files.addAll(found);
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new EventInputException(SourcePosition.ofFile(display(displayBase, input)), "no such events file or directory");
            }
        }
        return new EventFiles(files, files.stream().map(f -> display(displayBase, f)).toList(), null);
    }

    private static boolean isEventsFile(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".gz");
    }

    private static String display(Path base, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(base.toAbsolutePath()) ? base.toAbsolutePath().relativize(abs).toString() : p.toString();
    }

    public List<String> displayNames() {
        return displayNames;
    }

    /** Total bytes of the input files as stored (compressed for .gz), for progress. */
    public long totalBytes() {
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                // reading it will report the problem
            }
        }
        return total;
    }

    /** Where reading has got to, for progress: bytes of the stored files read so far. */
    public interface Progress {
        void bytesRead(long bytes);
    }

    /**
     * At most this many files are open at once: each holds its buffers (about 100 KB), so a merge keeps them within
     * about 13 MB. A file is opened when the merge reaches its first event and closed at its end, so only files whose
     * times overlap are open together; one that would be the next beyond this waits, and its events come late.
     */
    public static final int MAX_MERGED = 128;

    /**
     * Hands every event to {@code sink}: the files' events merged by {@code @timestamp} (each file read in its own
     * order, the earliest next event of any file first; ties and events without a time in file order), so that
     * files each sorted in time — an export per host, per day, per index — are replayed in time order whatever
     * their names and however many. More than {@link #MAX_MERGED} files overlapping in time are not all merged.
     *
     * @throws EventInputException when a file cannot be read (at once), or after reading every file when lines were
     *                             not events: each with file, line and column (the first {@link EventInputException#REPORTED})
     */
    public void read(Consumer<RecordedEvent> sink, Progress progress) {
        read(sink, progress, MAX_MERGED);
    }

    /** {@link #read(Consumer, Progress)} with at most {@code maxOpen} files open at once. */
    void read(Consumer<RecordedEvent> sink, Progress progress, int maxOpen) {
        BadLines bad = new BadLines();
        merge(sink, progress, bad, maxOpen);
        if (!bad.named.isEmpty()) {
            Map<String, Long> unnamed = new java.util.LinkedHashMap<>();
            displayNames.stream().filter(bad.unnamed::containsKey).forEach(f -> unnamed.put(f, bad.unnamed.get(f)));
            throw EventInputException.of(new ArrayList<>(bad.named), unnamed);
        }
    }

    /**
     * The lines that were not events, found while reading on past them: the first {@link EventInputException#REPORTED}
     * in input order (file by file, line by line — merged files are read side by side) named, the rest counted per file.
     */
    private final class BadLines {
        final java.util.TreeSet<EventInputException.Problem> named = new java.util.TreeSet<>(
                java.util.Comparator.comparingInt((EventInputException.Problem p) -> displayNames.indexOf(p.position().file()))
                        .thenComparingInt(p -> p.position().line()).thenComparingInt(p -> p.position().column())
                        .thenComparing(EventInputException.Problem::message));
        final Map<String, Long> unnamed = new java.util.HashMap<>();

        void add(EventInputException e) {
            for (EventInputException.Problem p : e.problems()) {
                named.add(p);
                if (named.size() > EventInputException.REPORTED) {
                    EventInputException.Problem last = named.pollLast();
                    unnamed.merge(last.position().file(), 1L, Long::sum);
                }
            }
            e.unnamed().forEach((file, n) -> unnamed.merge(file, n, Long::sum));
        }
    }

    private void merge(Consumer<RecordedEvent> sink, Progress progress, BadLines bad, int maxOpen) {
        long sequence = 0;
        if (files.size() == 1) {
            try (FileEvents events = new FileEvents(0, progress, bad)) {
                for (RecordedEvent e; (e = events.next()) != null; ) {
                    sink.accept(e.withSequence(sequence++));
                }
            }
            return;
        }
        java.util.ArrayDeque<Unopened> toOpen = byFirstEvent();
        List<FileEvents> open = new ArrayList<>();
        try {
            java.util.PriorityQueue<FileEvents> byNext = new java.util.PriorityQueue<>(
                    java.util.Comparator.comparingLong(FileEvents::nextMillis).thenComparingInt(FileEvents::index));
            while (!byNext.isEmpty() || !toOpen.isEmpty()) {
                // open every file whose first event may come next; a file not open yet has its first event next
                while (!toOpen.isEmpty() && (byNext.isEmpty() || byNext.size() < maxOpen
                        && toOpen.peekFirst().firstMillis() <= byNext.peek().nextMillis())) {
                    FileEvents events = new FileEvents(toOpen.pollFirst().file(), progress, bad);
                    open.add(events);
                    if (events.peek() != null) {
                        byNext.add(events);
                    }
                }
                if (byNext.isEmpty()) {
                    continue;
                }
                FileEvents first = byNext.poll();
                sink.accept(first.next().withSequence(sequence++));
                if (first.peek() != null) {
                    byNext.add(first);
                } else {
                    open.remove(first); // closed at its end
                }
            }
        } finally {
            open.forEach(FileEvents::close);
        }
    }

    /** A file the merge has not opened yet, and the time of its first event ({@link Long#MIN_VALUE}: none). */
    private record Unopened(int file, long firstMillis) {
    }

    /**
     * The files in the order the merge opens them: by their first event's time, then their order. Each file is read
     * up to its first event and closed again, so that the merge holds open only the files whose times it has
     * reached; its lines are read again when it is opened, and only then are its bad lines reported. A file without
     * an event is opened first: it is read to its end at once, so that its bad lines are reported.
     */
    private java.util.ArrayDeque<Unopened> byFirstEvent() {
        List<Unopened> unopened = new ArrayList<>();
        BadLines reportedLater = new BadLines();
        for (int f = 0; f < files.size(); f++) {
            try (FileEvents ahead = new FileEvents(f, bytes -> { }, reportedLater)) {
                unopened.add(new Unopened(f, ahead.peek() == null ? Long.MIN_VALUE : ahead.nextMillis()));
            }
        }
        unopened.sort(java.util.Comparator.comparingLong(Unopened::firstMillis).thenComparingInt(Unopened::file));
        return new java.util.ArrayDeque<>(unopened);
    }

    /** One file's events, read on demand: a line at a time, or a saved search response's hits. */
    private final class FileEvents implements AutoCloseable {
        private final int index;
        private final String name;
        private final Progress progress;
        private final BadLines bad;
        private final java.util.ArrayDeque<RecordedEvent> ready = new java.util.ArrayDeque<>();
        private InputStream in;
        private Utf8LineReader reader;
        private boolean seenEvent;
        private boolean ended;
        private RecordedEvent timed;
        private long timedMillis;

        FileEvents(int index, Progress progress, BadLines bad) {
            this.index = index;
            this.name = displayNames.get(index);
            this.progress = progress;
            this.bad = bad;
        }

        int index() {
            return index;
        }

        /** The next event's {@code @timestamp}; events without one sort first (they hold no run's order). */
        long nextMillis() {
            RecordedEvent next = peek();
            if (next != timed) {
                // read once per event: the queue compares a file's next event several times
                long millis = EventTimes.millis(next.source());
                timed = next;
                timedMillis = millis == EventTimes.NONE ? Long.MIN_VALUE : millis;
            }
            return timedMillis;
        }

        RecordedEvent peek() {
            if (ready.isEmpty() && !ended) {
                fill();
            }
            return ready.peekFirst();
        }

        RecordedEvent next() {
            RecordedEvent e = peek();
            ready.pollFirst();
            return e;
        }

        /** Reads until an event is ready or the file ends. */
        private void fill() {
            Path file = files.get(index);
            try {
                if (reader == null) {
                    CountingStream counted = new CountingStream(Files.newInputStream(file), progress);
                    in = counted;
                    in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(counted, 1 << 15) : counted;
                    reader = new Utf8LineReader(in);
                }
                while (ready.isEmpty()) {
                    Utf8Lines.Line line = reader.next();
                    if (line == null) {
                        ended = true;
                        close();
                        return;
                    }
                    if (line.text().isBlank() && line.isValid()) {
                        continue;
                    }
                    try {
                        if (!line.isValid()) {
                            throw new EventInputException(new SourcePosition(name, line.number(), line.badColumn()), line.problem());
                        }
                        JsonNode parsed;
                        try {
                            parsed = readValue(line.text(), name, line.number());
                        } catch (JsonProcessingException e) {
                            if (!seenEvent && endsEarly(e, line.text())) {
                                // a first line that ends before its value does: a pretty-printed search response, the
                                // whole file one JSON value (any other bad first line is an error here)
                                ended = true;
                                readWhole(index, name, line, reader, ready::add, e);
                                close();
                                return;
                            }
                            throw bad(name, line.number(), line.text(), e);
                        }
                        emit(parsed, index, name, line.number(), ready::add);
                        seenEvent = true;
                    } catch (EventInputException notAnEvent) {
                        // read on: every bad line is found in one reading; the run fails at the end (EventFiles#read)
                        bad.add(notAnEvent);
                        if (ended) {
                            close();
                            return;
                        }
                    }
                }
            } catch (EOFException e) {
                close();
                throw new EventInputException(SourcePosition.ofFile(name), "cannot read the events file: it ends too early"
                        + (file.getFileName().toString().endsWith(".gz") ? " for gzip data (an empty or truncated .gz file)" : ""));
            } catch (IOException e) {
                close();
                throw new EventInputException(SourcePosition.ofFile(name), "cannot read the events file: " + FileProblems.describe(e));
            }
        }

        @Override
        public void close() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    // read to its end or abandoned on an error already reported
                }
                in = null;
            }
        }
    }

    /** Whether the line ran out before its value ended (Jackson says so with one exception type or another). */
    private static boolean endsEarly(JsonProcessingException e, String text) {
        return e instanceof com.fasterxml.jackson.core.io.JsonEOFException
                || e.getLocation() != null && e.getLocation().getCharOffset() >= text.length();
    }

    /**
     * The one JSON value of {@code text}; whatever follows it is an error at its line and column (lines counted from
     * {@code firstLine}), never silently dropped.
     */
    private static JsonNode readValue(String text, String name, int firstLine) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(text)) {
            JsonNode node = JSON.readTree(parser);
            OptionalInt after = JsonMessages.textAfterValue(parser, text);
            if (after.isPresent()) {
                QueryText positions = new QueryText(text);
                throw new EventInputException(new SourcePosition(name, firstLine + positions.line(after.getAsInt()) - 1,
                        positions.column(after.getAsInt())), JsonMessages.afterValue(text.substring(after.getAsInt())));
            }
            return node;
        }
    }

    /** A JSON value over several lines starting at {@code first}: a pretty-printed saved search response. */
    private void readWhole(int index, String name, Utf8Lines.Line first, Utf8LineReader rest,
                           Consumer<RecordedEvent> sink, JsonProcessingException lineError) throws IOException {
        StringBuilder text = new StringBuilder(first.text()).append('\n');
        for (Utf8Lines.Line line; (line = rest.next()) != null; ) {
            if (!line.isValid()) {
                throw new EventInputException(new SourcePosition(name, line.number(), line.badColumn()),
                        line.problem());
            }
            text.append(line.text()).append('\n');
        }
        String json = text.toString(); // once: a large response is held as text and as a tree already
        text.setLength(0);
        JsonNode whole;
        try {
            whole = readValue(json, name, first.number());
        } catch (JsonProcessingException e) {
            // neither one event per line nor one JSON document: the line's own error is the useful one
            throw bad(name, first.number(), first.text(), lineError);
        }
        if (!whole.isObject() || !isSearchResponse(whole)) {
            // an event is one line; a document over several lines can only be a saved response
            throw new EventInputException(new SourcePosition(name, first.number(), 1), "expected one event (a JSON object) per"
                    + " line or a saved _search response, found " + (whole.isObject() ? otherResponse(whole).orElse(
                    "a JSON document over several lines without hits.hits") : "a JSON document over several lines"));
        }
        List<Integer> lines = hitLines(json);
        emit(whole, index, name, first.number(), hit -> first.number() - 1 + (hit < lines.size() ? lines.get(hit) : 1), sink);
    }

    /** The keys of a search response besides {@code hits}: an object of these is a response, never an event. */
    private static final Set<String> RESPONSE_KEYS = Set.of("took", "timed_out", "_shards", "hits",
            "aggregations", "_scroll_id", "pit_id", "terminated_early", "num_reduce_phases", "_clusters", "profile", "suggest");

    /** Hands on the event, or a saved response's hits; their sequence is set as they leave {@link #read}. */
    private void emit(JsonNode parsed, int index, String name, int line, Consumer<RecordedEvent> sink) {
        emit(parsed, index, name, line, hit -> line, sink);
    }

    /** The open containers of a hit, innermost first: an element of the array at {@code hits.hits}. */
    private static final List<String> INSIDE_HITS = List.of("hits", "hits", "");

    /**
     * The line each hit of a saved search response starts on, within {@code text} (1-based), in order: a sample
     * of a pretty-printed response is shown at its hit, not at the response's first line.
     */
    private static List<Integer> hitLines(String text) {
        List<Integer> lines = new ArrayList<>();
        try (JsonParser parser = JSON.getFactory().createParser(text)) {
            // the path of open containers, by key ("" for an array element): hits.hits[] elements start at depth 3
            java.util.ArrayDeque<String> path = new java.util.ArrayDeque<>();
            for (com.fasterxml.jackson.core.JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t.isStructStart()) {
                    String key = parser.getParsingContext().getParent() != null && parser.getParsingContext().getParent().inObject()
                            ? parser.getParsingContext().getParent().getCurrentName() : "";
                    if (t == com.fasterxml.jackson.core.JsonToken.START_OBJECT && path.size() == 3
                            && INSIDE_HITS.equals(new ArrayList<>(path))) {
                        lines.add(parser.currentTokenLocation().getLineNr());
                    }
                    path.push(key == null ? "" : key);
                } else if (t.isStructEnd()) {
                    path.pop();
                }
            }
        } catch (IOException e) {
            return List.of(); // it parsed once already; without lines the response's first line is named
        }
        return lines;
    }

    private void emit(JsonNode parsed, int index, String name, int line, java.util.function.IntUnaryOperator hitLine,
                      Consumer<RecordedEvent> sink) {
        if (!parsed.isObject()) {
            throw new EventInputException(new SourcePosition(name, line, 1),
                    "expected an event (a JSON object), found " + parsed.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        if (isSearchResponse(parsed)) {
            JsonNode hits = parsed.path("hits").path("hits");
            if (!hits.isArray()) {
                throw new EventInputException(new SourcePosition(name, line, 1), "expected hits.hits of the saved search "
                        + "response to be an array of hits, found " + describe(hits));
            }
            int hit = 0;
            List<EventInputException.Problem> badHits = new ArrayList<>();
            for (JsonNode h : hits) {
                JsonNode source = h.get("_source");
                if (source == null || !source.isObject()) {
                    // each bad hit at its own line, and the good ones still read: all are named in one reading
                    badHits.add(new EventInputException.Problem(new SourcePosition(name, hitLine.applyAsInt(hit), 1),
                            "expected hits.hits[" + hit + "]._source to be an event object in the saved search response, found "
                            + (!h.isObject() ? describe(h) + " as the hit" : source == null
                            ? "no _source (search without _source?)" : describe(source))));
                } else {
                    sink.accept(new RecordedEvent(source, index, hitLine.applyAsInt(hit), 0,
                            RecordedIndex.ofHit(h).or(() -> RecordedIndex.ofDataStream(source)).orElse(defaultIndex)));
                }
                hit++;
            }
            if (!badHits.isEmpty()) {
                throw EventInputException.of(badHits, java.util.Map.of());
            }
            return;
        }
        Optional<String> otherResponse = otherResponse(parsed);
        if (otherResponse.isPresent()) {
            throw new EventInputException(new SourcePosition(name, line, 1), "expected an event or a saved _search response, found "
                    + otherResponse.get());
        }
        sink.accept(new RecordedEvent(parsed, index, line, 0, RecordedIndex.ofDataStream(parsed).orElse(defaultIndex)));
    }

    /** An Elasticsearch response that holds no events, said as what it is; empty for anything else. */
    private static Optional<String> otherResponse(JsonNode object) {
        if (object.path("responses").isArray() && onlyKeys(object, MSEARCH_KEYS)) {
            return Optional.of("an _msearch response (\"responses\"): save each search's response in a file of its own");
        }
        if (object.size() == 2 && object.path("error").isObject() && object.path("status").isInt()) {
            return Optional.of("an error response (status " + object.path("status").asInt() + ": "
                    + object.path("error").path("type").asText("no type") + ")");
        }
        return Optional.empty();
    }

    /** The keys of an {@code _msearch} response (Elasticsearch 7 and later write {@code took} first). */
    private static final Set<String> MSEARCH_KEYS = Set.of("took", "responses");

    /**
     * A saved search response: {@code _shards} with {@code timed_out}; or {@code hits} holding {@code hits}, beside
     * what only a response has ({@code took}, {@code _shards}, {@code timed_out}) or beside a response's keys alone.
     * An event may have fields named {@code took} or {@code hits} (a number of hits), so neither alone makes one.
     */
    private static boolean isSearchResponse(JsonNode object) {
        if (object.has("_shards") && object.has("timed_out")) {
            return true; // a response whatever else it holds (one saved with a filter_path may lack hits.hits)
        }
        if (!object.path("hits").has("hits")) {
            return false;
        }
        return object.has("took") || object.has("_shards") || object.has("timed_out") || onlyKeys(object, RESPONSE_KEYS);
    }

    private static boolean onlyKeys(JsonNode object, Set<String> keys) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            if (!keys.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonNode node) {
        return node.isMissingNode() ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private static EventInputException bad(String name, int line, String text, JsonProcessingException e) {
        int at = JsonMessages.offendingCharacter(text, e);
        return new EventInputException(new SourcePosition(name, line, text.codePointCount(0, Math.min(at, text.length())) + 1),
                "expected one JSON event per line: " + JsonMessages.oneLineOfALine(e.getOriginalMessage()));
    }

    /** Counts the stored bytes read, for progress. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private final Progress progress;

        CountingStream(InputStream in, Progress progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                progress.bytesRead(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.bytesRead(n);
            }
            return n;
        }
    }
}
