"""SparkSession and DataFrame, as far as the notebooks' Python cells use them, answering each SQL
statement with the rows real Spark returned for it.

The statements and their results are listed in the JSON file named by ASCORE_NOTEBOOK_ANSWERS:
[{"sql": statement, "rows": Parquet folder of its rows, or null for a statement without rows}].
Replaying Spark's own results, rather than running the SQL on another engine, keeps Spark SQL's
semantics and column types (decimals, timestamps) exactly, so a Python cell that breaks here breaks
with pyspark too. A statement that is not listed fails, naming it.
"""
import json
import os

import pyarrow as pa
import pyarrow.parquet as pq

ANSWERS = "ASCORE_NOTEBOOK_ANSWERS"


class DataFrame:
    def __init__(self, table):
        self._table = table

    def limit(self, n):
        return DataFrame(self._table.slice(0, n))

    def count(self):
        return self._table.num_rows

    def toPandas(self):
        # Spark's toPandas gives naive timestamps in the session time zone; the stub's is UTC.
        columns = [c.cast(pa.timestamp(c.type.unit)) if pa.types.is_timestamp(c.type) else c
                   for c in self._table.columns]
        return pa.Table.from_arrays(columns, names=self._table.column_names).to_pandas()


class SparkSession:
    class Builder:
        def getOrCreate(self):
            return SparkSession(os.environ[ANSWERS])

    builder = Builder()

    def __init__(self, answers):
        with open(answers, encoding="utf-8") as f:
            listed = json.load(f)
        folder = os.path.dirname(answers)
        self._rows = {a["sql"].strip(): None if a["rows"] is None else os.path.join(folder, a["rows"])
                      for a in listed}

    def sql(self, statement):
        key = statement.strip()
        if key not in self._rows:
            raise KeyError("the pyspark stub has no Spark result for this statement (NotebooksExecuteTest "
                           "records the %%ascore_sql cells only):\n" + statement)
        rows = self._rows[key]
        return DataFrame(pa.table({}) if rows is None else pq.read_table(rows))
