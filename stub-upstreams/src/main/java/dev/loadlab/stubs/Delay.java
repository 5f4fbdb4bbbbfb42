package dev.loadlab.stubs;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.DelayDistribution;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How a latency profile delays one response, and its mean: the one place both are computed, for the built-in APIs
 * ({@link StubConfig#delay(Api)}) and the mapped upstreams ({@link MappedUpstream.Latency#delay()}). A delay replaces
 * whatever delay the response carried before; the wait itself is served by WireMock's asynchronous response threads.
 */
sealed interface Delay {

    /** Sets this delay on a response, replacing any delay it had. */
    void applyTo(ResponseDefinitionBuilder response, RandomGenerator random);

    /** Mean delay (ms) of a response. */
    double meanMs();

    /** Exactly {@code ms} every time; 0 = no delay. */
    record Fixed(int ms) implements Delay {
        @Override
        public void applyTo(ResponseDefinitionBuilder response, RandomGenerator random) {
            response.withFixedDelay(ms > 0 ? ms : null).withRandomDelay(null);
        }

        @Override
        public double meanMs() {
            return ms;
        }
    }

    /** A uniformly random pick from measured latencies (the {@code seed} and {@code empirical} profiles). */
    record Samples(List<Double> ms) implements Delay {
        public Samples {
            ms = List.copyOf(ms);
            if (ms.isEmpty()) {
                throw new IllegalArgumentException("a sampled delay needs at least one sample");
            }
        }

        @Override
        public void applyTo(ResponseDefinitionBuilder response, RandomGenerator random) {
            int pick = (int) Math.round(ms.get(random.nextInt(ms.size())));
            response.withFixedDelay(pick > 0 ? pick : null).withRandomDelay(null);
        }

        @Override
        public double meanMs() {
            return ms.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }
    }

    /** WireMock's log-normal delay: median {@code medianMs}, shape {@code sigma}; a median of 0 = no delay. */
    record LogNormal(double medianMs, double sigma) implements Delay {
        @Override
        public void applyTo(ResponseDefinitionBuilder response, RandomGenerator random) {
            response.withFixedDelay(null);
            if (medianMs > 0) {
                response.withLogNormalRandomDelay(medianMs, sigma);
            } else {
                response.withRandomDelay(null);
            }
        }

        @Override
        public double meanMs() {
            return medianMs * Math.exp(sigma * sigma / 2.0);
        }
    }

    /** WireMock's uniform delay from {@code lowerMs} to {@code upperMs}; an upper bound of 0 = no delay. */
    record Uniform(int lowerMs, int upperMs) implements Delay {
        /** Centre plus or minus spread, the lower end clamped at 0. */
        static Uniform around(int centreMs, int spreadMs) {
            return new Uniform(Math.max(0, centreMs - spreadMs), centreMs + spreadMs);
        }

        @Override
        public void applyTo(ResponseDefinitionBuilder response, RandomGenerator random) {
            response.withFixedDelay(null);
            if (upperMs > 0) {
                response.withUniformRandomDelay(lowerMs, upperMs);
            } else {
                response.withRandomDelay(null);
            }
        }

        @Override
        public double meanMs() {
            return (lowerMs + upperMs) / 2.0;
        }
    }

    /**
     * The delay a WireMock mapping sets itself ({@code fixedDelayMilliseconds}, {@code delayDistribution}), kept
     * for a mapped upstream without a latency profile. Its mean is not known here.
     */
    record AsMapped(Integer fixedMs, DelayDistribution distribution) implements Delay {
        static AsMapped of(ResponseDefinition mapping) {
            return new AsMapped(mapping.getFixedDelayMilliseconds(), mapping.getDelayDistribution());
        }

        @Override
        public void applyTo(ResponseDefinitionBuilder response, RandomGenerator random) {
            response.withFixedDelay(fixedMs).withRandomDelay(distribution);
        }

        @Override
        public double meanMs() {
            return Double.NaN;
        }
    }
}
