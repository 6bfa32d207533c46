"""Old name of :mod:`keyclients_xl.excel.udfs`, kept for workbooks made before the move: their
xlwings.conf says ``UDF Modules = keyclients_xl.udfs`` and their wrappers call it by that name."""

from .excel.udfs import *  # noqa: F403
