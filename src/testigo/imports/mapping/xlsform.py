"""XLSForms (ODK/Kobo form definitions) read with pyxform: questions, groups, repeat groups
and choice lists, so that an export's columns and choice names can be mapped.

The sheets are read with pyxform's own reader (``pyxform.xls2json_backends.get_xlsform``:
``.xls`` through xlrd, ``.xlsx`` through openpyxl), then the survey rows are walked to
record each question's group path and repeat group. The form is also run through pyxform's
full conversion (``parse_file_to_json``); its complaints (e.g. two questions with one name
in a group, which KoboToolbox once accepted) are kept in ``FormSpec.problems`` instead of
refusing the form: an export of a deployed form must stay importable.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from testigo.imports.mapping.spec import MappingError

_SELECT = re.compile(r"(select_one|select_multiple|select one|select multiple)\s+(\S+)")
_BEGIN = re.compile(r"begin[ _](group|repeat)")
_END = re.compile(r"end[ _](group|repeat)")


@dataclass
class Question:
    """One survey row that is not a group or repeat marker.

    ``type`` is the base type (``select_one``, ``integer``, ``note``…), ``list_name`` the
    choice list of a select, ``path`` the names of the enclosing groups and repeats (outer
    first), ``repeat`` the innermost enclosing repeat group, ``row`` the survey sheet row.
    ``labels`` maps a language (``""`` when the form has one unnamed language) to the label.
    """

    name: str
    type: str
    labels: dict[str, str] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)
    list_name: str | None = None
    repeat: str | None = None
    row: int = 0

    @property
    def full_name(self) -> str:
        """The export column: group path and name joined with ``/`` (``grp/question``)."""
        return "/".join([*self.path, self.name])

    def label(self, language: str | None = None) -> str:
        """The label in ``language``, else the first one, else the name."""
        if language is not None and self.labels.get(language):
            return self.labels[language]
        return next((v for v in self.labels.values() if v), self.name)


@dataclass
class Repeat:
    """A repeat group: its name, enclosing path, labels and survey row."""

    name: str
    path: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    row: int = 0


@dataclass
class FormSpec:
    """A parsed XLSForm. ``choices``: list name → choice name → labels by language."""

    title: str
    questions: list[Question]
    choices: dict[str, dict[str, dict[str, str]]]
    repeats: list[Repeat] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def question(self, name: str) -> Question | None:
        """The question whose name or full path (``grp/name``) is ``name``; the first one
        when a name is repeated."""
        for q in self.questions:
            if name in (q.full_name, q.name):
                return q
        return None

    def choice_labels(self, question: Question, language: str | None = None) -> dict[str, str]:
        """Choice name → label (in ``language`` or the first one) of a select question."""
        out = {}
        for name, labels in self.choices.get(question.list_name or "", {}).items():
            label = labels.get(language or "", "") or next((v for v in labels.values() if v), name)
            out[name] = label
        return out

    def as_json(self) -> dict:
        """A JSON-ready dict (the shape :meth:`from_json` reads)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> FormSpec:
        """Read :meth:`as_json`'s shape. Raises :class:`MappingError` on a bad shape."""
        try:
            return cls(
                title=str(data.get("title", "")),
                questions=[Question(**q) for q in data["questions"]],
                choices={
                    str(k): {str(n): dict(v) for n, v in lst.items()}
                    for k, lst in data["choices"].items()
                },
                repeats=[Repeat(**r) for r in data.get("repeats", [])],
                languages=list(data.get("languages", [])),
                problems=list(data.get("problems", [])),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise MappingError(_("The saved form is not readable.")) from exc


def _labels(row: dict[str, str], column: str = "label") -> dict[str, str]:
    out = {}
    for key, value in row.items():
        if key == column:
            out[""] = str(value or "").strip()
        elif key.startswith(column + "::"):
            out[key.split("::", 1)[1].strip()] = str(value or "").strip()
    return out


def form_from_xlsform(path: Path) -> FormSpec:
    """Read an XLSForm (``.xls``, ``.xlsx`` or ``.csv``) into a :class:`FormSpec`.

    Raises :class:`MappingError` when the file is not an XLSForm (no ``survey`` sheet,
    unbalanced groups). pyxform's own validation errors are kept in ``problems``.
    """
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import parse_file_to_json
    from pyxform.xls2json_backends import get_xlsform

    try:
        data = get_xlsform(str(path))
    except (PyXFormError, OSError, ValueError) as exc:
        raise MappingError(
            _("%(f)s is not a readable XLSForm (%(e)s).") % {"f": path.name, "e": exc}
        ) from exc
    if not data.survey:
        raise MappingError(_("%(f)s has no “survey” sheet.") % {"f": path.name})
    problems: list[str] = []
    try:
        parse_file_to_json(str(path), warnings=[])
    except PyXFormError as exc:
        problems.append(str(exc))
    except Exception as exc:  # pyxform may fail in other ways on odd forms
        problems.append(f"{type(exc).__name__}: {exc}")
    questions, repeats = _walk(path, data.survey)
    choices: dict[str, dict[str, dict[str, str]]] = {}
    for row in data.choices or []:
        list_name, name = str(row.get("list_name") or "").strip(), row.get("name")
        if list_name and name not in (None, ""):
            choices.setdefault(list_name, {})[str(name).strip()] = _labels(row)
    languages = sorted({lang for q in questions for lang in q.labels})
    title = ""
    for row in data.settings or []:
        title = str(row.get("form_title") or row.get("form_id") or "")
    return FormSpec(title or path.stem, questions, choices, repeats, languages, problems)


def _walk(path: Path, survey: list[dict[str, str]]) -> tuple[list[Question], list[Repeat]]:
    questions: list[Question] = []
    repeats: list[Repeat] = []
    stack: list[tuple[str, str]] = []  # (kind, name)
    for number, row in enumerate(survey, start=2):  # row 1 is the header
        kind = " ".join(str(row.get("type") or "").split())
        name = str(row.get("name") or "").strip()
        if not kind:
            continue
        if begin := _BEGIN.fullmatch(kind):
            stack.append((begin.group(1), name))
            if begin.group(1) == "repeat":
                repeats.append(Repeat(name, [n for _k, n in stack[:-1]], _labels(row), number))
            continue
        if end := _END.fullmatch(kind):
            if not stack or stack[-1][0] != end.group(1):
                raise MappingError(
                    _("%(f)s: survey row %(r)s closes a %(k)s that is not open.")
                    % {"f": path.name, "r": number, "k": end.group(1)}
                )
            stack.pop()
            continue
        select = _SELECT.match(kind)
        base = select.group(1).replace(" ", "_") if select else kind.split(" ")[0]
        repeat = next((n for k, n in reversed(stack) if k == "repeat"), None)
        questions.append(
            Question(
                name=name, type=base, labels=_labels(row), path=[n for _k, n in stack],
                list_name=select.group(2) if select else None, repeat=repeat, row=number,
            )
        )  # fmt: skip
    if stack:
        raise MappingError(
            _("%(f)s: group or repeat “%(n)s” is never closed.")
            % {"f": path.name, "n": stack[-1][1]}
        )
    return questions, repeats
