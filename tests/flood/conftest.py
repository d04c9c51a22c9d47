import os
import pytest


@pytest.fixture(scope="session")
def cityhub():
    path = os.environ.get("CITYHUB_BIN")
    if not path:
        pytest.fail("CITYHUB_BIN must name the cityhub executable")
    return path


@pytest.fixture(scope="session")
def demo_dem():
    path = os.environ.get("CITYHUB_DEMO_DEM")
    if not path:
        pytest.fail("CITYHUB_DEMO_DEM must name the demo terrain (ESRI ASCII grid written by `cityhub demo`)")
    return path
