"""The packages' names imported on first use (keyclients_xl/lazy.py) stay what they name, also
once their modules are imported: a module named like one of its package's names would shadow it."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

FACADES = tuple(f"keyclients_xl{package}" for package in ("", ".deliver", ".read", ".report", ".excel"))


@pytest.mark.parametrize("package", FACADES)
def test_each_name_is_its_modules_object_after_every_module_is_imported(package):
    facade = importlib.import_module(package)
    api = facade._API
    for module in sorted(set(api.values())):
        importlib.import_module(f"{package}.{module}")  # sets the package's attribute to the module
    for name, module in api.items():
        expected = getattr(importlib.import_module(f"{package}.{module}"), name)
        assert getattr(facade, name) is expected, f"{package}.{name}"


@pytest.mark.parametrize("package", FACADES)
def test_no_module_shares_a_name_with_its_packages_names(package):
    facade = importlib.import_module(package)
    submodules = {info.name for info in pkgutil.iter_modules(facade.__path__)}
    assert set(facade._API) & submodules == set()
