package org.ascore.testing;

import org.ascore.metric.ImageScore;
import org.ascore.metric.ImageScorer;
import org.ascore.metric.MetricParams;
import org.ascore.metric.NoiseSource;
import org.ascore.model.FeatureModel;

import java.util.List;

/** Scores images in a test with the draws the pipeline gives them: {@link NoiseSource#draw} per image id. */
public final class SeededScoring {
    private SeededScoring() {
    }

    public static List<ImageScore> score(FeatureModel model, MetricParams params, List<String> ids, List<float[]> images) {
        NoiseSource noise = new NoiseSource(params.seed(), model.name());
        int b = images.size();
        float[][] direction = new float[b][];
        float[][] jitter = new float[b][];
        for (int i = 0; i < b; i++) {
            NoiseSource.Draws d = noise.draw(ids.get(i), images.get(i).length, params);
            direction[i] = d.direction();
            jitter[i] = d.jitter();
        }
        return new ImageScorer(model, params).score(images.toArray(new float[0][]), direction, jitter);
    }
}
