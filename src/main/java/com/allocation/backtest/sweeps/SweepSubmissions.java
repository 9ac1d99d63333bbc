package com.allocation.backtest.sweeps;

import com.allocation.backtest.api.FieldProblem;
import com.allocation.backtest.api.ProblemException;
import com.allocation.backtest.common.Sha256;
import com.allocation.backtest.config.RunSettings;
import com.allocation.backtest.config.StorageSettings;
import com.allocation.backtest.config.SubmissionLimits;
import com.allocation.backtest.engine.runconfig.ConfigValidationException;
import com.allocation.backtest.engine.runconfig.FieldError;
import com.allocation.backtest.runs.ConfigValidator;
import com.allocation.backtest.runs.NewRun;
import com.allocation.backtest.runs.NewSweep;
import com.allocation.backtest.runs.Run;
import com.allocation.backtest.runs.RunQueue;
import com.allocation.backtest.runs.RunRepository;
import com.allocation.backtest.runs.RunSize;
import com.allocation.backtest.runs.RunSizeCheck;
import com.allocation.backtest.runs.RunTooLargeException;
import com.allocation.backtest.runs.SubmissionAdmission;
import com.allocation.backtest.runs.Sweep;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Submits a sweep. Every point passes what a single run passes (the engine's validator, the size
 * check), the sweep as a whole passes its own limits and the admission caps count its points;
 * then the sweep row and its runs are committed in one transaction, and only then are the
 * wake-ups sent. A wake-up that is not sent is the reconciler's: it sends one to every queued
 * run whose {@code enqueued_at} is null, so an accepted sweep never loses a point.
 */
@Singleton
public class SweepSubmissions {
    private static final Logger LOG = LoggerFactory.getLogger(SweepSubmissions.class);
    /** Enough to fix a grid; a hundred copies of one mistake help nobody. */
    static final int MAX_REPORTED_PROBLEMS = 20;

    private final ConfigValidator validator;
    private final RunRepository store;
    private final RunQueue queue;
    private final RunSettings runSettings;
    private final StorageSettings storageSettings;
    private final SubmissionLimits limits;
    private final RunSizeCheck sizeCheck;
    private final SubmissionAdmission admission;

    public SweepSubmissions(ConfigValidator validator, RunRepository store, RunQueue queue, RunSettings runSettings,
                            StorageSettings storageSettings, SubmissionLimits limits, RunSizeCheck sizeCheck,
                            SubmissionAdmission admission) {
        this.validator = validator;
        this.store = store;
        this.queue = queue;
        this.runSettings = runSettings;
        this.storageSettings = storageSettings;
        this.limits = limits;
        this.sizeCheck = sizeCheck;
        this.admission = admission;
    }

