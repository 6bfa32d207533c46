"""KeyClients for Excel: a distributor's key clients, found and explained.

Python API (mirrors the `keyclients` command line):

    from keyclients_xl import build, make_workbook, new_workbook, run_demo
    run_demo("KeyClients_demo.xlsx")                          # keyclients demo
    build("KeyClients.xlsx", ["Продажи.xlsx"], top_n=20)      # keyclients build … --top 20
    new_workbook("MyKeyClients.xlsm")                         # keyclients new MyKeyClients.xlsm
    make_workbook("workbook/KeyClients.xlsm")                 # keyclients make-workbook
"""

__version__ = "0.1.0"

from .demo import run_demo  # noqa: E402
from .engine import BuildResult, build, new_workbook  # noqa: E402
from .errors import KeyClientsError  # noqa: E402
from .excel import make_workbook  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = [
    "BuildResult",
    "KeyClientsError",
    "Settings",
    "__version__",
    "build",
    "make_workbook",
    "new_workbook",
    "run_demo",
]
