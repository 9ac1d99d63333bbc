package com.allocation.backtest.support;

import com.allocation.backtest.hosting.FunctionApplication;
import com.allocation.backtest.localhost.LocalHttpHost;
import com.allocation.backtest.localhost.LocalFunctions;
import com.allocation.backtest.localhost.LocalHost;
import com.allocation.backtest.localhost.LocalQueueHost;
import com.allocation.backtest.localhost.LocalStack;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.storage.StorageClients;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One real stack per test JVM: embedded PostgreSQL, Azurite, the function application context
 * and the local HTTP host, started on first use and stopped when the JVM exits. Tests reach the
 * functions over real HTTP, exactly as clients would.
 */
public final class TestStack {
    public static final String FUNCTION_KEY = "test-function-key";
    private static TestStack instance;

    private final LocalStack stack;
    private final LocalHttpHost http;
    private final ApplicationContext context;

    private TestStack(LocalStack stack, LocalHttpHost http, ApplicationContext context) {
        this.stack = stack;
        this.http = http;
        this.context = context;
    }

    public static synchronized TestStack get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestStack start() {
        Path work;
        try {
            work = Files.createTempDirectory("backtest-test-stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path project = Path.of(System.getProperty("backtest.project.dir", ".")).toAbsolutePath();
        AzuriteInstall.ensure(project);
        LocalStack stack = LocalStack.start(project, work, null);
        Map<String, Object> properties = new LinkedHashMap<>(stack.functionProperties());
        properties.put("postgres.connect-timeout", "1s");
        properties.put("backtest.lease-ttl", "3s");
        properties.put("backtest.slot-retry-delay", "0s");
        // The suite's queued runs pile up (nothing drains most of them); SubmissionAdmissionTest owns the caps.
        properties.put("backtest.limits.max-submissions-per-minute", "1000000");
        properties.put("backtest.limits.max-queued-runs", "1000000");
        properties.put(TestClock.ENABLED, "true");
        properties.put(TestMetrics.ENABLED, "true");
        ApplicationContext context = FunctionApplication.start(properties);
        LocalHttpHost http = LocalHttpHost.start(0, FUNCTION_KEY, LocalFunctions.CLASSES);
        TestStack testStack = new TestStack(stack, http, context);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            FunctionApplication.stop();
            stack.close();
        }));
        return testStack;
    }

    /**
     * Starts polling the run queues with host.json's semantics and a short retry delay; the
     * caller closes it so later test classes see their messages untouched.
     */
    public LocalQueueHost startQueueHost(Duration retryDelay, int maxDequeueCount) {
        return LocalQueueHost.start(stack.azurite().connectionString(), LocalHost.appSettings(), LocalFunctions.CLASSES,
            retryDelay, maxDequeueCount, Duration.ofMillis(100));
    }

    /**
     * Gives an execution test a clean slate: other test classes leave messages in the run queue
     * and rows holding leases, which would otherwise be executed first or hold the single slot.
     * The queued runs whose messages are cleared are cancelled through the lifecycle: left queued
     * with a recent wake-up they would look like single runs waiting, for which sweeps hold back.
     */
    public void resetExecutionState() {
        StorageClients storage = bean(StorageClients.class);
        storage.runQueue().clearMessages();
        storage.poisonQueue().clearMessages();
        sql().update("UPDATE backtest.runs SET status = 'failed', error = 'reset by test', lease_owner = NULL, "
            + "lease_expires_at = NULL WHERE status = 'running'");
        RunRepository runs = bean(RunRepository.class);
        sql().rows("SELECT run_id::text FROM backtest.runs WHERE status = 'queued'")
            .forEach(row -> runs.cancel(UUID.fromString((String) row.get(0))));
    }

    public ApiClient api() {
        return new ApiClient(http.baseUrl(), FUNCTION_KEY);
    }

    public ApiClient anonymousApi() {
        return new ApiClient(http.baseUrl(), null);
    }

    public LocalStack stack() {
        return stack;
    }

    public ApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public TestClock clock() {
        return context.getBean(TestClock.class);
    }

    public Sql sql() {
        return new Sql(stack.postgres().jdbcUrl());
    }
}
