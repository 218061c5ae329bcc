package org.ascore.metric;

import org.ascore.util.Sha256;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Every parameter that changes C or V, plus the seed of their random draws. */
public record MetricParams(ComplexityParams complexity, VulnerabilityParams vulnerability, long seed)
        implements Serializable {
    public static final MetricParams DEFAULT =
            new MetricParams(ComplexityParams.DEFAULT, VulnerabilityParams.DEFAULT, 0L);

    /**
     * Short hash of every metric parameter and of the noise generator, combined with a description
     * of the preprocessing by the caller; rows with the same id were computed the same way and may
     * be reused across runs.
     */
    public String paramsId(String preprocessing) {
        String canonical = String.join("|", settings(preprocessing));
        return HexFormat.of().formatHex(Sha256.of(canonical.getBytes(StandardCharsets.UTF_8)), 0, 6);
    }

    /** The same settings as {@link #paramsId} hashes, in words ("K=8; eps_c=..."), for people and reports. */
    public String describe(String preprocessing) {
        return String.join("; ", settings(preprocessing));
    }

    private List<String> settings(String preprocessing) {
        return List.of("K=" + complexity.steps(), "eps_c=" + complexity.stepSize(), "noise=" + complexity.noise(),
                "J=" + vulnerability.steps(), "eps_v=" + vulnerability.budget(),
                "alpha=" + vulnerability.stepSize(), "jitter=" + vulnerability.jitter(),
                "dir=" + vulnerability.direction(), "seed=" + seed, "pre=" + preprocessing,
                "rng=" + NoiseSource.GENERATOR);
    }
}
