package dev.wharf.storage.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The path rules of {@link StorageDriver}, in one place so that every driver accepts and
 * rejects exactly the same paths.
 *
 * <p>A valid path is {@code /} (the root directory) or {@code /name(/name)*}, each name matching
 * {@code [A-Za-z0-9._-]+}, being neither {@code .} nor {@code ..}, and not starting with
 * {@link #SCRATCH_PREFIX}. The character set is distribution's; refusing {@code .} and {@code ..}
 * means a path can never climb out of a driver's root, whatever the driver maps it onto.
 */
public final class StoragePathRules {

    /** The root directory. */
    public static final String ROOT = "/";

    /**
     * Names starting with this are reserved for drivers' scratch files (the filesystem driver's
     * half-written {@code putContent} files). Reserving them means a scratch file can never be
     * mistaken for, or collide with, a file a caller asked for. Registry layouts never start a
     * name with a dot, so nothing legitimate is lost.
     */
    public static final String SCRATCH_PREFIX = ".tmp-";

    private StoragePathRules() {}

    /**
     * Checks a path that any driver method accepts, the root included.
     *
     * @return {@code path}
     * @throws InvalidPathException if it breaks the rules
     */
    public static String requireValid(String path) {
        Objects.requireNonNull(path, "path");
        if (!isValid(path)) {
            throw new InvalidPathException(path);
        }
        return path;
    }

    /**
     * Checks a path that must name a file, or something that can be deleted: valid and not the
     * root.
     *
     * @return {@code path}
     * @throws InvalidPathException if it breaks the rules or is the root
     */
    public static String requireNonRoot(String path) {
        requireValid(path);
        if (path.equals(ROOT)) {
            throw new InvalidPathException(path);
        }
        return path;
    }

    /** Whether {@code path} obeys the rules. */
    public static boolean isValid(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        if (path.equals(ROOT)) {
            return true;
        }
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            if (!isValidName(path.substring(start, end))) {
                return false;
            }
            if (slash < 0) {
                return true;
            }
            start = slash + 1;
        }
    }

    /** Whether {@code name} may be one component of a path. */
    public static boolean isValidName(String name) {
        if (name == null
                || name.isEmpty()
                || name.equals(".")
                || name.equals("..")
                || name.startsWith(SCRATCH_PREFIX)) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The names along a valid path, outermost first; empty for the root. */
    public static List<String> names(String path) {
        requireValid(path);
        List<String> names = new ArrayList<>();
        if (!path.equals(ROOT)) {
            int start = 1;
            int slash;
            while ((slash = path.indexOf('/', start)) >= 0) {
                names.add(path.substring(start, slash));
                start = slash + 1;
            }
            names.add(path.substring(start));
        }
        return names;
    }

    /** The path of child {@code name} of directory {@code directory}; both assumed valid. */
    public static String child(String directory, String name) {
        return directory.equals(ROOT) ? ROOT + name : directory + "/" + name;
    }
}
