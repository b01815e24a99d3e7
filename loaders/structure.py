"""Structure (stage 3): metadata, sections, tasks with their responsible units, rosters, member lists.

Pure parsing of the normalised text: it names no entities, it finds where things are. Every offset is an
offset in the text given. Knowledge (labels, titles, suffixes, boilerplate) lives in
`loaders/data/structure_patterns.json`, `role_titles.txt` and `surnames.txt`.

This module is the stage: `parse_structure` runs the finders and gathers their results in a `DocStructure`.
Each finder lives in its own module:
- `loaders/doc_meta.py`: title, 文号, issuer, date, type, addressee lines (region: `loaders/doc_region.py`);
- `loaders/sections.py`: the section tree;
- `loaders/tasks.py`: tasks and their responsible units, event tables (tables: `loaders/tables.py`);
- `loaders/rosters.py`: rosters (names and posts: `loaders/persons.py`);
- `loaders/members.py`: member lists;
- `loaders/structure_patterns.py`: the pattern knowledge and text utilities they share.
The models are re-exported here, so `from loaders.structure import DocMeta, TaskBlock …` keeps working.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from loaders.doc_meta import DocMeta, find_addressees, find_meta, is_media_source
from loaders.members import MemberEntry, find_members
from loaders.persons import Position
from loaders.rosters import RosterEntry, find_rosters
from loaders.sections import Section, find_sections
from loaders.structure_patterns import split_lines
from loaders.tasks import EventRow, TaskBlock, UnitRef, find_tasks, find_tasks_and_events

__all__ = [
    "DocMeta",
    "DocStructure",
    "EventRow",
    "MemberEntry",
    "Position",
    "RosterEntry",
    "Section",
    "TaskBlock",
    "UnitRef",
    "find_addressees",
    "find_members",
    "find_rosters",
    "find_sections",
    "find_tasks",
    "is_media_source",
    "parse_structure",
]


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


def parse_structure(text: str, meta_hints: dict[str, str] | None = None) -> DocStructure:
    hints = {k: (v or "") for k, v in (meta_hints or {}).items()}
    lines = split_lines(text)
    sections = find_sections(text, lines)
    tasks, events = find_tasks_and_events(text, sections, lines)
    meta, subject = find_meta(text, lines, hints, has_tasks=bool(tasks))
    rosters = find_rosters(text, subject, lines)
    members = find_members(text, subject, lines)
    return DocStructure(meta=meta, sections=sections, tasks=tasks, rosters=rosters, events=events, members=members,
                        addressees=find_addressees(lines))
