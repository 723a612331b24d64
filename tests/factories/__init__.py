"""Factories for the tests' data, a module per app."""
