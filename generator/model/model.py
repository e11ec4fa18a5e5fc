"""Stage 3: the validated data as plain dataclasses. Renderers read only these."""

from __future__ import annotations

from dataclasses import dataclass, field

from .municipalities import Municipality


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    order: int = 0
    step: int | None = None
    description: str = ""
    color: str = "#3366cc"


@dataclass
class Vocabulary:
    name: str
    label: str
    terms: list[Term]
    steps: dict[int, str] = field(default_factory=dict)
    source: dict | None = None

    def __post_init__(self) -> None:
        self.by_id = {t.id: t for t in self.terms}

    def label_of(self, term_id: str) -> str:
        return self.by_id[term_id].label

    def ordered(self) -> list[Term]:
        return sorted(self.terms, key=lambda t: (t.order, self.terms.index(t)))


@dataclass(frozen=True)
class SourceDocument:
    id: str
    title: str
    publisher: str
    date: str | None = None
    date_label: str = ""
    url: str = ""
    note: str = ""
    seed: str = ""


@dataclass(frozen=True)
class Source:
    id: str
    document: SourceDocument
    locator: str
    number: int  # 1-based, for footnote-style references on the page


@dataclass(frozen=True)
class Fact:
    text: str
    source: Source


@dataclass(frozen=True)
class Figure:
    label: str
    value: float
    unit: str
    source: Source
    as_of: str = ""
    as_of_label: str = ""
    note: str = ""

    @property
    def value_text(self) -> str:
        v = self.value
        return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"


@dataclass(frozen=True)
class Stakeholder:
    name: str
    source: Source
    side: str = ""
    role: str = ""


@dataclass(frozen=True)
class Event:
    label: str
    source: Source
    date: str = ""
    date_label: str = ""
    stage: str = ""


@dataclass(frozen=True)
class Quote:
    text: str
    speaker_role: str
    source: Source


@dataclass(frozen=True)
class Location:
    lat: float | None
    lon: float | None
    precision: str  # exact | approximate | hidden

    @property
    def mappable(self) -> bool:
        return self.precision != "hidden" and self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Place:
    name: str
    source: Source
    description: str = ""
    location: Location | None = None


@dataclass
class Case:
    id: str
    path: str
    title: str
    summary: str
    attribution: str
    place_label: str
    municipalities: list[Municipality]
    themes: list[Term]
    checkpoints: list[Term]
    context: list[Fact]
    challenge: list[Fact]
    actions: list[Fact]
    outcomes: list[Fact]
    figures: list[Figure]
    stakeholders: list[Stakeholder]
    timeline: list[Event]
    quotes: list[Quote]
    places: list[Place]
    sources: list[Source]
    last_reviewed: str
    text: str = field(default="", compare=False, repr=False)  # the file as written (editor_record.case_file)

    @property
    def prefecture(self) -> str:
        return self.municipalities[0].prefecture if self.municipalities else ""


@dataclass(frozen=True)
class Schedule:
    text: str
    rules: tuple = ()
    notes: str = ""


@dataclass(frozen=True)
class Contact:
    organisation: str
    phone: str = ""
    email: str = ""
    url: str = ""


@dataclass
class Resource:
    id: str
    name: str
    category: Term
    target_states: list[Term]
    activity_types: list[Term]
    last_verified: str  # "" when unknown (an import whose file states no date): 「確認日不明」
    operator_type: Term | None = None
    service_type: Term | None = None
    description: str = ""
    schedule: Schedule | None = None
    address: str = ""
    location: Location | None = None
    contact: Contact | None = None
    url: str = ""
    # 「元の一覧の項目」: (label, value) of the list it was imported from; plain text, and
    # always () for a place whose address is hidden (build_model)
    source_fields: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DataSource:
    """A registered public dataset (content/import/sources.yaml, data_sources.py)."""

    id: str
    publisher: str
    title: str
    url: str
    licence_name: str
    licence_url: str
    credit: str
    importer: str


@dataclass(frozen=True)
class Provenance:
    """Where an imported district's data comes from, and the data's date ("" when unknown)."""

    source: DataSource
    as_of: str = ""


