package com.allocation.backtest.localhost;

import com.microsoft.azure.functions.annotation.TimerTrigger;
import io.micronaut.scheduling.cron.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Fires the app's timer-triggered functions on their NCRONTAB schedules (UTC), one invocation at a
 * time. NCRONTAB's six fields (second first) are the format of Micronaut's {@link CronExpression}.
 */
public final class LocalTimerHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTimerHost.class);
    private final List<Thread> threads = new ArrayList<>();

    private LocalTimerHost() {
    }

    public static LocalTimerHost start(AppSettings settings, List<Class<?>> classes) {
        LocalTimerHost host = new LocalTimerHost();
        for (FunctionTriggers.Trigger<TimerTrigger> trigger : FunctionTriggers.find(classes, TimerTrigger.class)) {
            CronExpression schedule = CronExpression.create(settings.resolve(trigger.annotation().schedule()));
            Thread thread = new Thread(() -> loop(trigger, schedule), "local-timer-" + trigger.name());
            thread.setDaemon(true);
            host.threads.add(thread);
            thread.start();
        }
        return host;
    }

    private static void loop(FunctionTriggers.Trigger<TimerTrigger> trigger, CronExpression schedule) {
        ZonedDateTime next = schedule.nextTimeAfter(now());
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long wait = Duration.between(now(), next).toMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                boolean pastDue = Duration.between(next, now()).toSeconds() > 5;
                trigger.invoke("{\"IsPastDue\":" + pastDue + "}", LocalExecutionContext.of(trigger.name()));
                next = schedule.nextTimeAfter(now());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("timer {} failed: {}", trigger.name(), e.getMessage());
                next = schedule.nextTimeAfter(now());
            }
        }
    }

    private static ZonedDateTime now() {
        return ZonedDateTime.now(ZoneOffset.UTC);
    }

    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
    }
}
