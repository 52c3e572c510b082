"""Cadence templates shipped as JSON data files (resources/cadences)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from warroom.domain.cadence import (
    CadenceStep,
    CadenceTemplate,
    SavedTemplate,
    TemplateStep,
    check_template,
)
from warroom.domain.errors import BadInput
from warroom.services.ids import shipped_id


def load_template(path: Path) -> CadenceTemplate:
    """One template file, validated; BadInput naming the file otherwise."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        steps = tuple(
            CadenceStep(
                day_offset=int(step["day_offset"]),
                channel=str(step["channel"]),
                instruction=str(step["instruction"]),
                message=str(step.get("message", "")),
            )
            for step in raw["steps"]
        )
        template = CadenceTemplate(str(raw["name"]), str(raw.get("description", "")), steps)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BadInput(f"{path}: not a cadence template ({exc})") from exc
    try:
        return check_template(template)
    except BadInput as exc:
        raise BadInput(f"{path}: {exc}") from exc


def load_templates(folder: Path) -> list[CadenceTemplate]:
    """Every template in `folder`, by file name."""
    return [load_template(path) for path in sorted(folder.glob("*.json"))]


@cache
def shipped_templates(folder: Path) -> tuple[SavedTemplate, ...]:
    """The templates the app ships, each with ids of its own that every laptop gives it; read
    once a process (every list of templates offers them)."""
    out = []
    for path in sorted(folder.glob("*.json")):
        template = load_template(path)
        template_id = shipped_id(f"cadence/{path.stem}")
        steps = tuple(
            TemplateStep(
                shipped_id(f"cadence/{path.stem}/{number}"),
                step.day_offset,
                step.channel,
                step.instruction,
                step.message,
            )
            for number, step in enumerate(template.steps)
        )
        out.append(SavedTemplate(template_id, template.name, template.description, steps))
    return tuple(out)
