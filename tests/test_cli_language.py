"""The command line speaks the user's language: help, numbers, plural forms and argument errors.

The language comes from --lang on the command line, else KEYCLIENTS_LANG (or the locale).
Expected numbers are formatted here by hand (the Russian way: a non-breaking space between
thousands, a decimal comma, a space before %), not by the Babel calls the code uses.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from keyclients_xl import __version__
from keyclients_xl.cli import app, top_table
from keyclients_xl.demo import demo_shipments
from keyclients_xl.engine import report_sheets
from keyclients_xl.i18n import TEXTS
from keyclients_xl.settings import Settings

REPO = Path(__file__).resolve().parents[1]
NBSP = "\xa0"
CLICK_ENGLISH = ("Usage", "Options", "Arguments", "Commands", "Show this message", "Invalid value", "Missing", "Error")


def run(*args: str, lang: str = "ru"):
    return CliRunner().invoke(app, [str(a) for a in args], env={"KEYCLIENTS_LANG": lang, "COLUMNS": "120"})


def plain(text: str) -> str:
    return " ".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())


# ---------------------------------------------------------------- help


def test_help_in_russian_lists_the_users_commands_only():
    result = run("--help")
    assert result.exit_code == 0, result.output
    text = plain(result.output)
    assert "Вызов:" in text and "[ПАРАМЕТРЫ] КОМАНДА [АРГУМЕНТЫ]..." in text
    assert "Параметры" in text and "Команды" in text
    assert "Построить книгу на встроенных демо-данных: дистрибьютор с 300 клиентами." in text
    assert "Прочитать выгрузки и записать отчёт о ключевых клиентах в КНИГУ." in text
    assert "Показать версию и выйти." in text and "Показать эту справку и выйти." in text
    assert "make-workbook" not in text  # a maintainer's command
    assert not [word for word in CLICK_ENGLISH if word in text]


def test_help_in_english_with_keyclients_lang_en():
    text = plain(run("--help", lang="en").output)
    assert "Usage:" in text and "Commands" in text and "Build a complete workbook from built-in demo data" in text
    assert "Показать" not in text and "make-workbook" not in text


def test_lang_on_the_command_line_wins_over_the_environment():
    text = plain(run("build", "--lang", "en", "--help", lang="ru").output)
    assert "Read exports and write the key-client report into WORKBOOK." in text
    assert "Прочитать" not in text


def test_build_help_words_and_placeholders():
    result = run("build", "--help")
    assert result.exit_code == 0, result.output
    text = plain(result.output)
    assert "Вызов: keyclients build [ПАРАМЕТРЫ] КНИГА" in text or "build [ПАРАМЕТРЫ] КНИГА" in text
    assert "--as-of ГГГГ-ММ Последний месяц окна" in text
    assert "--top N N для правила top_n (по умолчанию 20)." in text
    assert "--export -e ФАЙЛ Файл выгрузки" in text
    assert "[обязательно]" in text
    assert "<" not in text  # no typer type names such as <bool>, <path>, <int>
    assert not [word for word in CLICK_ENGLISH if word in text]


@pytest.mark.parametrize("flag", ["--snapshot", "--debug", "--help"])
def test_flags_are_not_shown_as_taking_a_value(flag: str):
    lines = re.sub(r"\x1b\[[0-9;]*m", "", run("build", "--help").output).splitlines()
    line = next(line for line in lines if re.search(rf"│ {flag}\b", line))
    after = line.split(flag, 1)[1]
    # The description follows the flag directly: no placeholder in between.
    assert re.match(r"\s+[А-ЯЁ]", after), line


def test_make_workbook_is_hidden_but_works(tmp_path: Path):
    result = run("make-workbook", "--help")
    assert result.exit_code == 0 and "Для разработчиков" in plain(result.output)
    target = tmp_path / "KeyClients.xlsm"
    built = run("make-workbook", "--out", target)
    assert built.exit_code == 0, built.output
    assert target.stat().st_size > 10_000


def test_version_option_at_the_top_level():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"keyclients_xl {__version__}"


@pytest.mark.parametrize("module", ["keyclients_xl", "keyclients_xl.cli"])
def test_the_package_and_its_cli_module_both_run_as_the_command(module):
    """`python -m keyclients_xl.cli --version` printed nothing and exited 0: the module only defined the app."""
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", module, "--version"]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, f"keyclients_xl {__version__}")


def test_help_in_russian_from_the_environment_in_a_real_process():
    """The installed way: a new Python, the language only in KEYCLIENTS_LANG."""
    env = {"KEYCLIENTS_LANG": "ru", "PYTHONPATH": str(REPO), "COLUMNS": "120", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "keyclients_xl", "build", "--help"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Прочитать выгрузки" in done.stdout and "Usage" not in done.stdout


# ---------------------------------------------------------------- argument errors


ERRORS = [
    (
        ("build", "k.xlsx", "--lang", "de"),
        "ru",
        "Ошибка: неизвестный язык «de» в --lang: укажите ru (русский) или en (английский).",
    ),
    (
        ("build", "k.xlsx", "--lang", "de"),
        "en",
        "Error: unknown language 'de' in --lang: use ru (Russian) or en (English).",
    ),
    (
        ("demo", "--lang", "xx"),
        "ru",
        "Ошибка: неизвестный язык «xx» в --lang: укажите ru (русский) или en (английский).",
    ),
    (("build", "k.xlsx", "--top", "abc"), "ru", "Ошибка: --top ждёт целое число не меньше 1, а не «abc»."),
    (("build", "k.xlsx", "--top", "abc"), "en", "Error: --top takes a whole number of at least 1, not 'abc'."),
    (("build", "k.xlsx", "--top", "0"), "ru", "Ошибка: --top ждёт целое число не меньше 1, а не «0»."),
    (("build", "k.xlsx", "--months", "40"), "ru", "Ошибка: --months ждёт целое число от 1 до 36, а не «40»."),
    (
        ("build", "k.xlsx", "--as-of", "2026-13"),
        "ru",
        "Ошибка: --as-of ждёт месяц в виде ГГГГ-ММ, например 2026-10, а не «2026-13».",
    ),
    (
        ("build", "k.xlsx", "--as-of", "2026-13"),
        "en",
        "Error: --as-of takes a month as YYYY-MM, for example 2026-10, not '2026-13'.",
    ),
    (
        ("build", "k.xlsx", "--as-of", "октябрь"),
        "ru",
        "Ошибка: --as-of ждёт месяц в виде ГГГГ-ММ, например 2026-10, а не «октябрь».",
    ),
    (
        ("build", "k.xlsx", "--rule", "top"),
        "ru",
        "Ошибка: неизвестное правило «top» в --rule: укажите top_n, top_share или cumulative.",
    ),
    (("build", "k.xlsx", "--top"), "ru", "Ошибка: после --top нужно значение."),
    (("build", "k.xlsx", "--debug=1"), "ru", "Ошибка: --debug — флаг, значение ему не нужно."),
    (("build",), "ru", "Ошибка: не указан аргумент КНИГА. Справка: keyclients build --help"),
    (
        ("bild",),
        "ru",
        "Ошибка: нет команды «bild». Команды: demo, build, calendar, card, new, version. Может быть, build?",
    ),
    (
        ("build", "k.xlsx", "--tpo", "5"),
        "ru",
        "Ошибка: нет параметра --tpo. Список параметров: keyclients build --help. Может быть, --top?",
    ),
    (
        ("build", "k.xlsx", "extra"),
        "ru",
        "Ошибка: не понимаю аргументы команды: build k.xlsx extra. Справка: keyclients build --help",
    ),
    # --lang on the command line picks the language of the error too.
    (
        ("build", "k.xlsx", "--lang", "en", "--top", "abc"),
        "ru",
        "Error: --top takes a whole number of at least 1, not 'abc'.",
    ),
]


@pytest.mark.parametrize(("args", "lang", "message"), ERRORS)
def test_argument_errors_in_plain_words(tmp_workdir: Path, args, lang: str, message: str):
    result = CliRunner().invoke(
        app, list(args), env={"KEYCLIENTS_LANG": lang, "COLUMNS": "200"}, prog_name="keyclients"
    )
    assert result.exit_code == 2, result.output
    assert plain(result.output) == message
    assert not (tmp_workdir / "k.xlsx").exists()


def test_good_values_are_normalised():
    from keyclients_xl.cli_words import lang_option, month_option, rule_option, whole_option

    assert month_option("--as-of", "x").parser("2026-1") == "2026-01"
    assert month_option("--as-of", "x").parser(" 2026-10 ") == "2026-10"
    assert whole_option("--top", "x", low=1).parser("12") == 12
    assert lang_option(None, "x").parser("RU") == "ru"
    assert rule_option("x").parser("Накопленные 80 %") == "cumulative"  # the settings sheet's word works too


def test_no_error_message_shows_an_internal_role_code():
    """The catalogue's error texts: role codes (client, date, amount…) only as command-line syntax
    (--columns client=…, --measure quantity: what the user types)."""
    roles = r"\b(client|date|amount|sku|quantity|price|list_price|cost|gross_profit|manager|status|payment_date)\b"
    for key, texts in TEXTS.items():
        if not key.startswith(("error.", "cli.error.")) or not isinstance(texts.get("ru"), str):
            continue
        outside_examples = re.sub(r"--(columns|measure) \S+|\b\w+=[^,;\s]*", "", texts["ru"])
        assert not re.search(roles, outside_examples), (key, texts["ru"])


def test_a_missing_column_names_columns_not_roles(tmp_path: Path):
    export = tmp_path / "sales.csv"
    export.write_text("Дата;Покупка;Сумма\n01.08.2026;Чай;10\n", encoding="utf-8")
    result = run("build", tmp_path / "k.xlsx", "--export", export)
    assert result.exit_code == 2
    text = plain(result.output)
    assert "Найдены столбцы: Дата, Покупка, Сумма. Не хватает: клиент." in text, text  # words, not role codes
    assert not re.search(r"\b(client|amount)\b", re.sub(r"--columns \S+", "", text)), text


# ---------------------------------------------------------------- the console table


@pytest.fixture(scope="module")
def demo_results():
    shipments = demo_shipments()
    return {lang: report_sheets(shipments, Settings(lang=lang)) for lang in ("ru", "en")}


def ru_number(value: float) -> str:
    return f"{value:,.0f}".replace(",", NBSP)


def ru_percent(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + NBSP + "%"


def test_numbers_follow_the_language(demo_results):
    for lang, result in demo_results.items():
        console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
        console.print(top_table(result, console.width))
        text = console.export_text()
        for row in result.analysis.key.to_dict("records"):
            if lang == "ru":
                shown = (
                    rf"{ru_number(row['average'])} │\s+{ru_percent(row['share'])} │\s+{ru_percent(row['cum_share'])} │"
                )
            else:
                shown = rf"{row['average']:,.0f} │\s+{row['share'] * 100:.1f}% │\s+{row['cum_share'] * 100:.1f}% │"
            assert re.search(shown, text), (row["client"], shown)


def test_client_names_are_cut_with_an_ellipsis_never_wrapped(demo_results):
    result = demo_results["ru"]
    console = Console(width=72, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(top_table(result, console.width))
    rows = [line for line in console.export_text().splitlines() if re.match(r"│\s+\d+ │", line)]
    assert len(rows) == 20  # one line per client: a wrapped name would add lines without a rank
    assert all(len(line) <= 72 for line in rows)
    assert any("…" in line for line in rows)
    names = [line.split("│")[2].strip() for line in rows]
    for name, full in zip(names, result.analysis.key["client"], strict=True):
        assert name == full or (name.endswith("…") and full.startswith(name[:-1])), (name, full)


def test_plural_forms_in_the_summary_line(tmp_workdir: Path):
    """'1 клиент', '3 клиента', '5 клиентов': the count chooses the form (CLDR rules)."""
    rows = [
        f"2025-{m:02d}-{d:02d};Клиент {n};{100 * (n + 1)}" for m, d in ((1, 10), (2, 10), (3, 31)) for n in range(5)
    ]
    (tmp_workdir / "five.csv").write_text("Дата;Контрагент;Сумма\n" + "\n".join(rows), encoding="utf-8")
    one = [line for line in rows if line.endswith(";Клиент 0;100")]
    (tmp_workdir / "one.csv").write_text("Дата;Контрагент;Сумма\n" + "\n".join(one), encoding="utf-8")
    five = plain(run("build", "five.xlsx", "-e", "five.csv").output)
    assert "5 клиентов с отгрузками" in five and "80 % продаж дают 3 клиента" in five
    single = plain(run("build", "one.xlsx", "-e", "one.csv").output)
    assert "1 клиент с отгрузками" in single and "80 % продаж дают 1 клиент" in single


@pytest.mark.parametrize(
    ("locale_env", "file", "expected"),
    [
        ({"LANG": "C.UTF-8"}, "Продажи.csv", "Ошибка: файл «Продажи.csv», строка 1: нет оси времени"),
        ({"LANG": "C.UTF-8"}, "sales.csv", "Error: file 'sales.csv', row 1: no time axis"),
        ({"LANG": "POSIX"}, "Продажи.csv", "Ошибка: файл «Продажи.csv»"),
        ({"LANG": "en_US.UTF-8"}, "Продажи.csv", "Error: file 'Продажи.csv', row 1: no time axis"),
        ({"LANG": "C.UTF-8", "KEYCLIENTS_LANG": "en"}, "Продажи.csv", "Error: file 'Продажи.csv'"),
        ({"LANG": "ru_RU.UTF-8"}, "sales.csv", "Ошибка: файл «sales.csv»"),
    ],
)
def test_where_the_locale_names_no_language_an_error_speaks_the_files(tmp_path, locale_env, file, expected):
    """Under LANG=C (a server, a container, a scheduled task) a Russian export's errors were in
    English: the file's language now decides, as it decides the report's. A locale that names a
    language still wins."""
    export = tmp_path / file
    export.write_text("Клиент;Сумма\nАльфа;5\n" if "Продажи" in file else "Client;Sales\nAlpha;5\n", encoding="utf-8")
    env = {"KEYCLIENTS_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "COLUMNS": "300", **locale_env}
    result = CliRunner().invoke(app, ["build", str(tmp_path / "out.xlsx"), "-e", str(export)], env=env)
    assert result.exit_code == 2
    assert plain(result.output).startswith(expected)
