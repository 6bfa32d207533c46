"""KeyClients for Excel: a distributor's key clients, found and explained.

Python API (mirrors the `keyclients` command line):

    from keyclients_xl import build, make_workbook, new_workbook, run_demo
    run_demo("KeyClients_demo.xlsx")                          # keyclients demo
    build("KeyClients.xlsx", ["Продажи.xlsx"], top_n=20)      # keyclients build … --top 20
    new_workbook("MyKeyClients.xlsm")                         # keyclients new MyKeyClients.xlsm
    make_workbook("workbook/KeyClients.xlsm")                 # keyclients make-workbook
    calendar("KeyClients.xlsx", "plan.ics")                   # keyclients calendar … --out plan.ics
    account_card("KeyClients.xlsx", "ООО Альфа", "card.pdf")  # keyclients card … --out card.pdf
"""

from .lazy import lazy_attributes

__version__ = "0.1.0"

# The API is imported on first use, not with the package: a ribbon click starts a fresh Python
# that imports keyclients_xl.excel.macros, and pays for every module imported here.
_API = {
    "BuildResult": "engine",
    "KeyClientsError": "errors",
    "account_card": "plan_outputs",
    "Settings": "settings",
    "build": "engine",
    "calendar": "plan_outputs",
    "make_workbook": "excel",
    "new_workbook": "engine",
    "run_demo": "demo",
}

__all__ = ["__version__", *_API]


__getattr__, __dir__ = lazy_attributes(__name__, _API, globals())