    public Submission submit(JsonNode body, String idempotencyKey) {
        SweepGrid grid = SweepGrid.read(body, limits.maxSweepPoints());
        List<ConfigValidator.ValidatedConfig> points = validatePoints(grid);
        String sha = requestSha256(grid, points);
        // A replay creates nothing, so no cap applies to it: a client retrying after a timeout gets its sweep.
        if (idempotencyKey != null) {
            Optional<Sweep> earlier = store.findSweepByIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                return replay(new RunRepository.SweepSubmitted(earlier.get(), store.sweepRuns(earlier.get().sweepId()), false), sha);
            }
        }
        checkSizes(grid, points);
        admission.admit(points.size());
        UUID sweepId = UUID.randomUUID();
        List<NewSweep.Point> newPoints = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            ConfigValidator.ValidatedConfig config = points.get(i);
            UUID runId = UUID.randomUUID();
            String prefix = (config.blobPrefix() == null ? storageSettings.runsPrefix() : config.blobPrefix())
                .replaceAll("/+$", "") + "/" + runId + "/";
            newPoints.add(new NewSweep.Point(new NewRun(runId, config.name(), config.canonicalConfig(),
                Sha256.hex(config.canonicalConfig().toString()), null, runSettings.maxAttempts(), prefix),
                grid.parameters(i)));
        }
        RunRepository.SweepSubmitted submitted = store.submitSweep(new NewSweep(sweepId, grid.name(), grid.base(),
            grid.toJson(), sha, idempotencyKey, newPoints));
        if (!submitted.created()) {
            return replay(submitted, sha);
        }
        return new Submission(submitted.sweep(), wakeUp(sweepId, submitted.runs()), true);
    }

    /** Sends each point its wake-up; after the first failure the rest are left to the reconciler. */
    private List<Run> wakeUp(UUID sweepId, List<Run> runs) {
        List<Run> shown = new ArrayList<>(runs);
        for (int i = 0; i < runs.size(); i++) {
            UUID runId = runs.get(i).runId();
            try {
                queue.enqueue(runId);
            } catch (RuntimeException e) {
                LOG.warn("sweep {}: {} of {} runs are queued without a message yet ({}); the reconciler will send them",
                    sweepId, runs.size() - i, runs.size(), e.getClass().getSimpleName());
                break;
            }
            int point = i;
            try {
                store.markEnqueued(runId).ifPresent(marked -> shown.set(point, marked));
            } catch (RuntimeException e) {
                // Sent but not marked: at worst the reconciler sends a second wake-up, which is harmless.
                LOG.warn("sweep {}: run {} was enqueued but enqueued_at was not recorded ({})", sweepId, runId,
                    e.getClass().getSimpleName());
            }
        }
        return shown;
    }

    /**
     * Validates every point with the engine's validator. An error that every point shares is the
     * base's and is reported once; one that only some points have names the point.
     */
    private List<ConfigValidator.ValidatedConfig> validatePoints(SweepGrid grid) {
        List<ConfigValidator.ValidatedConfig> valid = new ArrayList<>();
        Map<FieldError, List<Integer>> failures = new LinkedHashMap<>();
        for (int i = 0; i < grid.points(); i++) {
            try {
                valid.add(validator.validate(grid.config(i)));
            } catch (ConfigValidationException invalid) {
                for (FieldError error : invalid.errors()) {
                    failures.computeIfAbsent(error, e -> new ArrayList<>()).add(i);
                }
            }
        }
        if (failures.isEmpty()) {
            return valid;
        }
        List<FieldProblem> problems = new ArrayList<>();
        int invalidPoints = grid.points() - valid.size();
        String firstPoint = null;
        for (Map.Entry<FieldError, List<Integer>> failure : failures.entrySet()) {
            FieldError error = failure.getKey();
            if (failure.getValue().size() == grid.points() && !varied(grid, error.field())) {
                problems.add(new FieldProblem("base." + error.field(), error.rule()));
                continue;
            }
            for (int point : failure.getValue()) {
                problems.add(new FieldProblem("points[" + point + "]." + error.field(),
                    error.rule() + " (point " + point + ": " + describe(grid.parameters(point)) + ")"));
                if (firstPoint == null) {
                    firstPoint = "point " + point + " (" + describe(grid.parameters(point)) + ") " + error.field() + ": " + error.rule();
                }
            }
        }
        String detail = firstPoint == null
            ? problems.size() + " field(s) of the base config are invalid"
            : invalidPoints + " of " + grid.points() + " points are invalid; first: " + firstPoint;
        throw new ProblemException(HttpStatus.BAD_REQUEST, "validation-error", "Invalid request", detail,
            problems.subList(0, Math.min(problems.size(), MAX_REPORTED_PROBLEMS)));
    }

    private static boolean varied(SweepGrid grid, String field) {
        return grid.paths().stream().anyMatch(path -> field.equals(path) || field.startsWith(path + ".") || field.startsWith(path + "["));
    }

    /** {@code selection.top_n=20, weighting.scheme="equal"} */
    static String describe(ObjectNode parameters) {
        List<String> parts = new ArrayList<>();
        parameters.fields().forEachRemaining(p -> parts.add(p.getKey() + "=" + p.getValue()));
        return String.join(", ", parts);
    }

    /** The size check of a single run for every point, then the sweep's own limits on the total. */
    private void checkSizes(SweepGrid grid, List<ConfigValidator.ValidatedConfig> points) {
        if (points.size() > limits.maxQueuedRuns() || points.size() > limits.maxSubmissionsPerMinute()) {
            String setting = points.size() > limits.maxQueuedRuns() ? "BACKTEST_MAX_QUEUED_RUNS" : "BACKTEST_MAX_SUBMISSIONS_PER_MINUTE";
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "sweep-too-large", "Sweep too large",
                "the sweep has " + points.size() + " points, more runs than " + setting + " ever admits at once",
                grid.paths().stream().map(path -> new FieldProblem("grid." + path, "shrink to fit " + setting)).toList());
        }
        long total = 0;
        Map<RunSize, Long> measured = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            ConfigValidator.ValidatedConfig point = points.get(i);
            long cells;
            try {
                // Points that differ only in parameters the size ignores cost one check, not one each.
                cells = measured.computeIfAbsent(point.size(), sizeCheck::check);
            } catch (RunTooLargeException tooLarge) {
                int index = i;
                throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "run-too-large", "Run too large",
                    "point " + i + " (" + describe(grid.parameters(i)) + "): " + tooLarge.getMessage(),
                    tooLarge.fieldsToShrink().stream()
                        .map(field -> new FieldProblem("points[" + index + "]." + field, "shrink to fit " + tooLarge.limit()))
                        .toList());
            }
            total += cells;
        }
        if (total > limits.maxSweepCells()) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, "sweep-too-large", "Sweep too large",
                String.format("the sweep's %d points would load about %,d cells together; the limit is %,d "
                    + "(BACKTEST_MAX_SWEEP_CELLS): give fewer values, fewer symbols or a shorter window",
                    points.size(), total, limits.maxSweepCells()),
                List.of(new FieldProblem("grid", "shrink to fit BACKTEST_MAX_SWEEP_CELLS")));
        }
    }

    /** What the request means: its grid and every point's canonical config, in point order. */
    private static String requestSha256(SweepGrid grid, List<ConfigValidator.ValidatedConfig> points) {
        StringBuilder text = new StringBuilder(grid.toJson().toString());
        points.forEach(point -> text.append('\n').append(point.canonicalConfig()));
        return Sha256.hex(text.toString());
    }

    private static Submission replay(RunRepository.SweepSubmitted earlier, String requestSha256) {
        if (!earlier.sweep().requestSha256().equals(requestSha256)) {
            throw ProblemException.conflict("Idempotency-Key was already used for a different sweep (sweep "
                + earlier.sweep().sweepId() + ")");
        }
        return new Submission(earlier.sweep(), earlier.runs(), false);
    }

    /** A submitted sweep with its runs, and whether this request created it or an earlier one with the same key did. */
    public record Submission(Sweep sweep, List<Run> runs, boolean created) {
    }
}
