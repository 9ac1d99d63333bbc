package com.allocation.backtest.api;

import com.allocation.backtest.config.PostgresSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Keeps API requests from taking the connections that runs need. The pool is shared with the run
 * lifecycle on this instance (a claim or a completion, a heartbeat, a timer), so API requests may
 * hold at most {@code POSTGRES_POOL_SIZE - RESERVED} connections at once; a request that finds none
 * free within {@code POSTGRES_CONNECT_TIMEOUT} is a 503 problem with Retry-After, and a key holder's
 * burst can never make a heartbeat wait for a connection and lose its lease.
 */
@ServerFilter(patterns = {"/backtests", "/backtests/**", "/sweeps", "/sweeps/**", "/compare", "/signals/**"})
public class DatabaseBulkhead {
    /** One connection for claims and completions, one for heartbeats, one for the reconcile timer. */
    static final int RESERVED = 3;
    private static final String PERMIT = DatabaseBulkhead.class.getName() + ".permit";

    private final Semaphore permits;
    private final long waitMillis;

    public DatabaseBulkhead(PostgresSettings settings) {
        this.permits = new Semaphore(Math.max(1, settings.poolSize() - RESERVED), true);
        this.waitMillis = settings.connectTimeout().toMillis();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> acquire(HttpRequest<?> request) throws InterruptedException {
        if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
            return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "busy", "Busy",
                    "every database connection this instance gives to API requests is in use; retry shortly", List.of())
                .header(HttpHeaders.RETRY_AFTER, "1");
        }
        request.setAttribute(PERMIT, Boolean.TRUE);
        return null;
    }

    @ResponseFilter
    public void release(HttpRequest<?> request) {
        if (request.removeAttribute(PERMIT, Boolean.class).isPresent()) {
            permits.release();
        }
    }

    /** Permits free now; for tests and diagnostics. */
    int available() {
        return permits.availablePermits();
    }
}
