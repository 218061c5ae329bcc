package org.ascore.io;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.ascore.config.ConfigException;
import org.ascore.config.JobConfig;

import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;

/** Input rows of a {@code parquet:URI} table whose rows hold the image bytes. */
final class ParquetImages {
    private ParquetImages() {
    }

    static Dataset<Row> rows(SparkSession spark, JobConfig cfg, String uri, String split, String source) {
        Dataset<Row> table = spark.read().parquet(uri);
        String content = cfg.parquetContentColumn();
        String path = cfg.parquetPathColumn();
        List<String> columns = Arrays.asList(table.columns());
        if (!columns.contains(content)) {
            throw new ConfigException(JobConfig.Key.PARQUET_CONTENT_COLUMN.key(),
                    "table " + uri + " has no column '" + content + "'; it has " + columns);
        }
        if (!columns.contains(path)) {
            throw new ConfigException(JobConfig.Key.PARQUET_PATH_COLUMN.key(),
                    "table " + uri + " has no column '" + path + "'; it has " + columns);
        }
        Column bytes = col(content).cast(DataTypes.BinaryType);
        return table.select(lit(split).as("split"), lit(source).as("source"),
                col(path).cast(DataTypes.StringType).as("path"),
                length(bytes).cast(DataTypes.LongType).as("length"), bytes.as("content"),
                ImageInputs.nullColumn("container"), ImageInputs.nullColumn("offset"),
                ImageInputs.nullColumn("dtype"), ImageInputs.nullColumn("shape"));
    }
}
