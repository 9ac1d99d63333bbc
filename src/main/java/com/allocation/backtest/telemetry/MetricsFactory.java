package com.allocation.backtest.telemetry;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.monitor.opentelemetry.autoconfigure.AzureMonitorAutoConfigure;
import com.azure.monitor.opentelemetry.autoconfigure.AzureMonitorAutoConfigureOptions;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * The app's one {@link Meter}. With {@code APPLICATIONINSIGHTS_CONNECTION_STRING} set, the Azure
 * Monitor exporter sends its metrics every minute ({@code OTEL_METRIC_EXPORT_INTERVAL} changes it);
 * without it, instruments record into a provider nobody reads, which costs next to nothing. Only
 * metrics are exported: traces and logs reach Application Insights through the Functions host.
 *
 * <p>Micrometer's Azure Monitor registry is not used: it sends with the classic instrumentation-key
 * SDK, which cannot authenticate with Entra ID, so it fails once local auth is off.
 */
@Factory
public class MetricsFactory {
    static final String SERVICE_NAME = "backtest-functions";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsFactory.class);

    /**
     * @param extraReaders readers besides the exporter; none in the app, the tests' in-memory reader in tests
     */
    @Singleton
    @Bean(preDestroy = "close")
    SdkMeterProvider meterProvider(TelemetrySettings settings, List<MetricReader> extraReaders) {
        if (!settings.exports()) {
            SdkMeterProviderBuilder provider = SdkMeterProvider.builder();
            extraReaders.forEach(provider::registerMetricReader);
            return provider.build();
        }
        AzureMonitorAutoConfigureOptions exporter = new AzureMonitorAutoConfigureOptions()
            .connectionString(settings.connectionString());
        if (settings.entra()) {
            exporter.credential(managedIdentity(settings));
        }
        var sdk = AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> Map.of("otel.service.name", SERVICE_NAME))
            .disableShutdownHook();
        AzureMonitorAutoConfigure.customize(sdk, exporter);
        sdk.addPropertiesCustomizer(config -> Map.of(
                "otel.traces.exporter", "none",
                "otel.logs.exporter", "none",
                "applicationinsights.live.metrics.enabled", "false"))
            .addMeterProviderCustomizer((provider, config) -> {
                extraReaders.forEach(provider::registerMetricReader);
                return provider;
            });
        LOG.info("metrics are exported to Application Insights ({})", settings.entra()
            ? "Entra ID, managed identity " + settings.clientId().orElse("system-assigned") : "instrumentation key");
        return sdk.build().getOpenTelemetrySdk().getSdkMeterProvider();
    }

    @Singleton
    Meter meter(SdkMeterProvider provider) {
        return provider.get("com.allocation.backtest");
    }

    static TokenCredential managedIdentity(TelemetrySettings settings) {
        ManagedIdentityCredentialBuilder credential = new ManagedIdentityCredentialBuilder();
        settings.clientId().ifPresent(credential::clientId);
        return credential.build();
    }
}
