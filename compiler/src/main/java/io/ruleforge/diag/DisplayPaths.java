package io.ruleforge.diag;

import java.nio.file.Path;

/** How files are named in messages: relative to the directory the user ran from when inside it, with '/'. */
public final class DisplayPaths {
    private DisplayPaths() {
    }

    public static String of(Path base, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path absBase = base.toAbsolutePath().normalize();
        Path shown = abs.startsWith(absBase) ? absBase.relativize(abs) : abs;
        return shown.toString().replace('\\', '/');
    }
}
