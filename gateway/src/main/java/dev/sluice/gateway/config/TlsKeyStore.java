package dev.sluice.gateway.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A listener's key store, loaded and checked when the gateway starts: its file, its type (PKCS12, or JKS by a
 * {@code .jks} extension), its password (read from a secret file of its own, e.g. a mounted Kubernetes Secret) and the
 * server TLS context made from it. A missing file, a wrong password or a store without a private key stops the start
 * with a message naming the option.
 *
 * @param password kept for listeners that load the store themselves (Flink's REST endpoint); never in {@link #toString}
 */
public record TlsKeyStore(Path file, String type, String password, SSLContext context) {

    public TlsKeyStore {
        requireNonNull(file, "file is null");
        requireNonNull(type, "type is null");
        requireNonNull(password, "password is null");
        requireNonNull(context, "context is null");
    }

    /**
     * The key store the options name, or empty when {@code keyStoreOption} is unset (no TLS).
     *
     * @param passwordFileOption the option naming the file that holds the store's password; required with the store
     */
    public static Optional<TlsKeyStore> fromOptions(
            Configuration options, ConfigOption<String> keyStoreOption, ConfigOption<String> passwordFileOption)
            throws IOException {
        Optional<String> keyStore = options.getOptional(keyStoreOption);
        if (keyStore.isEmpty()) {
            return Optional.empty();
        }
        String passwordFile = options.getOptional(passwordFileOption)
                .orElseThrow(() ->
                        new IOException(keyStoreOption.key() + " is set but " + passwordFileOption.key() + " is not"));
        String password;
        try {
            password = Files.readString(Path.of(passwordFile)).strip();
        } catch (IOException e) {
            throw new IOException(
                    "Cannot read " + passwordFile + " (" + passwordFileOption.key() + "): " + describe(e), e);
        }
        Path file = Path.of(keyStore.get());
        String type = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        String where = file + " (" + keyStoreOption.key() + ", password from " + passwordFileOption.key() + ")";
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance(type);
            store.load(in, password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException("Cannot load the key store " + where + ": " + describe(e), e);
        }
        try {
            if (!hasPrivateKey(store)) {
                throw new IOException("The key store " + where
                        + " holds no private key: the listener needs its key and certificate there.");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return Optional.of(new TlsKeyStore(file, type, password, context));
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot use the key store " + where + ": " + describe(e), e);
        }
    }

    private static boolean hasPrivateKey(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
                return true;
            }
        }
        return false;
    }

    /** What went wrong, in words an operator recognizes: the JDK names a missing file by its path only. */
    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return String.valueOf(e.getMessage());
    }

    @Override
    public String toString() {
        return "TlsKeyStore[" + file + ", " + type + "]";
    }
}
