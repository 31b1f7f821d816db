"""Region names the mock accepts: those botocore's partitions list."""

from __future__ import annotations

import pytest

from mock_codeartifact._protocol.regions import known_region


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-3", "ap-southeast-2", "cn-north-1", "us-gov-west-1"])
def test_regions_of_every_partition_are_known(region):
    assert known_region(region)


@pytest.mark.parametrize("region", ["xx-fake-1", "us-east-1:x", "", "US-EAST-1", "us-east-1 ", "moon"])
def test_names_no_partition_lists_are_unknown(region):
    assert not known_region(region)
