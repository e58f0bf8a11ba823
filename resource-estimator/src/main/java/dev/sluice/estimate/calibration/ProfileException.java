package dev.sluice.estimate.calibration;

/** A cost profile cannot be used: its name is not allowed, or its file is missing or not a valid profile. */
public final class ProfileException extends RuntimeException {

    public ProfileException(String message) {
        super(message);
    }
}
