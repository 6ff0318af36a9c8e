"""The mapping builder: upload a spreadsheet or Kobo/ODK export, match its columns and values
to Testigo's fields and vocabularies, save the mapping, preview it (dry run), import.

The steps keep their state in the session (see ``testigo.imports.drafts``); every step
works without JavaScript.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pycountry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from testigo.core.errors import AccessDenied, ApplicationError
from testigo.documentation.access import can_write
from testigo.imports.drafts import SESSION_KEY, draft_create, draft_remove
from testigo.imports.mapping.kobo import select_question
from testigo.imports.mapping.spec import Mapping, MappingError
from testigo.imports.mapping.suggest import column_values, read_header, suggest_mapping
from testigo.imports.mapping.suggest import suggest_values as propose_values
from testigo.imports.mapping.targets import TARGETS, TargetField
from testigo.imports.mapping.xlsform import FormSpec, form_from_xlsform
from testigo.imports.mapping_forms import (
    NOT_IMPORTED,
    MappingColumnsForm,
    MappingStartForm,
    MappingValuesForm,
)
from testigo.imports.models import ImportMapping
from testigo.imports.queue import import_run_queue
from testigo.imports.report import ImportFileError
from testigo.imports.selectors import mappings_for_user
from testigo.vocab.models import Term
from testigo.workspace.views.common import fetch_or_404, writable_organisations

VALUES_SHOWN = 100  # distinct raw values offered per column


def _draft(request: HttpRequest) -> dict | None:
    draft = request.session.get(SESSION_KEY)
    if not isinstance(draft, dict):
        return None
    if not can_write(request.user, draft.get("organisation_id", 0)):
        return None
    return draft


def _save_draft(request: HttpRequest, draft: dict) -> None:
    request.session[SESSION_KEY] = draft
    request.session.modified = True


def _mapping_by_id(*, user: object, mapping_id: int) -> ImportMapping:
    found = mappings_for_user(user).filter(pk=mapping_id).first()
    if found is None:
        raise AccessDenied("no such mapping")
    return found


@login_required
@require_safe
def mapping_list(request: HttpRequest) -> HttpResponse:
    """Saved mappings of the organisations the user imports for."""
    writable_organisations(request.user)
    return render(
        request, "imports/mapping_list.html", {"mappings": mappings_for_user(request.user)}
    )


@login_required
def mapping_start(request: HttpRequest) -> HttpResponse:
    """Step 1: the file (and its XLSForm); columns are matched and the next step opens."""
    organisations = writable_organisations(request.user)
    form = MappingStartForm(
        request.POST or None, request.FILES or None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        old = request.session.get(SESSION_KEY)
        if isinstance(old, dict):
            draft_remove(str(old.get("token", "")))
        try:
            token, paths = draft_create(
                {"file": data["file"], "form": data["form_file"], "repeat": data["repeat_file"]}
            )
        except ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            try:
                header, hashtags = read_header(Path(paths["file"]))
                spec = form_from_xlsform(Path(paths["form"])) if "form" in paths else None
            except ApplicationError as exc:
                draft_remove(token)
                form.add_error(None, exc.message)
            else:
                mapping = suggest_mapping(header, data["target"], form=spec, hashtags=hashtags)
                mapping.source_kind = data["source_kind"]
                _save_draft(request, {
                    "token": token, "paths": paths, "header": header,
                    "source_kind": data["source_kind"], "target": data["target"],
                    "organisation_id": data["organisation"].pk,
                    "mapping": mapping.as_json(), "form": spec.as_json() if spec else None,
                    "mapping_id": None, "name": "",
                })  # fmt: skip
                return redirect("imports:mapping_columns")
    return render(request, "imports/mapping_start.html", {"form": form})


@login_required
def mapping_columns(request: HttpRequest) -> HttpResponse:
    """Step 2: which field each column fills (preselected), the key column, a name."""
    draft = _draft(request)
    if draft is None:
        return redirect("imports:mapping_start")
    header: list[str] = draft["header"]
    mapping = draft["mapping"]
    by_column = {c["column"]: c for c in mapping["columns"]}
    initial = {
        f"column_{i}": by_column[col]["field"] if col in by_column else NOT_IMPORTED
        for i, col in enumerate(header)
    }
    constants = mapping.get("constants") or {}
    initial.update(
        key_column=mapping.get("key_column") or "", name=draft.get("name", ""),
        dataset=mapping.get("dataset") or "", repeat=mapping.get("repeat") or "",
        constant_date=constants.get("date") or None,
    )  # fmt: skip
    repeats = [r["name"] for r in (draft.get("form") or {}).get("repeats", [])]
    form = MappingColumnsForm(
        request.POST or None, initial=initial, header=header, target=draft["target"],
        key_choices=header, repeats=repeats,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        columns = []
        for i, column in enumerate(header):
            chosen = form.cleaned_data[f"column_{i}"]
            if chosen:
                kept = by_column.get(column, {})
                values = kept.get("values", {}) if kept.get("field") == chosen else {}
                columns.append({"column": column, "field": chosen, "values": values})
        mapping["columns"] = columns
        mapping["key_column"] = form.cleaned_data["key_column"] or None
        mapping["dataset"] = form.cleaned_data["dataset"] or ""
        mapping["repeat"] = form.cleaned_data.get("repeat") or None
        mapped = {c["field"] for c in columns}
        date = form.cleaned_data.get("constant_date")
        mapping["constants"] = (
            {"date": date.isoformat()} if date is not None and "date" not in mapped else {}
        )
        draft["name"] = form.cleaned_data["name"]
        _save_draft(request, draft)
        return redirect("imports:mapping_values")
    target = TARGETS[draft["target"]]
    return render(
        request, "imports/mapping_columns.html",
        {"form": form, "draft": draft, "target": target, "required": [
            f for f in target.fields if f.required
        ]},
    )  # fmt: skip


def _value_choices(item: TargetField) -> list[tuple[str, str]]:
    if item.kind == "country":
        return sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda x: x[1])
    if item.kind == "bool":
        return [("yes", _("yes")), ("no", _("no"))]
    vocabulary = item.vocabulary or ("language" if item.kind == "language" else "")
    return [
        (t.code, str(t))
        for t in Term.objects.filter(vocabulary__name=vocabulary).order_by("code")
    ]


def _value_columns(draft: dict) -> list[tuple[dict, TargetField, list[str], list, dict]]:
    """Mapped columns whose cells need a value mapping: (the column's mapping, its field,
    its distinct raw values, the codes to choose from, the proposed code per raw value)."""
    target = TARGETS[draft["target"]]
    spec = FormSpec.from_json(draft["form"]) if draft.get("form") else None
    path = Path(draft["paths"]["file"])
    kobo = draft["source_kind"] == "kobo"
    out = []
    for col in draft["mapping"]["columns"]:
        item = target.field(col["field"])
        if not (item.is_vocabulary or item.kind in {"country", "bool"}):
            continue
        raw = column_values(
            path, col["column"], limit=VALUES_SHOWN, multiple=item.kind == "terms", kobo=kobo
        )
        question = select_question(spec, col["column"])
        labels = spec.choice_labels(question) if spec and question else None
        proposed = {**propose_values(item, raw, labels=labels), **col.get("values", {})}
        out.append((col, item, raw, _value_choices(item), proposed))
    return out


@login_required
def mapping_values(request: HttpRequest) -> HttpResponse:
    """Step 3: the code for each raw value of vocabulary columns (preselected); saves."""
    draft = _draft(request)
    if draft is None:
        return redirect("imports:mapping_start")
    try:
        columns = _value_columns(draft)
    except ApplicationError as exc:
        context = {"error": exc.message, "draft": draft}
        return render(request, "imports/mapping_values.html", context)
    initial = {
        f"value_{c}_{v}": proposed.get(raw, NOT_IMPORTED)
        for c, (_col, _item, raws, _choices, proposed) in enumerate(columns)
        for v, raw in enumerate(raws)
    }
    form = MappingValuesForm(
        request.POST or None, initial=initial,
        columns=[(col["column"], item, raws, choices) for col, item, raws, choices, _p in columns],
    )  # fmt: skip
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        for c, (col, _item, raws, _choices, _proposed) in enumerate(columns):
            col["values"] = {
                raw: form.cleaned_data[f"value_{c}_{v}"]
                for v, raw in enumerate(raws)
                if form.cleaned_data[f"value_{c}_{v}"]
            }
        try:
            mapping = Mapping.from_json(draft["mapping"])
            problems = mapping.validate(draft["header"])
        except MappingError as exc:
            problems = [exc.message]
        if not problems:
            saved = _save_mapping(request, draft, mapping)
            if saved is None:
                problems = [_("Another mapping of this organisation already has this name.")]
            else:
                draft["mapping_id"] = saved.pk
                _save_draft(request, draft)
                return redirect("imports:mapping_detail", pk=saved.pk)
    return render(
        request, "imports/mapping_values.html",
        {"form": form, "draft": draft, "problems": problems},
    )  # fmt: skip


def _save_mapping(request: HttpRequest, draft: dict, mapping: Mapping) -> ImportMapping | None:
    form_name = Path(draft["paths"]["form"]).name if "form" in draft["paths"] else ""
    values = {
        "source_kind": draft["source_kind"], "target": draft["target"],
        "definition": mapping.as_json(), "form": draft.get("form"), "form_file_name": form_name,
    }  # fmt: skip
    try:
        with transaction.atomic():
            existing = draft.get("mapping_id")
            if existing:
                saved = _mapping_by_id(user=request.user, mapping_id=existing)
                for key, value in values.items():
                    setattr(saved, key, value)
                saved.name = draft["name"]
                saved.save()
                return saved
            return ImportMapping.objects.create(
                organisation_id=draft["organisation_id"], name=draft["name"],
                created_by=request.user, **values,
            )  # fmt: skip
    except IntegrityError:
        return None


@login_required
@require_safe
def mapping_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A saved mapping: its columns and values; preview or import the file with it."""
    mapping = fetch_or_404(_mapping_by_id, user=request.user, mapping_id=pk)
    draft = _draft(request)
    has_file = bool(draft and draft.get("mapping_id") == mapping.pk)
    return render(
        request, "imports/mapping_detail.html",
        {"mapping": mapping, "definition": mapping.definition, "has_file": has_file,
         "file_name": Path(draft["paths"]["file"]).name if has_file else ""},
    )  # fmt: skip


