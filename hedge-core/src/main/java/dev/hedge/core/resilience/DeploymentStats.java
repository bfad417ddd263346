package dev.hedge.core.resilience;

import java.util.OptionalInt;

/**
 * A snapshot of one deployment's health, for the admin API and the least-latency planner's reports.
 * Times are milliseconds; -1 means no sample yet.
 *
 * @param calls calls that ended with a verdict (cancelled and rate-limited calls are not counted)
 * @param failures calls that failed
 * @param rejected calls refused because the breaker was open or the deployment was at max-concurrency
 * @param errorRate failures among the last 100 counted calls ({@code 0..1})
 * @param latencyEwmaMs what the least-latency policy compares
 */
public record DeploymentStats(
        String id,
        String provider,
        String model,
        CircuitBreaker.State breaker,
        int inFlight,
        OptionalInt maxConcurrency,
        long calls,
        long failures,
        long rejected,
        double errorRate,
        double latencyP50Ms,
        double latencyP95Ms,
        double firstTokenP50Ms,
        double firstTokenP95Ms,
        double latencyEwmaMs) {}
