package com.allocation.backtest.localhost;

import com.allocation.backtest.hosting.MicronautFunctionInjector;
import com.microsoft.azure.functions.annotation.FunctionName;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the app's functions by their trigger annotation and invokes them as the Functions
 * worker does: on the instance {@link MicronautFunctionInjector} hands out.
 */
final class FunctionTriggers {
    private FunctionTriggers() {
    }

    /** One {@code @FunctionName} method whose parameter carries the trigger annotation {@code T}. */
    record Trigger<T extends Annotation>(String name, Class<?> type, Method method, T annotation) {
        Object invoke(Object... arguments) {
            Object instance = new MicronautFunctionInjector().getInstance(type);
            try {
                return method.invoke(instance, arguments);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("function " + name + " threw", cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }

        Parameter[] parameters() {
            return method.getParameters();
        }
    }

    static <T extends Annotation> List<Trigger<T>> find(List<Class<?>> classes, Class<T> triggerType) {
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
}
