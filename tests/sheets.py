"""Reading our report sheets back in tests: the summary's figures by their labels."""

from __future__ import annotations

from keyclients_xl.report.key_clients import SUMMARY_ROW

# The sheets a build adds after the key-client sheet for the manager's plan (issue 11): the Plan,
# then the four input sheets (created once).
PLAN_SHEETS = {
    "ru": ["План работы", "Контакты", "Визиты", "Мероприятия", "Карточки клиентов"],
    "en": ["Plan", "Contacts", "Visits", "Events", "Account cards"],
}


def report_sheet_names(lang: str) -> list[str]:
    """The sheets of a workbook a first build made, in order."""
    return (
        ["Ключевые клиенты", *PLAN_SHEETS["ru"], "Настройки"]
        if lang == "ru"
        else ["Key clients", *PLAN_SHEETS["en"], "Settings"]
    )


def summary_cell(ws, label: str) -> str:
    """The coordinate of the figure under `label` in the summary above the table."""
    for cell in ws[SUMMARY_ROW]:
        if cell.value == label:
            return ws.cell(SUMMARY_ROW + 1, cell.column).coordinate
    raise AssertionError(f"no summary label {label!r}")


def summary_value(ws, label: str) -> object:
    """The figure under `label` in the summary above the table."""
    return ws[summary_cell(ws, label)].value
