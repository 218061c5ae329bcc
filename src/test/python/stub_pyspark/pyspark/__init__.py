"""A stand-in for pyspark that NotebooksExecuteTest puts first on the notebooks' kernel path.

No pyspark can be installed where the tests run, so the Java test runs every SQL cell on real Spark
first and this package answers the same statements with those results (see sql/__init__.py).
"""
__version__ = "4.0-stub (answers recorded by Spark in NotebooksExecuteTest)"
