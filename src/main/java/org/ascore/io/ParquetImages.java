package org.ascore.io;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ascore.config.ConfigException;
import org.ascore.config.JobConfig;

import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;

/**
 * Input rows of a {@code parquet:URI} table whose rows hold the image bytes: a binary content
 * column, or a Hugging Face {@code Image} column, {@code struct<bytes: binary, path: string>}.
 * When the configured content column does not exist and the table has exactly one such struct
 * column, that is the content; the struct's {@code path} is the row's path when the table has no
 * configured path column (the Parquet file's name where the struct's path is null).
 */
final class ParquetImages {
    private ParquetImages() {
    }

    static Dataset<Row> rows(SparkSession spark, JobConfig cfg, String uri, String split, String source) {
        Dataset<Row> table = spark.read().parquet(uri);
        List<String> columns = Arrays.asList(table.columns());
        String content = cfg.parquetContentColumn();
        if (!columns.contains(content)) {
            List<String> images = Arrays.stream(table.schema().fields()).filter(ParquetImages::isImageStruct)
                    .map(StructField::name).toList();
            if (images.size() != 1) {
                throw new ConfigException(JobConfig.Key.PARQUET_CONTENT_COLUMN.key(),
                        "table " + uri + " has no column '" + content + "'" + (images.isEmpty()
                                ? " and no Hugging Face image column (struct<bytes, path>)"
                                : " and several image columns " + images + "; name one") + "; it has " + columns);
            }
            content = images.get(0);
        }
        boolean struct = isImageStruct(table.schema().apply(content));
        Column bytes = struct ? col(content).getField("bytes") : col(content).cast(DataTypes.BinaryType);
        String pathColumn = cfg.parquetPathColumn();
        Column path;
        if (columns.contains(pathColumn)) {
            path = col(pathColumn).cast(DataTypes.StringType);
        } else if (struct) {
            path = coalesce(col(content).getField("path"), input_file_name());
        } else {
            throw new ConfigException(JobConfig.Key.PARQUET_PATH_COLUMN.key(),
                    "table " + uri + " has no column '" + pathColumn + "'; it has " + columns);
        }
        return table.select(lit(split).as("split"), lit(source).as("source"), path.as("path"),
                length(bytes).cast(DataTypes.LongType).as("length"), bytes.as("content"),
                ImageInputs.nullColumn("container"), ImageInputs.nullColumn("offset"),
                ImageInputs.nullColumn("dtype"), ImageInputs.nullColumn("shape"), ImageInputs.nullColumn("error"));
    }

    /** A Hugging Face datasets {@code Image} feature: struct with binary bytes and string path. */
    private static boolean isImageStruct(StructField f) {
        if (!(f.dataType() instanceof StructType s)) {
            return false;
        }
        List<String> names = Arrays.asList(s.fieldNames());
        return names.contains("bytes") && names.contains("path")
                && s.apply("bytes").dataType().equals(DataTypes.BinaryType)
                && s.apply("path").dataType().equals(DataTypes.StringType);
    }
}
