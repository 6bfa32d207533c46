"""KeyClients for Excel: a distributor's key clients, found and explained.

Python API (mirrors the `keyclients` command line):

    from keyclients_xl import build, demo, new_workbook
    build("KeyClients.xlsx", ["Продажи.xlsx"], top_n=20)
"""

__version__ = "0.1.0"

from .engine import BuildResult, build, new_workbook  # noqa: E402
from .errors import KeyClientsError  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = ["BuildResult", "KeyClientsError", "Settings", "__version__", "build", "new_workbook"]
