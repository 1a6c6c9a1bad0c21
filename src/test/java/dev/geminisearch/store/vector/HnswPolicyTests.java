package dev.geminisearch.store.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HnswPolicyTests {

    /** The defaults but for ef-search 100, which the figures below are worked out for. */
    private final HnswPolicy policy = new HnswPolicy(new HnswProperties(true, 50_000, 16, 100, 100, 0.1, 1000, 0.1, 0));

    @Test
    void smallStoresSearchExactly() {
        assertThat(policy.plan(49_999, 10, 1.0, true)).isEqualTo(new HnswPlan(HnswPlan.Strategy.EXACT, 0, 0, "below min-items"));
    }

    @Test
    void largeStoresWithoutAFilterUseTheGraphWithEfSearch() {
        assertThat(policy.plan(50_000, 10, 1.0, true)).isEqualTo(new HnswPlan(HnswPlan.Strategy.HNSW, 100, 16_666, "unfiltered"));
    }

    @Test
    void theDefaultEfSearchIs200ForRecallAbove095() {
        // bench/results/hnsw-2026-11-26-200k.md: recall@10 0.937 at ef 100, 0.983 at ef 200 (200k x 768).
        assertThat(HnswProperties.defaults().efSearch()).isEqualTo(200);
    }

    @Test
    void efIsAtLeastTopK() {
        assertThat(policy.plan(1_000_000, 250, 1.0, true).ef()).isEqualTo(250);
    }

    @Test
    void anIndexThatIsNotReadyMeansExact() {
        assertThat(policy.plan(1_000_000, 10, 1.0, false).reason()).isEqualTo("index not ready");
    }

    @Test
    void restrictiveFiltersSearchExactly() {
        assertThat(policy.plan(1_000_000, 10, 0.099, true).strategy()).isEqualTo(HnswPlan.Strategy.EXACT);
        assertThat(policy.plan(1_000_000, 10, 0.0, true).reason()).isEqualTo("restrictive filter");
    }

    @Test
    void otherFiltersRaiseEfByTheSquareRootOfTheirSelectivityUpToTheCeiling() {
        assertThat(policy.plan(1_000_000, 10, 0.25, true)).isEqualTo(new HnswPlan(HnswPlan.Strategy.HNSW, 200, 333_333, "filtered"));
        assertThat(policy.plan(1_000_000, 10, 0.1, true).ef()).isEqualTo(317);
        HnswProperties lowCeiling = new HnswProperties(true, 0, 16, 100, 100, 0.1, 150, 0.1, 0);
        assertThat(new HnswPolicy(lowCeiling).plan(1_000_000, 10, 0.1, true).ef()).isEqualTo(150);
        HnswProperties ceilingBelowEf = new HnswProperties(true, 0, 16, 100, 400, 0.1, 150, 0.1, 0);
        assertThat(new HnswPolicy(ceilingBelowEf).plan(1_000_000, 10, 0.5, true).ef()).isEqualTo(400);
    }

    @Test
    void disabledMeansAlwaysExact() {
        HnswProperties disabled = new HnswProperties(false, 0, 16, 100, 100, 0.1, 1000, 0.1, 0);

        assertThat(new HnswPolicy(disabled).plan(10_000_000, 10, 1.0, true).reason()).isEqualTo("hnsw disabled");
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> policy.plan(10, 0, 1.0, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.plan(10, 1, 1.5, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.plan(10, 1, Double.NaN, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
