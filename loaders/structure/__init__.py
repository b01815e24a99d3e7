"""Structure (stage 3): metadata, sections, tasks with their responsible units, rosters, member lists.

Pure parsing of the normalised text (one `DocText`): it names no entities, it finds where things are. Every
offset is an offset in that text. Knowledge (labels, titles, suffixes, boilerplate) lives in
`loaders/data/structure/`: `patterns.json`, `role_titles.txt` and `surnames.txt`.

- `parse`: `parse_structure` runs the finders and gathers their results in a `DocStructure`;
- `meta`: title, 文号, issuer, date, type, addressee lines (the document's region: `region`);
- `sections`: the section tree;
- `tasks`: tasks and their responsible units, event tables (tables written as text: `tables`);
- `rosters`: rosters (names and posts: `persons`);
- `members`: member lists;
- `patterns`: the pattern knowledge and text utilities they share.
"""

from loaders.structure.members import MemberEntry
from loaders.structure.meta import DocMeta, is_media_source
from loaders.structure.parse import DocStructure, parse_structure
from loaders.structure.persons import Position
from loaders.structure.rosters import RosterEntry
from loaders.structure.sections import Section
from loaders.structure.tasks import EventRow, TaskBlock, UnitRef

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
    "is_media_source",
    "parse_structure",
]
