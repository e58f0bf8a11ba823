package dev.sluice.gateway.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed server certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's keytool when a test
 * starts (no key is committed), in every form a test hands out: the server's PKCS12 key store and its password file
 * (the gateway's options), the certificate as PEM ({@code curl --cacert}, {@code SLUICE_CA_CERT}), a PKCS12 trust store
 * (the Flink JDBC driver's {@code security.ssl.rest.truststore}) and a TLS context that trusts it (Java clients). The
 * files are deleted when the JVM exits.
 */
public final class TestCertificate {

    private static final String ALIAS = "sluice";

    private final Path directory;
    private final String password;

    private TestCertificate(Path directory, String password) {
        this.directory = directory;
        this.password = password;
    }

    /** Generates a key pair and its certificate into a new temporary directory; {@code password} guards both stores. */
    public static TestCertificate generate(String password) {
        try {
            Path directory = Files.createTempDirectory("sluice-tls-");
            directory.toFile().deleteOnExit();
            TestCertificate certificate = new TestCertificate(directory, password);
            Files.writeString(certificate.passwordFile(), password + "\n");
            keytool(
                    "-genkeypair",
                    "-alias",
                    ALIAS,
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    certificate.keyStore().toString(),
                    "-storepass",
                    password,
                    "-keypass",
                    password);
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    ALIAS,
                    "-keystore",
                    certificate.keyStore().toString(),
                    "-storepass",
                    password,
                    "-file",
                    certificate.pem().toString());
            keytool(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    ALIAS,
                    "-file",
                    certificate.pem().toString(),
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    certificate.trustStore().toString(),
                    "-storepass",
                    password);
            for (Path file : List.of(
                    certificate.keyStore(), certificate.passwordFile(), certificate.pem(), certificate.trustStore())) {
                file.toFile().deleteOnExit();
            }
            return certificate;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's key store (PKCS12): its private key and certificate. */
    public Path keyStore() {
        return directory.resolve("server.p12");
    }

    /** A file holding the password of both stores, as a mounted Secret would. */
    public Path passwordFile() {
        return directory.resolve("password");
    }

    public String password() {
        return password;
    }

    /** The certificate alone, PEM-encoded. */
    public Path pem() {
        return directory.resolve("server.pem");
    }

    /** A PKCS12 trust store holding the certificate, guarded by {@link #password()}. */
    public Path trustStore() {
        return directory.resolve("trust.p12");
    }

    /** A client TLS context that trusts this certificate and no other. */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(trustStore())) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(in, password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot trust the test certificate", e);
        }
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
