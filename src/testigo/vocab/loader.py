"""Load the vocabulary data files (``vocab/data/*.yaml``) into the database.

File shape (one vocabulary per file, file stem = vocabulary name)::

    vocabulary: migration_route
    label: {es: "...", en: "..."}
    source: "..."
    terms:
      - code: us_mexico_border_crossing
        label: {es: "...", en: "..."}
        source_labels: ["US-Mexico border crossing"]
        huridocs: null
        attributes: {continent: americas}

Loading is idempotent: labels, source labels and attributes are updated; codes are never
deleted or renamed (a term missing from its file stays, so old records keep their meaning).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from testigo.vocab.models import Term, Vocabulary

DATA_DIR = Path(__file__).resolve().parent / "data"
# Lookup tables in DATA_DIR that are not vocabularies.
NOT_VOCABULARIES = frozenset({"country_alias"})


class VocabularyFileError(ValueError):
    """A vocabulary file is malformed (message names the file and the term)."""


def normalise_label(value: str) -> str:
    """Normalise a source string for matching: drop U+FEFF, collapse spaces, casefold."""
    return " ".join(value.replace("\ufeff", "").split()).casefold()


@cache
def read_vocabulary_file(name: str) -> dict[str, Any]:
    """Parse and check ``vocab/data/<name>.yaml``. Raises ``VocabularyFileError``."""
    path = DATA_DIR / f"{name}.yaml"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise VocabularyFileError(f"{path.name}: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("vocabulary") != name:
        raise VocabularyFileError(f"{path.name}: 'vocabulary' must be {name!r}")
    codes: set[str] = set()
    labels: set[str] = set()
    for term in doc.get("terms") or []:
        code = term.get("code")
        if not code or code in codes:
            raise VocabularyFileError(f"{path.name}: missing or repeated code {code!r}")
        codes.add(code)
        if not term.get("label", {}).get("es") or not term.get("label", {}).get("en"):
            raise VocabularyFileError(f"{path.name}: term {code!r} needs es and en labels")
        for label in term.get("source_labels") or []:
            key = normalise_label(str(label))
            if key in labels:
                raise VocabularyFileError(f"{path.name}: source label {label!r} used twice")
            labels.add(key)
    return doc


def vocabulary_names() -> list[str]:
    """Names of all vocabularies shipped with Testigo, sorted."""
    return sorted(p.stem for p in DATA_DIR.glob("*.yaml") if p.stem not in NOT_VOCABULARIES)


@transaction.atomic
def vocabularies_sync() -> int:
    """Create or update every shipped vocabulary and its terms; return the number of terms."""
    count = 0
    for name in vocabulary_names():
        doc = read_vocabulary_file(name)
        vocab, _ = Vocabulary.objects.update_or_create(
            name=name,
            defaults={
                "label_es": doc["label"]["es"],
                "label_en": doc["label"]["en"],
                "source": doc.get("source", ""),
            },
        )
        for position, term in enumerate(doc.get("terms") or []):
            Term.objects.update_or_create(
                vocabulary=vocab,
                code=term["code"],
                defaults={
                    "label_es": term["label"]["es"],
                    "label_en": term["label"]["en"],
                    "source_labels": list(term.get("source_labels") or []),
                    "huridocs": term.get("huridocs") or "",
                    "attributes": term.get("attributes") or {},
                    "position": position,
                },
            )
            count += 1
    return count


def sync_after_migrate(**kwargs: object) -> None:
    """``post_migrate`` hook: a migrated database is ready for imports."""
    vocabularies_sync()


@cache
def country_aliases() -> dict[str, str | None]:
    """Source country names that ``pycountry`` does not resolve → ISO 3166-1 alpha-2 or None."""
    path = DATA_DIR / "country_alias.yaml"
    if not path.exists():
        return {}
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    aliases = doc.get("aliases", doc) if isinstance(doc, dict) else {}
    return {normalise_label(str(k)): v for k, v in aliases.items()}
