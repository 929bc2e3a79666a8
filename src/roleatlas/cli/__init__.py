"""The ``roleatlas`` command line: thin shells over library functions."""

from __future__ import annotations

import typer

from roleatlas.cli import (
    build,
    classify,
    data,
    extract,
    model,
    outlook,
    parse,
    profile,
    salaries,
    skills,
)

app = typer.Typer(
    name="roleatlas",
    rich_markup_mode="rich",
    no_args_is_help=True,
    help="Role Atlas: AI Engineer, ML Engineer, AI Programmer and neighbours compared from real data.",
    pretty_exceptions_enable=False,
)
app.add_typer(data.app, name="data")
app.add_typer(parse.app, name="parse")
app.add_typer(model.train_app, name="train")
app.add_typer(model.model_app, name="model")
app.command("build")(build.build)
app.command("salaries")(salaries.salaries)
app.command("outlook")(outlook.outlook)
app.command("classify")(classify.classify)
app.command("skills")(skills.skills)
app.command("extract")(extract.extract)
app.command("role")(profile.role)
app.command("compare")(profile.compare)
app.command("claims")(profile.claims)


def main() -> None:
    """Console-script entry point."""
    app()