@login_required
@require_POST
def mapping_run(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview (dry run) or import a file with a saved mapping: the draft's file, or a new
    upload (``file`` and optionally ``repeat_file``)."""
    mapping = fetch_or_404(_mapping_by_id, user=request.user, mapping_id=pk)
    if not can_write(request.user, mapping.organisation_id):
        raise PermissionDenied
    dry_run = "preview" in request.POST
    draft = _draft(request)
    from_draft = bool(draft and draft.get("mapping_id") == mapping.pk)
    if "file" not in request.FILES and not from_draft:
        return redirect("imports:mapping_detail", pk=pk)
    with ExitStack() as stack:
        extra = {}
        if "file" in request.FILES:
            uploaded = request.FILES["file"]
            if "repeat_file" in request.FILES:
                extra["repeat"] = request.FILES["repeat_file"]
        else:
            paths = draft["paths"]
            uploaded = File(stack.enter_context(Path(paths["file"]).open("rb")))
            uploaded.name = Path(paths["file"]).name
            if "repeat" in paths:
                extra["repeat"] = File(stack.enter_context(Path(paths["repeat"]).open("rb")))
                extra["repeat"].name = Path(paths["repeat"]).name
        try:
            run = import_run_queue(
                actor=request.user, source_kind=mapping.source_kind, uploaded=uploaded,
                organisation=mapping.organisation, options={"mapping_id": mapping.pk},
                dry_run=dry_run, extra_files=extra,
            )  # fmt: skip
        except ImportFileError as exc:
            return render(
                request, "imports/mapping_detail.html",
                {"mapping": mapping, "definition": mapping.definition, "error": exc.message},
            )  # fmt: skip
    if not dry_run and from_draft:
        draft_remove(str(draft.get("token", "")))
        request.session.pop(SESSION_KEY, None)
    return redirect("imports:run_detail", pk=run.pk)
