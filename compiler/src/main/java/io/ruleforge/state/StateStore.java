package io.ruleforge.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ruleforge.files.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The build state of an output directory: one JSON file per stage in {@code <out>/state/}, so {@code mvn clean}
 * removes it with everything else. Reading never fails a build: state that is missing, unreadable, of another
 * format or not what this ruleforge writes is ignored, and the stage recomputes everything. Writing is atomic and
 * skipped when nothing changed.
 */
public final class StateStore {

    public static final String DIRECTORY = "state";

    /**
     * Record components only ({@code Diagnostic.isError()} and the like are derived, not state), and every one of
     * them present: a file that lacks one is not state this ruleforge wrote.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .build();

    /**
     * A stage's previous state.
     *
     * @param ignored why a state file that exists was not used, if it was not
     */
    public record Loaded(StageState state, Optional<String> ignored) {
    }

    private final Path directory;

    /** @param directory the output directory's {@value #DIRECTORY} folder */
    public StateStore(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public Loaded read(String stage) {
        if (!Files.isDirectory(directory)) {
            // no state yet, or none possible (the output directory is a file): nothing was ignored, there was none
            return new Loaded(StageState.empty(), Optional.empty());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file(stage));
        } catch (NoSuchFileException e) {
            return new Loaded(StageState.empty(), Optional.empty());
        } catch (IOException e) {
            return ignored("it cannot be read");
        }
        StageState state;
        try {
            state = JSON.readValue(bytes, StageState.class);
        } catch (IOException | RuntimeException e) {
            state = null;
        }
        if (state == null) {
            return ignored("it is not valid state");
        }
        if (state.format() != StageState.FORMAT) {
            return ignored("it is of format " + state.format() + ", this ruleforge writes " + StageState.FORMAT);
        }
        return new Loaded(state, Optional.empty());
    }

    public void write(String stage, StageState state) {
        // streamed, and compared with the file already there on disk: a state of thousands of rules is never held as
        // bytes, and an unchanged state is not rewritten
        AtomicFiles.writeIfChanged(file(stage), out -> {
            try {
                JSON.writeValue(out, state);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("cannot serialise the " + stage + " state", e);
            }
        });
    }

    private Path file(String stage) {
        return directory.resolve(stage + ".json");
    }

    private static Loaded ignored(String why) {
        return new Loaded(StageState.empty(), Optional.of(why));
    }
}
