package com.allocation.backtest.localhost;

import com.allocation.backtest.hosting.MicronautFunctionInjector;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Fires the app's timer-triggered functions on their NCRONTAB schedules (UTC), one invocation at a time. */
public final class LocalTimerHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTimerHost.class);
    private final List<Thread> threads = new ArrayList<>();

    private LocalTimerHost() {
    }

    public static LocalTimerHost start(AppSettings settings, List<Class<?>> classes) {
        LocalTimerHost host = new LocalTimerHost();
        for (Class<?> type : classes) {
            for (Method method : type.getMethods()) {
                FunctionName name = method.getAnnotation(FunctionName.class);
                if (name == null) {
                    continue;
                }
                for (Parameter parameter : method.getParameters()) {
                    TimerTrigger trigger = parameter.getAnnotation(TimerTrigger.class);
                    if (trigger != null) {
                        Ncrontab schedule = Ncrontab.parse(settings.resolve(trigger.schedule()));
                        Thread thread = new Thread(() -> loop(name.value(), type, method, schedule), "local-timer-" + name.value());
                        thread.setDaemon(true);
                        host.threads.add(thread);
                        thread.start();
                    }
                }
            }
        }
        return host;
    }

    private static void loop(String name, Class<?> type, Method method, Ncrontab schedule) {
        LocalDateTime next = schedule.next(LocalDateTime.now(ZoneOffset.UTC));
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long wait = Duration.between(LocalDateTime.now(ZoneOffset.UTC), next).toMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
                boolean pastDue = Duration.between(next, now).toSeconds() > 5;
                invoke(name, type, method, "{\"IsPastDue\":" + pastDue + "}");
                next = schedule.next(LocalDateTime.now(ZoneOffset.UTC));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("timer {} failed: {}", name, e.getMessage());
                next = schedule.next(LocalDateTime.now(ZoneOffset.UTC));
            }
        }
    }

    private static void invoke(String name, Class<?> type, Method method, String timerInfo) {
        Object instance = new MicronautFunctionInjector().getInstance(type);
        ExecutionContext context = LocalExecutionContext.of(name);
        try {
            method.invoke(instance, timerInfo, context);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
    }
}
