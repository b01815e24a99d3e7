"""The structure stage's entry point: `parse_structure` runs the finders over one `DocText` and gathers their
results in a `DocStructure`."""

from __future__ import annotations

from pydantic import BaseModel, Field

from loaders.segment import DocText
from loaders.structure.members import MemberEntry, find_members
from loaders.structure.meta import DocMeta, find_addressees, find_meta
from loaders.structure.rosters import RosterEntry, find_rosters
from loaders.structure.sections import Section, find_sections
from loaders.structure.tasks import EventRow, TaskBlock, find_tasks_and_events


class DocStructure(BaseModel):
    meta: DocMeta
    sections: list[Section] = Field(default_factory=list)
    tasks: list[TaskBlock] = Field(default_factory=list)
    rosters: list[RosterEntry] = Field(default_factory=list)
    events: list[EventRow] = Field(default_factory=list)  # rows of event tables
    members: list[MemberEntry] = Field(default_factory=list)  # units of member lists (MEMBER_OF with a role)
    # (start, end) of addressee lines of a notice ("各区（县、市）人民政府，市政府各部门："): the generic units
    # they list are recipients, not actors, so mentions skip them
    addressees: list[tuple[int, int]] = Field(default_factory=list)


def parse_structure(doc: DocText, meta_hints: dict[str, str] | None = None) -> DocStructure:
    hints = {k: (v or "") for k, v in (meta_hints or {}).items()}
    sections = find_sections(doc)
    tasks, events = find_tasks_and_events(doc, sections)
    meta, subject = find_meta(doc, hints, has_tasks=bool(tasks))
    rosters = find_rosters(doc, subject)
    members = find_members(doc, subject)
    return DocStructure(meta=meta, sections=sections, tasks=tasks, rosters=rosters, events=events, members=members,
                        addressees=find_addressees(doc.lines))
