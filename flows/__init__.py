"""Prefect flows: thin wiring over the engine. Importing this package imports Prefect."""
