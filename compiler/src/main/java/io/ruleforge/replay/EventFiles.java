package io.ruleforge.replay;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.diag.SourcePosition;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads recorded events, streaming: NDJSON (one event object per line, blank lines ignored), optionally gzip'ed
 * ({@code .gz}), and saved {@code _search} responses (a JSON object with {@code hits.hits[]}, on one line or pretty
 * printed), whose hits' {@code _source} are the events. A directory stands for the {@code .ndjson}, {@code .json}
 * and {@code .gz} files below it, in name order. Memory: one line at a time for NDJSON; one response for a
 * saved search response (bounded by the search's size).
 */
public final class EventFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> files;
    private final List<String> displayNames;

    private EventFiles(List<Path> files, List<String> displayNames) {
        this.files = List.copyOf(files);
        this.displayNames = List.copyOf(displayNames);
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
        return new EventFiles(files, files.stream().map(f -> display(displayBase, f)).toList());
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
     * Hands every event, in file order, to {@code sink}.
     *
     * @throws EventInputException at the first line that is not an event, with file, line and column
     */
    public void read(Consumer<RecordedEvent> sink, Progress progress) {
        long sequence = 0;
        for (int f = 0; f < files.size(); f++) {
            sequence = readFile(f, sequence, sink, progress);
        }
    }

    private long readFile(int index, long sequence, Consumer<RecordedEvent> sink, Progress progress) {
        Path file = files.get(index);
        String name = displayNames.get(index);
        try (CountingStream counted = new CountingStream(Files.newInputStream(file), progress);
             BufferedReader reader = new BufferedReader(decoder(file.getFileName().toString().endsWith(".gz")
                     ? new GZIPInputStream(counted, 1 << 16) : counted), 1 << 16)) {
            String line;
            int lineNumber = 0;
            boolean seenEvent = false;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode parsed;
                try {
                    parsed = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    if (!seenEvent && e instanceof com.fasterxml.jackson.core.io.JsonEOFException) {
                        // a first line that ends before its value does: a pretty-printed search response, the whole
                        // file one JSON value (any other bad first line is an error here, without reading on)
                        return readWhole(index, file, name, lineNumber, line, reader, sequence, sink, e);
                    }
                    throw bad(name, lineNumber, e);
                }
                sequence = emit(parsed, index, name, lineNumber, sequence, sink);
                seenEvent = true;
            }
            return sequence;
        } catch (IOException e) {
            throw new EventInputException(SourcePosition.ofFile(name), "cannot read the events file: " + e.getMessage());
        }
    }

    /** A JSON value over several lines starting at {@code firstLine}: a pretty-printed saved search response. */
    private long readWhole(int index, Path file, String name, int firstLine, String first, BufferedReader rest, long sequence,
                           Consumer<RecordedEvent> sink, JsonProcessingException lineError) throws IOException {
        StringBuilder text = new StringBuilder(first).append('\n');
        char[] buffer = new char[1 << 16];
        for (int n; (n = rest.read(buffer)) > 0; ) {
            text.append(buffer, 0, n);
        }
        JsonNode whole;
        try {
            whole = JSON.readTree(text.toString());
        } catch (JsonProcessingException e) {
            // neither one event per line nor one JSON document: the line's own error is the useful one
            throw bad(name, firstLine, lineError);
        }
        if (!whole.path("hits").path("hits").isArray()) {
            throw new EventInputException(new SourcePosition(name, firstLine, 1),
                    "expected one event (a JSON object) per line or a saved _search response, found a JSON document over several lines without hits.hits");
        }
        return emit(whole, index, name, firstLine, sequence, sink);
    }

    private static long emit(JsonNode parsed, int index, String name, int line, long sequence, Consumer<RecordedEvent> sink) {
        if (!parsed.isObject()) {
            throw new EventInputException(new SourcePosition(name, line, 1),
                    "expected an event (a JSON object), found " + parsed.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode hits = parsed.path("hits").path("hits");
        if (hits.isArray() && (parsed.has("took") || parsed.has("_shards") || parsed.has("timed_out"))) {
            int hit = 0;
            for (JsonNode h : hits) {
                JsonNode source = h.get("_source");
                if (source == null || !source.isObject()) {
                    throw new EventInputException(new SourcePosition(name, line, 1), "expected hits.hits[" + hit
                            + "]._source to be an event object in the saved search response, found "
                            + (source == null ? "no _source (search without _source?)" : source.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
                }
                sink.accept(new RecordedEvent(source, index, line, sequence++));
                hit++;
            }
            return sequence;
        }
        sink.accept(new RecordedEvent(parsed, index, line, sequence++));
        return sequence;
    }

    private static EventInputException bad(String name, int line, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int column = at == null ? 1 : Math.max(1, at.getColumnNr());
        return new EventInputException(new SourcePosition(name, line, column),
                "expected one JSON event per line: " + e.getOriginalMessage().replace('\n', ' '));
    }

    /** Strict UTF-8: a bad byte is an error, not a replacement character that silently changes an event. */
    private static Reader decoder(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
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
