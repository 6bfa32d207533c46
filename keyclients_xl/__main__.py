"""`python -m keyclients_xl …` is the `keyclients` command (handy in a checkout without the script)."""

from .cli import app

app()
