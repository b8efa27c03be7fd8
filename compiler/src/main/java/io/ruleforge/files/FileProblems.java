package io.ruleforge.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Says in a user's words why a file could not be used — "permission denied", "broken symbolic link" — instead of
 * the exception's message, which is often just the path again. Shared by every stage that reads user files.
 */
public final class FileProblems {

    private FileProblems() {
    }

    /** What went wrong, without the path (messages name the file already). */
    public static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemLoopException || isLoop(e)) {
            return "symbolic link loop";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "is a directory that is not empty";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists and is in the way";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return lowerFirst(fs.getReason());
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    /**
     * Why {@code path}, a symbolic link, cannot be followed: its target does not exist, or it leads back to
     * itself. Empty when it is not a link or leads to something.
     */
    public static Optional<String> brokenLink(Path path) {
        if (!Files.isSymbolicLink(path)) {
            return Optional.empty();
        }
        try {
            Files.readAttributes(path, BasicFileAttributes.class);
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("broken symbolic link: its target " + target(path) + " does not exist");
        } catch (IOException e) {
            String problem = describe(e);
            return Optional.of(problem.equals("symbolic link loop") ? problem : "symbolic link cannot be followed: " + problem);
        }
    }

    /** Whether the path exists as a directory entry, be it a link that leads nowhere. */
    public static boolean isPresent(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "(unknown)";
        }
    }

    private static String lowerFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    // Linux reports ELOOP as a plain FileSystemException with the C library's wording.
    private static boolean isLoop(IOException e) {
        return e instanceof FileSystemException fs && fs.getReason() != null
                && fs.getReason().toLowerCase(java.util.Locale.ROOT).contains("too many levels of symbolic links");
    }
}
