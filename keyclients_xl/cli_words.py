"""The command line in the user's language: typer's help screen and click's argument errors.

typer and click carry no translations: 'Usage:', 'Options', '[required]', 'Invalid value for
…' are English constants. So:
- help texts and placeholders in cli.py are catalogue keys (i18n/cli_help.py), put into words
  when the help is drawn; typer's own words, module constants of `typer.rich_utils`, are set
  from the catalogue for the time of the drawing (typer reads them at draw time);
- each option's parser raises its error already worded, and every other argument error of
  click's is caught above click and told in our words, exit code 2 as before.
The language: `--lang` on the command line, else KEYCLIENTS_LANG or the locale (default_lang).
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Sequence
from difflib import get_close_matches

import typer
from rich.console import Console
from rich.markup import escape
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from .i18n import LANGS, TEXTS, default_lang, t
from .settings import RULES, choice_code

# click's exceptions, wherever this typer takes click from (typer 0.29 carries its own copy).
errors = sys.modules[typer.BadParameter.__module__]

_current: dict = {"lang": None, "args": []}  # this run's language and arguments, once seen


def ui_lang() -> str:
    return _current["lang"] or default_lang()


def lang_in_args(args: Sequence[str]) -> str | None:
    """The value of a valid `--lang ru` / `--lang=en` among the arguments, if any."""
    for i, arg in enumerate(args):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        if value and value.strip().lower() in LANGS:
            return value.strip().lower()
    return None


def words(text: str | None, lang: str) -> str | None:
    """A catalogue key put into words; any other text (or None) as it is."""
    return t(text, lang) if isinstance(text, str) and isinstance(TEXTS.get(text), dict) else text


# ---------------------------------------------------------------- options that check their own values


class _WordedValue(typer.BadParameter):
    """A bad option value, told in the user's words by the option's own parser."""


def _fail(key: str, **params: object) -> None:
    raise _WordedValue(t(key, ui_lang(), **params))


def lang_option(default: str | None, help_key: str):
    def parse(value: str) -> str:
        text = str(value).strip().lower()
        if text not in LANGS:
            _fail("cli.error.lang", option="--lang", value=value)
        return text

    return typer.Option(default, "--lang", help=help_key, metavar="ru|en", parser=parse)


def whole_option(name: str, help_key: str, low: int, high: int | None = None):
    """A whole number from `low` (to `high`), e.g. --top N."""

    def parse(value: str) -> int:
        text = str(value).strip()
        number = int(text) if re.fullmatch(r"[+-]?\d+", text) else None
        if number is None or number < low or (high is not None and number > high):
            key = "cli.error.whole_from" if high is None else "cli.error.whole_between"
            _fail(key, option=name, value=value, low=low, high=high)
        return number

    return typer.Option(None, name, help=help_key, metavar="N", parser=parse)


def number_option(name: str, help_key: str, low: float = 0.0, high: float | None = None):
    """A number above `low` (and at most `high`), e.g. --coverage-threshold 40; a decimal comma is fine."""

    def parse(value: str) -> float:
        text = str(value).strip().rstrip("%").strip().replace(",", ".")
        number = float(text) if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", text) else None
        if number is None or number <= low or (high is not None and number > high):
            key = "cli.error.number_above" if high is None else "cli.error.number_between"
            _fail(key, option=name, value=value, low=f"{low:g}", high=None if high is None else f"{high:g}")
        return number

    return typer.Option(None, name, help=help_key, metavar="X", parser=parse)


def month_option(name: str, help_key: str):
    """A month as YYYY-MM (2026-10; 2026-1 is read as 2026-01)."""

    def parse(value: str) -> str:
        found = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(value))
        if not found or not 1 <= int(found[2]) <= 12:
            _fail("cli.error.month", option=name, value=value)
        return f"{found[1]}-{int(found[2]):02d}"

    return typer.Option(None, name, help=help_key, metavar="metavar.month", parser=parse)


def rule_option(help_key: str):
    """The key-client rule: its code, or its word on the settings sheet in either language."""

    def parse(value: str) -> str:
        code = choice_code("rule", value)
        if code not in RULES:
            _fail("cli.error.rule", option="--rule", value=value)
        return code

    return typer.Option(None, "--rule", help=help_key, metavar="|".join(RULES), parser=parse)


def choice_option(name: str, setting: str, help_key: str):
    """A setting with fixed values (--measure): its code, or its word on the settings sheet in either language."""
    from .settings import WORDED

    def parse(value: str) -> str:
        code = choice_code(setting, value)
        if code not in WORDED[setting]:
            _fail("cli.error.choice", option=name, value=value, allowed=", ".join(WORDED[setting]))
        return code

    return typer.Option(None, name, help=help_key, metavar="|".join(WORDED[setting]), parser=parse)


# ---------------------------------------------------------------- the help screen


# typer.rich_utils constant → catalogue key
_TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": "help.arguments",
    "OPTIONS_PANEL_TITLE": "help.options",
    "COMMANDS_PANEL_TITLE": "help.commands",
    "REQUIRED_LONG_STRING": "help.required",
    "DEFAULT_STRING": "help.default",
    "RICH_HELP": "help.try",
    "ABORTED_TEXT": "help.aborted",
    "ERRORS_PANEL_TITLE": "error.prefix",
}


@contextlib.contextmanager
def typer_words(lang: str):
    """typer's own words in `lang` while it draws a help screen."""
    from typer import rich_utils

    saved = {name: getattr(rich_utils, name) for name in _TYPER_WORDS}
    try:
        for name, key in _TYPER_WORDS.items():
            setattr(rich_utils, name, t(key, lang))
        yield
    finally:
        for name, value in saved.items():
            setattr(rich_utils, name, value)


