"""What a mapped column can fill: the fields of intakes and events (with their persons).

Each :class:`TargetField` names its kind (how a cell is read, see ``values``), the
vocabulary of a ``term``/``terms`` field, whether it is required, its HXL hashtag (HXL
standard 1.1, https://hxlstandard.org/standard/1-1final/dictionary/) and Spanish and
English header synonyms used by :func:`testigo.imports.mapping.suggest.suggest_mapping`.

Identifying fields (``identifying=True``: names, contacts, free-text notes) land only in
encrypted model fields (``Person.name``/``contact``, ``Intake.notes``, ``Event.description``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

KINDS = ("text", "int", "date", "term", "terms", "country", "language", "bool")


@dataclass(frozen=True)
class TargetField:
    """One field a column can be mapped to.

    ``kind``: ``text`` | ``int`` (whole number ≥ 0) | ``date`` (EDTF, may be partial; a full
    calendar day when ``day_only``) | ``term`` / ``terms`` (codes of ``vocabulary``) |
    ``country`` (ISO 3166-1 alpha-2) | ``language`` (ISO 639-3 term of ``language``) |
    ``bool``. ``hxl`` is a hashtag with attributes (``#date+registered``).
    """

    name: str
    label: str | Promise
    kind: str
    vocabulary: str | None = None
    required: bool = False
    hxl: str = ""
    synonyms: tuple[str, ...] = ()
    identifying: bool = False
    day_only: bool = False

    @property
    def is_vocabulary(self) -> bool:
        """Whether cells need a value mapping (raw value → vocabulary code)."""
        return self.kind in {"term", "terms", "language"}


@dataclass(frozen=True)
class Target:
    """A kind of record a file can fill (``intakes``, ``events``)."""

    name: str
    label: str | Promise
    fields: list[TargetField] = field(default_factory=list)

    def field(self, name: str) -> TargetField:
        """The field ``name``. Raises ``KeyError``."""
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(name)

    def field_names(self) -> list[str]:
        """Names of all fields, in display order."""
        return [f.name for f in self.fields]


def _person_fields(prefix: str, hxl: str) -> list[TargetField]:
    """Fields of the person an intake registers (``prefix`` "") or an event's victim."""
    p = prefix
    return [
        TargetField(
            f"{p}name",
            _("name"),
            "text",
            hxl=f"{hxl}+name",
            identifying=True,
            synonyms=(
                "nombre",
                "nombre completo",
                "nombres",
                "name",
                "full name",
                "nombre y apellidos",
                "victim name",
                "nombre de la víctima",
            ),
        ),
        TargetField(
            f"{p}contact",
            _("contact details"),
            "text",
            hxl="#contact",
            identifying=True,
            synonyms=(
                "contacto",
                "teléfono",
                "telefono",
                "celular",
                "correo",
                "contact",
                "phone",
                "email",
            ),
        ),
        TargetField(
            f"{p}sex",
            _("sex"),
            "term",
            "sex",
            hxl=f"{hxl}+sex",
            synonyms=("sexo", "sex", "sexo de la persona", "gender", "género"),
        ),
        TargetField(
            f"{p}age",
            _("age (years)"),
            "int",
            hxl=f"{hxl}+age",
            synonyms=("edad", "age", "años", "edad (años)"),
        ),
        TargetField(
            f"{p}birth_date",
            _("date of birth"),
            "date",
            hxl="#date+birth",
            synonyms=("fecha de nacimiento", "nacimiento", "date of birth", "birth date", "dob"),
        ),
        TargetField(
            f"{p}nationality",
            _("nationality"),
            "country",
            hxl="#country+origin",
            synonyms=(
                "nacionalidad",
                "país de origen",
                "pais de origen",
                "nationality",
                "country of origin",
                "origen",
            ),
        ),
        TargetField(
            f"{p}language",
            _("language"),
            "language",
            "language",
            hxl=f"{hxl}+language",
            synonyms=(
                "lengua",
                "idioma",
                "lengua materna",
                "language",
                "mother tongue",
                "lengua indígena",
            ),
        ),
        TargetField(
            f"{p}migration_status",
            _("migration status"),
            "term",
            "migration_status",
            hxl=f"{hxl}+status",
            synonyms=(
                "situación migratoria",
                "situacion migratoria",
                "estatus migratorio",
                "migration status",
                "immigration status",
            ),
        ),
        TargetField(
            f"{p}group_size",
            _("persons in the group"),
            "int",
            hxl=f"{hxl}+num",
            synonyms=(
                "número de personas",
                "numero de personas",
                "personas",
                "tamaño del grupo",
                "miembros",
                "household size",
                "group size",
                "people",
                "number of people",
            ),
        ),
    ]


INTAKE_FIELDS = [
    TargetField("date", _("date of intake"), "date", required=True, day_only=True,
                hxl="#date+registered",
                synonyms=("fecha", "fecha de ingreso", "fecha de registro", "fecha de llegada",
                          "date", "intake date", "registration date", "arrival date")),
    *_person_fields("", "#beneficiary"),
    TargetField("destination_country", _("destination country"), "country",
                hxl="#country+destination",
                synonyms=("país de destino", "pais de destino", "destino", "destination",
                          "destination country")),
    TargetField("travel_company", _("travelling with"), "term", "travel_company",
                hxl="#beneficiary+travel",
                synonyms=("viaja con", "acompañamiento", "travelling with", "traveling with")),
    TargetField("migration_route", _("migration route"), "term", "migration_route",
                hxl="#route", synonyms=("ruta", "ruta migratoria", "route", "migration route")),
    TargetField("intention", _("intention"), "term", "migration_intention",
                hxl="#beneficiary+intention",
                synonyms=("intención", "intencion", "plan", "intention")),
    TargetField("needs", _("needs"), "terms", "need", hxl="#need",
                synonyms=("necesidades", "necesidad", "needs")),
    TargetField("services", _("services given"), "terms", "service", hxl="#service",
                synonyms=("servicios", "servicios brindados", "services", "services given")),
    TargetField("consent_services", _("consents to receive services"), "bool",
                hxl="#meta+consent+services",
                synonyms=("consentimiento servicios", "consiente servicios",
                          "consent services", "consent to services")),
    TargetField("consent_network", _("consents to sharing with the network"), "bool",
                hxl="#meta+consent+network",
                synonyms=("consentimiento red", "consiente compartir", "consent network",
                          "consent to sharing")),
    TargetField("consent_statistics", _("consents to statistical use"), "bool",
                hxl="#meta+consent+statistics",
                synonyms=("consentimiento estadística", "consentimiento estadistica",
                          "consiente estadísticas", "consent statistics",
                          "consent to statistics")),
    TargetField("notes", _("notes"), "text", hxl="#description", identifying=True,
                synonyms=("notas", "observaciones", "comentarios", "notes", "comments")),
]  # fmt: skip

EVENT_FIELDS = [
    TargetField("title", _("title"), "text", hxl="#event+name",
                synonyms=("título", "titulo", "evento", "title", "event")),
    TargetField("date", _("date of the event"), "date", required=True, hxl="#date+occurred",
                synonyms=("fecha", "fecha del evento", "fecha de los hechos", "date",
                          "event date", "incident date")),
    TargetField("country", _("country"), "country", hxl="#country+code",
                synonyms=("país", "pais", "país de los hechos", "country")),
    TargetField("place", _("place"), "text", hxl="#loc+name",
                synonyms=("lugar", "lugar de los hechos", "localidad", "place", "location")),
    TargetField("description", _("description"), "text", hxl="#description", identifying=True,
                synonyms=("descripción", "descripcion", "relato", "narrativa",
                          "description", "narrative")),
    *_person_fields("victim_", "#affected"),
    TargetField("act_type", _("type of act"), "term", "act_type", hxl="#impact+type",
                synonyms=("tipo de violación", "tipo de violacion", "violación", "hecho",
                          "agresión", "act type", "violation", "type of act")),
    TargetField("perpetrator_type", _("type of perpetrator"), "term", "perpetrator_type",
                hxl="#actor+type",
                synonyms=("perpetrador", "agresor", "responsable", "autoridad responsable",
                          "perpetrator", "perpetrator type")),
    TargetField("government_level", _("government level"), "term", "government_level",
                hxl="#actor+level",
                synonyms=("orden de gobierno", "nivel de gobierno", "government level")),
]  # fmt: skip

TARGETS: dict[str, Target] = {
    "intakes": Target("intakes", _("intakes (persons served)"), INTAKE_FIELDS),
    "events": Target("events", _("events (with victim, act and perpetrator)"), EVENT_FIELDS),
}
