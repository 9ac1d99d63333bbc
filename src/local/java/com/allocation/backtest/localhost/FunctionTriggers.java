package com.allocation.backtest.localhost;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the app's functions by their trigger annotation and invokes them as the Functions
 * worker does: on the instance the app's {@link FunctionInstanceInjector} hands out, found with
 * {@link ServiceLoader} on the app's class loader, with that loader as the thread's context loader.
 *
 * <p>Only the JDK and the Functions library and SPI are used here, because the cold-start
 * harness runs this class on the worker's side of the class-loader split, where the app's own
 * libraries are not visible.
 */
public final class FunctionTriggers {
    private static final Map<ClassLoader, FunctionInstanceInjector> INJECTORS = new ConcurrentHashMap<>();

    private FunctionTriggers() {
    }

    /** One {@code @FunctionName} method whose parameter carries the trigger annotation {@code T}. */
    public record Trigger<T extends Annotation>(String name, Class<?> type, Method method, T annotation) {
        Object invoke(Object... arguments) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(type.getClassLoader());
            try {
                Object instance = injector(type.getClassLoader()).getInstance(type);
                return method.invoke(instance, arguments);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("function " + name + " threw", cause);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the injector gave no instance of " + type.getName(), e);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }

        Parameter[] parameters() {
            return method.getParameters();
        }
    }

    public static <T extends Annotation> List<Trigger<T>> find(List<Class<?>> classes, Class<T> triggerType) {
        List<Trigger<T>> found = new ArrayList<>();
        for (Class<?> type : classes) {
            for (Method method : type.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                if (name == null) {
                    continue;
                }
                for (Parameter parameter : method.getParameters()) {
                    T trigger = parameter.getAnnotation(triggerType);
                    if (trigger != null) {
                        found.add(new Trigger<>(name.value(), type, method, trigger));
                    }
                }
            }
        }
        return found;
    }

    /**
     * Invokes a queue-triggered function with a message, binding what the Functions host binds:
     * the message, its {@code DequeueCount} and the invocation context.
     */
    public static void invokeWithMessage(Trigger<QueueTrigger> trigger, String message, long dequeueCount) {
        ExecutionContext context = LocalExecutionContext.of(trigger.name());
        Parameter[] parameters = trigger.parameters();
        Object[] arguments = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            BindingName binding = parameter.getAnnotation(BindingName.class);
            if (parameter.getAnnotation(QueueTrigger.class) != null) {
                arguments[i] = message;
            } else if (binding != null && binding.value().equals("DequeueCount")) {
                arguments[i] = dequeueCount;
            } else if (parameter.getType() == ExecutionContext.class) {
                arguments[i] = context;
            }
        }
        trigger.invoke(arguments);
    }

    /**
     * The app's injector, looked up once per class loader as the worker does; like the worker, more
     * than one is an error, and without one every invocation constructs a new instance.
     */
    static FunctionInstanceInjector injector(ClassLoader appLoader) {
        return INJECTORS.computeIfAbsent(appLoader, FunctionTriggers::loadInjector);
    }

    private static FunctionInstanceInjector loadInjector(ClassLoader appLoader) {
        Iterator<FunctionInstanceInjector> found = ServiceLoader.load(FunctionInstanceInjector.class, appLoader).iterator();
        if (!found.hasNext()) {
            return new FunctionInstanceInjector() {
                @Override
                public <T> T getInstance(Class<T> functionClass) throws Exception {
                    return functionClass.getDeclaredConstructor().newInstance();
                }
            };
        }
        FunctionInstanceInjector injector = found.next();
        if (found.hasNext()) {
            throw new IllegalStateException("the app registers more than one FunctionInstanceInjector in META-INF/services");
        }
        return injector;
    }
}
