"""The package version, in a leaf module so that any layer may report it
without importing the package root (which reaches every layer)."""

__version__ = "0.1.0"
