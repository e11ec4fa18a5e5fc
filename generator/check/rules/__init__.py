"""Stage 2b: rules that span records (run after each file passed its schema).

One module per concern, each plain functions over the loaded data (context.py: the
vocabularies, documents list, settings, municipality codes and reference date, and the
Problems found): records.py (ids, file names, the files an id writes, placeholders),
vocabulary.py (terms), places.py (municipality codes, coordinates), privacy.py (addresses
against a location's precision, personal contacts), dates.py (stale, undated and future
dates) and sources.py (a case's sources, documents). `Rules` runs them over every file
kind in a fixed order (`run`), so the same files give the same problems in the same order.
"""

from __future__ import annotations

from ..gap_links import gap_rules
from ..load import Document
from . import dates, places, privacy, records, sources, vocabulary
from .context import Context, dict_items, items
from .dates import CHECKED_DATES, LATEST_DATE
from .places import JAPAN, distance_km
from .privacy import PERSONAL_MAIL_DOMAINS, is_mobile_phone, is_personal_mail, organisation_contact
from .sources import FACT_LISTS
from .vocabulary import CASE_TERMS, LIST_FIELDS, RESOURCE_TERMS

__all__ = ["CASE_TERMS", "CHECKED_DATES", "FACT_LISTS", "JAPAN", "LATEST_DATE", "LIST_FIELDS",
           "PERSONAL_MAIL_DOMAINS", "RESOURCE_TERMS", "Rules", "distance_km", "is_mobile_phone",
           "is_personal_mail"]


class Rules(Context):
    """The rules of each kind of file, in order; the problems found are in `problems`."""

    def run(self, vocab_docs: list[Document], doc_docs: list[Document], case_docs: list[Document],
            district_docs: list[Document], stats_docs: list[Document], worksheet_docs: list[Document],
            checksheet_docs: list[Document], gap_docs: list[Document], each_district: bool = True) -> None:
        """Every rule over the files that were loaded (each kind's files in their order);
        `each_district` False: a district's own rules (`district`) ran already, as its file
        was loaded (validate.py), and only the rules across districts run here."""
        for doc in vocab_docs:
            records.file_name_matches_vocabulary(self, doc)
        for doc in doc_docs:
            dates.future_dates(self, doc, "documents")
        records.unique_ids(self, case_docs, "事例")
        records.unique_ids(self, district_docs, "地区")
        records.generated_paths(self, {"case": case_docs, "district": district_docs, "worksheet": worksheet_docs,
                                       "checksheet": checksheet_docs})
        for doc in case_docs:
            self.case(doc)
        for doc in district_docs if each_district else ():
            self.district(doc)
        for doc in stats_docs:
            self.statistics(doc)
        for doc in worksheet_docs:
            self.worksheet(doc)
        for doc in checksheet_docs:
            self.checksheet(doc)
        for doc in gap_docs:
            gap_rules(self, doc, case_docs, checksheet_docs)

    def term(self, doc: Document, where: tuple, vocab: str, value: str) -> None:
        vocabulary.term(self, doc, where, vocab, value)

    def terms(self, doc: Document, base: tuple, item: dict, table: dict[str, str]) -> None:
        vocabulary.terms(self, doc, base, item, table)

    # -- per kind ------------------------------------------------------------
    def case(self, doc: Document) -> None:
        data = doc.data
        if not isinstance(data, dict):
            return
        records.unfinished(self, doc)
        records.file_name_matches_id(self, doc)
        dates.future_dates(self, doc, "case")
        vocabulary.terms(self, doc, (), data, CASE_TERMS)
        for i, m in items(data.get("municipalities")):
            places.municipality(self, doc, ("municipalities", i), m)
        declared = dict_items(data.get("sources"))
        source_ids = sources.declared(self, doc, declared)
        used = set()
        first = (dict_items(data.get("municipalities")) or [(0, {})])[0][1]
        code = first.get("code")
        for list_name in FACT_LISTS:
            for i, item in dict_items(data.get(list_name)):
                used.add(sources.cited(self, doc, (list_name, i), item, source_ids))
                if list_name == "places" and "location" in item:
                    places.location(self, doc, (list_name, i, "location"), item["location"], code)
        sources.unused(self, doc, declared, used)

    def district(self, doc: Document) -> None:
        data = doc.data
        if not isinstance(data, dict):
            return
        records.unfinished(self, doc)
        records.file_name_matches_id(self, doc)
        dates.future_dates(self, doc, "district")
        if isinstance(data.get("layer"), str):
            vocabulary.term(self, doc, ("layer",), "layers", data["layer"])
        m = places.municipality(self, doc, ("municipality",), data.get("municipality"))
        code = m["code"] if m else None
        if isinstance(data.get("maintainer_contact"), dict):
            organisation_contact(self, doc, ("maintainer_contact",), data["maintainer_contact"])
        first_id: dict[str, tuple] = {}
        undated: list[tuple] = []
        for i, r in dict_items(data.get("resources")):
            base = ("resources", i)
            if "last_verified" not in r:
                undated.append((base, r))
            records.resource_id(self, doc, base, r, first_id)
            vocabulary.terms(self, doc, base, r, RESOURCE_TERMS)
            if isinstance(r.get("contact"), dict):
                organisation_contact(self, doc, base + ("contact",), r["contact"])
            if "location" in r:
                places.location(self, doc, base + ("location",), r["location"], code)
            privacy.address_privacy(self, doc, base, r)
            dates.freshness(self, doc, base, r)
        dates.undated(self, doc, undated)

    def worksheet(self, doc: Document) -> None:
        data = doc.data
        if not isinstance(data, dict):
            return
        records.file_name_matches_id(self, doc)
        dates.future_dates(self, doc, "worksheet")
        sources.source_ref(self, doc, ("source",), data.get("source"))
        for i, e in dict_items(data.get("entries")):
            vocabulary.terms(self, doc, ("entries", i), e, {"category": "categories", "states": "target_states"})

    def checksheet(self, doc: Document) -> None:
        data = doc.data
        if not isinstance(data, dict):
            return
        records.file_name_matches_id(self, doc)
        dates.future_dates(self, doc, "checksheet")
        sources.source_ref(self, doc, ("source",), data.get("source"))
        seen: dict[str, int] = {}
        for i, section in dict_items(data.get("sections")):
            base = ("sections", i)
            sources.source_ref(self, doc, base + ("source",), section.get("source"))
            if isinstance(section.get("checkpoint"), str):
                vocabulary.term(self, doc, base + ("checkpoint",), "checkpoints", section["checkpoint"])
            records.sheet_ids(self, doc, base, section, seen)
            for j, item in dict_items(section.get("items")):
                sources.source_ref(self, doc, base + ("items", j, "source"), item.get("source"))
            for j, ex in dict_items(section.get("examples")):
                sources.source_ref(self, doc, base + ("examples", j, "source"), ex.get("source"))

    def statistics(self, doc: Document) -> None:
        data = doc.data
        if not isinstance(data, dict):
            return
        for i, d in dict_items(data.get("datasets")):
            sources.source_ref(self, doc, ("datasets", i, "source"), d.get("source"))
