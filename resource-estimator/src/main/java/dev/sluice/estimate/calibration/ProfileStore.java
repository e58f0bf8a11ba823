package dev.sluice.estimate.calibration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Named cost profiles, one JSON file each: {@code <directory>/<name>.json}, usually {@code <data-dir>/profiles}.
 * Files rather than the metadata store because a profile describes a machine, not a tenant's data: it is fitted
 * by {@code ./sluice calibrate} while no gateway need be running (and the embedded H2 store allows one process
 * only), can be read and edited by hand, and is copied to another machine of the same kind with the file.
 * The name {@value #DEFAULT} without a file is the profile that ships in this module.
 */
public final class ProfileStore {

    public static final String DEFAULT = "default";

    /** Names become file names: letters, digits, dot, dash and underscore only, so no name can leave the directory. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path directory;

    public ProfileStore(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    public Path directory() {
        return directory;
    }

    /** The file a profile of that name lives in. */
    public Path file(String name) {
        return directory.resolve(checkName(name) + ".json");
    }

    /**
     * The named profile: its file if there is one, else for {@value #DEFAULT} the shipped profile.
     *
     * @throws ProfileException naming the file, when it is missing, unreadable or not a valid profile
     */
    public CostProfile read(String name) {
        Path file = file(name);
        try (InputStream in = Files.newInputStream(file)) {
            CostProfile profile = CostProfile.read(in);
            if (!profile.name().equals(name)) {
                throw new ProfileException("Cost profile file " + file + " holds the profile named '" + profile.name()
                        + "', not '" + name + "'. Rename the file or fix its \"name\".");
            }
            return profile;
        } catch (NoSuchFileException e) {
            if (name.equals(DEFAULT)) {
                return CostProfile.defaults();
            }
            throw new ProfileException("No cost profile named '" + name + "': " + file + " does not exist."
                    + " Run ./sluice calibrate --name " + name + " to fit one on this machine.");
        } catch (IOException | IllegalArgumentException e) {
            // Jackson reports bad JSON as an IOException and CostProfile's checks as the cause of one.
            throw new ProfileException("Cost profile file " + file + " is not a valid profile: " + rootMessage(e)
                    + ". Fix the file or run ./sluice calibrate --name " + name + " again.");
        }
    }

    /** Writes the profile to its file, replacing any earlier one whole (never half-written). */
    public Path write(CostProfile profile) {
        Path file = file(profile.name());
        try {
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, profile.name(), ".tmp");
            Files.writeString(temporary, profile.toJson() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write cost profile " + file, e);
        }
    }

    private static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ProfileException("'" + name + "' is not a profile name: use up to 64 letters, digits, '.', '-'"
                    + " or '_', starting with a letter or digit.");
        }
        return name;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        // Jackson appends the source location after a newline; the first line says what is wrong.
        return message.lines().findFirst().orElse(message).strip();
    }
}
