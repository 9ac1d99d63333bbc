package com.allocation.backtest.localhost;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.QueueMessageItem;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Polls the app's queue-triggered functions with host.json's semantics: one message at a time
 * per function, the message invisible while it runs, on failure visible again after the
 * visibility timeout, and moved to {@code <queue>-poison} once its dequeue count reaches
 * {@code maxDequeueCount}.
 */
public final class LocalQueueHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalQueueHost.class);
    /** How long a message stays hidden while its function runs (the real host renews it; a crash lets it reappear). */
    private static final Duration LEASE = Duration.ofMinutes(10);

    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running = true;

    private LocalQueueHost() {
    }

    /** Where a received message is run: by default in this JVM; the cold-start harness sends it to a worker process. */
    @FunctionalInterface
    public interface Delivery {
        /** Runs the function on the message; throws when the invocation failed, so the message is retried. */
        void deliver(String functionName, String message, long dequeueCount);
    }

    /**
     * Runs the queue functions in this JVM.
     *
     * @param retryDelay      host.json {@code queues.visibilityTimeout}: delay before a failed message is retried
     * @param maxDequeueCount host.json {@code queues.maxDequeueCount}
     */
    public static LocalQueueHost start(String connectionString, AppSettings settings, List<Class<?>> classes,
                                       Duration retryDelay, int maxDequeueCount, Duration pollInterval) {
        List<FunctionTriggers.Trigger<QueueTrigger>> triggers = FunctionTriggers.find(classes, QueueTrigger.class);
        Delivery inThisJvm = (function, message, dequeueCount) -> FunctionTriggers.invokeWithMessage(
            triggers.stream().filter(trigger -> trigger.name().equals(function)).findFirst().orElseThrow(),
            message, dequeueCount);
        return start(connectionString, settings, classes, retryDelay, maxDequeueCount, pollInterval, inThisJvm);
    }

    /** Polls the queues of the functions in {@code classes} and hands every message to {@code delivery}. */
    public static LocalQueueHost start(String connectionString, AppSettings settings, List<Class<?>> classes,
                                       Duration retryDelay, int maxDequeueCount, Duration pollInterval,
                                       Delivery delivery) {
        LocalQueueHost host = new LocalQueueHost();
        for (FunctionTriggers.Trigger<QueueTrigger> trigger : FunctionTriggers.find(classes, QueueTrigger.class)) {
            String queueName = settings.resolve(trigger.annotation().queueName());
            QueueClient queue = client(connectionString, queueName);
            QueueClient poison = client(connectionString, queueName + "-poison");
            queue.createIfNotExists();
            poison.createIfNotExists();
            Poller poller = new Poller(host, trigger.name(), delivery, queue, poison, retryDelay, maxDequeueCount,
                pollInterval);
            Thread thread = new Thread(poller, "local-queue-" + trigger.name());
            thread.setDaemon(true);
            host.pollers.add(thread);
            thread.start();
        }
        return host;
    }

    private static QueueClient client(String connectionString, String queueName) {
        return new QueueClientBuilder()
            .connectionString(connectionString)
            .queueName(queueName)
            .messageEncoding(QueueMessageEncoding.BASE64)
            .buildClient();
    }

    @Override
    public void close() {
        running = false;
        for (Thread thread : pollers) {
            thread.interrupt();
        }
        for (Thread thread : pollers) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Poller(LocalQueueHost host, String function, Delivery delivery, QueueClient queue,
                          QueueClient poison, Duration retryDelay, int maxDequeueCount, Duration pollInterval)
        implements Runnable {

        @Override
        public void run() {
            while (host.running) {
                try {
                    if (!pollOnce()) {
                        Thread.sleep(pollInterval.toMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("queue {} is unreachable ({}); retrying", queue.getQueueName(), e.getClass().getSimpleName());
                    try {
                        Thread.sleep(Math.max(1000, pollInterval.toMillis()));
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }

        private boolean pollOnce() {
            QueueMessageItem message = null;
            for (QueueMessageItem item : queue.receiveMessages(1, LEASE, Duration.ofSeconds(10), null)) {
                message = item;
            }
            if (message == null) {
                return false;
            }
            String body = message.getBody().toString();
            try {
                delivery.deliver(function, body, message.getDequeueCount());
                queue.deleteMessage(message.getMessageId(), message.getPopReceipt());
            } catch (RuntimeException failure) {
                if (message.getDequeueCount() >= maxDequeueCount) {
                    LOG.warn("function {}: message {} failed {} times; moving it to {}", function, message.getMessageId(),
                        message.getDequeueCount(), poison.getQueueName());
                    poison.sendMessage(body);
                    queue.deleteMessage(message.getMessageId(), message.getPopReceipt());
                } else {
                    LOG.warn("function {}: delivery {} failed ({}); retrying in {} ms", function, message.getDequeueCount(),
                        failure.getMessage(), retryDelay.toMillis());
                    queue.updateMessage(message.getMessageId(), message.getPopReceipt(), null, retryDelay);
                }
            }
            return true;
        }
    }
}
