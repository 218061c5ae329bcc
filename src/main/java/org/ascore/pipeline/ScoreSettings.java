package org.ascore.pipeline;

import org.ascore.config.ModelCard;
import org.ascore.metric.MetricParams;

import java.io.Serializable;
import java.time.LocalDate;

/**
 * What an executor needs to score a partition; everything else of the job config stays on the
 * driver.
 *
 * @param modelFileName  name under which the model file was shipped with {@code SparkContext.addFile}
 * @param outputFeatures whether score rows carry M(x) in their feature column
 */
public record ScoreSettings(String runId, LocalDate runDate, ModelCard card, String modelFileName, String paramsId,
                            MetricParams metric, String device, int batchSize, int torchThreads, long maxPixels,
                            long maxBytes, boolean outputFeatures) implements Serializable {
}
