package com.allocation.backtest.hosting;

import io.micronaut.azure.function.AzureFunction;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one Micronaut context of the function app and the one instance of each function class.
 *
 * <p>The Functions Java worker would otherwise construct a function class on every invocation;
 * micronaut-azure's base class then registers a JVM shutdown hook per construction (a leaked
 * thread and instance per call) and starts its static context without synchronization. Here
 * the context starts once, under a lock, with one shutdown hook, and instances are cached.
 */
public final class FunctionApplication {
    private static final Map<Class<?>, Object> INSTANCES = new ConcurrentHashMap<>();
    private static ApplicationContext context;
    private static Thread shutdownHook;

    private FunctionApplication() {
    }

    /** The shared context, started on first use from the process environment (as in Azure). */
    public static synchronized ApplicationContext context() {
        if (context == null) {
            start(Map.of());
        }
        return context;
    }

    /**
     * Starts the shared context with extra properties (the local host and tests use this to
     * point it at their own PostgreSQL and Azurite). Fails if a context is already running.
     */
    public static synchronized ApplicationContext start(Map<String, Object> properties) {
        if (context != null) {
            throw new IllegalStateException("the function application context is already running");
        }
        context = ApplicationContext.builder()
            .environments(Environment.AZURE)
            .deduceEnvironment(false)
            .properties(properties)
            .start();
        if (shutdownHook == null) {
            shutdownHook = new Thread(FunctionApplication::stop, "function-application-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return context;
    }

    /** Stops the context and forgets the cached instances, so a later {@link #start} begins afresh. */
    public static synchronized void stop() {
        INSTANCES.clear();
        if (context != null) {
            ApplicationContext running = context;
            context = null;
            if (running.isRunning()) {
                running.close();
            }
        }
    }

    /** The single instance of a function class: a bean from the context, or the HTTP adapter built once. */
    @SuppressWarnings("unchecked")
    public static <T> T instance(Class<T> functionClass) {
        ApplicationContext shared = context();
        return (T) INSTANCES.computeIfAbsent(functionClass, type -> create(shared, type));
    }

    private static Object create(ApplicationContext shared, Class<?> type) {
        if (AzureFunction.class.isAssignableFrom(type)) {
            try {
                return type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create function class " + type.getName(), e);
            }
        }
        return shared.getBean(type);
    }
}
