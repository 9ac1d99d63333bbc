package com.allocation.backtest.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 made with the JDK's keytool (so nothing beyond the JDK is
 * needed): the PKCS#12 key store Azurite serves HTTPS with, and a trust store holding only that
 * certificate, for a JVM that must trust it ({@code -Djavax.net.ssl.trustStore}) or an {@link SSLContext}.
 */
public final class LocalCertificate {
    public static final String PASSWORD = "local-test-only";

    private final Path keyStore;
    private final Path trustStore;

    private LocalCertificate(Path keyStore, Path trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    public static LocalCertificate create(Path directory) {
        try {
            Files.createDirectories(directory);
            Path keyStore = directory.resolve("azurite.p12");
            Path trustStore = directory.resolve("truststore.p12");
            Files.deleteIfExists(keyStore);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "azurite", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("keytool.log").toFile())
                .start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool could not make a certificate; see " + directory.resolve("keytool.log"));
            }
            writeTrustStore(keyStore, trustStore);
            return new LocalCertificate(keyStore, trustStore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeTrustStore(Path keyStore, Path trustStore) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        Certificate certificate = keys.getCertificate("azurite");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("azurite", certificate);
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trusted.store(out, PASSWORD.toCharArray());
        }
    }

    /** The certificate and its private key, for Azurite's {@code --cert} and {@code --pwd}. */
    public Path keyStore() {
        return keyStore;
    }

    /** JVM options that make a child JVM trust this certificate (and nothing else). */
    public List<String> trustStoreOptions() {
        return List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
            "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    /** An SSL context trusting only this certificate, for this JVM's own HTTP clients. */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(in, PASSWORD.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
