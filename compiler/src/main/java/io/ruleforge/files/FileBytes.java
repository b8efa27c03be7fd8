package io.ruleforge.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a user file's bytes. The seam through which tests make a file unreadable: they run as root, for whom file
 * modes deny nothing.
 */
@FunctionalInterface
public interface FileBytes {

    /** The file system itself. */
    FileBytes DISK = Files::readAllBytes;

    byte[] read(Path file) throws IOException;
}
