"""The REST-JSON wire layer, driven by botocore's service model."""