@dataclass
class District:
    id: str
    path: str
    name: str
    layer: Term
    municipality: Municipality
    demo: bool
    description: str
    maintainer: str
    last_reviewed: str  # "" when unknown
    resources: list[Resource]
    maintainer_contact: Contact | None = None  # where reports about this district's data go
    provenance: Provenance | None = None  # imported with --source; None for hand-written districts
    # the digest of the YAML file it was made from (render/unit_cache.py); b"" when made in memory
    source: bytes = field(default=b"", compare=False, repr=False)


@dataclass(frozen=True)
class Series:
    name: str
    unit: str
    points: tuple  # ((label, value), …)
    note: str = ""  # shown under this series' chart


@dataclass(frozen=True)
class Dataset:
    """One chart of 「データで見る」, with its source."""

    id: str
    title: str
    x_label: str
    note: str
    series: tuple
    document: SourceDocument
    locator: str


@dataclass(frozen=True)
class SourceRef:
    document: SourceDocument
    locator: str


@dataclass(frozen=True)
class WorksheetEntry:
    label: str
    category: Term
    states: tuple  # of Term
    href: str = ""  # link to the resource, on district worksheets


@dataclass
class Worksheet:
    """A filled example of 「わがまちの地域の資源を書き出してみよう」."""

    id: str
    title: str
    description: str
    source: SourceRef
    placement: str  # "source" | "reconstructed"
    placement_note: str
    entries: list[WorksheetEntry]


@dataclass(frozen=True)
class CheckItem:
    id: str
    text: str
    source: SourceRef
    label: str = ""


@dataclass(frozen=True)
class CheckExample:
    title: str
    source: SourceRef
    text: str = ""


@dataclass
class CheckSection:
    id: str
    title: str
    items: list[CheckItem]
    source: SourceRef
    checkpoint: Term | None = None
    note: str = ""
    examples: list[CheckExample] = field(default_factory=list)


@dataclass
class Checksheet:
    id: str
    title: str
    audience: str
    description: str
    order: int
    source: SourceRef
    sections: list[CheckSection]
    last_reviewed: str


@dataclass(frozen=True)
class CaseTie:
    """A case tied to a worksheet row (and states), by one of the case's own sourced facts
    (content/gap_links.yaml): what a district's empty cell of that row links to."""

    case: Case
    category: Term
    states: tuple  # of Term; empty: every state of the row
    fact_ref: str  # "actions[2]"
    fact: Fact
    quote: str


@dataclass(frozen=True)
class GapPoint:
    checksheet: Checksheet
    section: CheckSection
    item: CheckItem


@dataclass(frozen=True)
class GapTopic:
    """Check-sheet items to discuss about a district's empty cells (資源開発, 協議体…)."""

    id: str
    label: str
    points: tuple  # of GapPoint


@dataclass
class GapLinks:
    ties: list[CaseTie] = field(default_factory=list)
    topics: list[GapTopic] = field(default_factory=list)

    def cases_for(self, category: str, state: str) -> list[Case]:
        """The cases tied to this cell: to its row with no states, or with this state."""
        out: list[Case] = []
        for tie in self.ties:
            if tie.category.id == category and (not tie.states or any(s.id == state for s in tie.states)) \
                    and all(c.id != tie.case.id for c in out):
                out.append(tie.case)
        return out


@dataclass
class Atlas:
    """Everything the renderers need, validated, built once per build."""

    cases: list[Case]
    districts: list[District]
    vocabularies: dict[str, Vocabulary]
    documents: dict[str, SourceDocument]
    settings: dict
    datasets: list[Dataset] = field(default_factory=list)
    worksheets: list[Worksheet] = field(default_factory=list)
    checksheets: list[Checksheet] = field(default_factory=list)
    gap_links: GapLinks = field(default_factory=GapLinks)
    data_sources: list[DataSource] = field(default_factory=list)  # the registry, in its order

    def vocab(self, name: str) -> Vocabulary:
        return self.vocabularies[name]
