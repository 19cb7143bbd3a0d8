"""Execution engines above the domain packages: the process pool, Dask and GeoParquet partitions."""