def _localize(command, lang: str) -> None:
    """Put the command's help, its parameters' help and placeholders into words (in place)."""
    command.help = words(command.help, lang)
    command.short_help = words(command.short_help, lang)
    command.options_metavar = words(command.options_metavar, lang)
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = words(command.subcommand_metavar, lang)
    for param in command.params:
        param.help = words(getattr(param, "help", None), lang)
        param.metavar = words(param.metavar, lang)
        if isinstance(param, TyperOption) and param.is_flag:
            param.metavar = ""  # a flag takes no value: show none (typer would show <bool>)
        if isinstance(param, TyperArgument) and param.metavar:
            param.display_type_rich = lambda ctx: None  # the placeholder says it; no '<path>' beside it


class _Localized:
    """What both the group and its commands do: draw help and usage in the user's language."""

    def get_help_option(self, ctx: typer.Context):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help, option.metavar = t("help.help", ui_lang()), ""
        return option

    def format_help(self, ctx: typer.Context, formatter) -> None:
        lang = ui_lang()
        _localize(self, lang)
        if isinstance(self, TyperGroup):
            for command in self.commands.values():
                _localize(command, lang)
        with typer_words(lang):
            super().format_help(ctx, formatter)

    def format_usage(self, ctx: typer.Context, formatter) -> None:
        lang = ui_lang()
        _localize(self, lang)
        pieces = [re.sub(r"^\{(.*)\}$", r"\1", piece) for piece in self.collect_usage_pieces(ctx)]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=f"{t('help.usage', lang)} ")


class LocalizedCommand(_Localized, TyperCommand):
    pass


class LocalizedGroup(_Localized, TyperGroup):
    def resolve_command(self, ctx: typer.Context, args: list[str]):
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            shown = [n for n, command in self.commands.items() if not command.hidden]
            close = get_close_matches(name, shown, n=1)
            message = t("cli.error.no_command", ui_lang(), name=name, commands=", ".join(shown))
            if close:
                message += " " + t("cli.error.did_you_mean", ui_lang(), options=close[0])
            raise _Worded(message, ctx)
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, *rest, **extra):
        """Run the command; any argument error of click's → one line in the user's words, exit 2."""
        argv = list(sys.argv[1:] if args is None else args)
        _current.update(lang=lang_in_args(argv) or default_lang(), args=argv)
        standalone = extra.pop("standalone_mode", True)
        try:
            code = super().main(argv, prog_name, *rest, standalone_mode=False, **extra)
        except errors.NoArgsIsHelpError as shown:
            shown.show()
            code = shown.exit_code
        except errors.ClickException as error:
            Console(stderr=True).print(
                f"[bold red]{t('error.prefix', ui_lang())}:[/] {escape(worded(error, ui_lang()))}",
                highlight=False,
                soft_wrap=True,  # one line: a log or a pipe has no terminal to wrap at 80 columns
            )
            code = error.exit_code
        except typer.Abort:
            Console(stderr=True).print(t("help.aborted", ui_lang()), highlight=False)
            code = 1
        finally:
            _current.update(lang=None, args=[])
        if standalone:
            sys.exit(code if isinstance(code, int) else 0)
        return code


class _Worded(errors.UsageError):
    """A usage error whose message is already in the user's words."""


def worded(error, lang: str) -> str:
    """click's argument error in our words: its English message is never shown."""
    ctx = getattr(error, "ctx", None)
    command = ctx.command_path if ctx else "keyclients"
    if isinstance(error, _Worded | _WordedValue):
        return error.message
    if isinstance(error, errors.NoSuchOption):
        text = t("cli.error.no_such_option", lang, option=error.option_name, command=command)
        close = get_close_matches(error.option_name, error.possibilities or [], n=1)
        return f"{text}. {t('cli.error.did_you_mean', lang, options=', '.join(close))}" if close else text
    if isinstance(error, errors.BadOptionUsage):
        # click says this of a flag given a value (--debug=1) and of an option left without one.
        option = error.option_name
        flag = any(arg.startswith(f"{option}=") for arg in _current["args"])
        return t("cli.error.takes_no_value" if flag else "cli.error.needs_value", lang, option=option)
    if isinstance(error, errors.MissingParameter):
        param = error.param
        name = words(param.metavar, lang) if param is not None and param.metavar else (param.name if param else "")
        return t("cli.error.missing_argument", lang, name=name, command=command)
    if isinstance(error, errors.BadParameter):
        option = (error.param.opts or [error.param.name])[0] if error.param else "—"
        return t("cli.error.bad_value", lang, option=option, command=command)
    return t("cli.error.usage", lang, args=" ".join(_current["args"]) or "—", command=command)
