"""Mentions, typing and resolution (stages 4–6): where the text names organisations, people, places and tasks,
what type each is, and which entity it denotes.

- `find`: candidate mentions from LAC, suffixes, lexicons, enumerations and the structure, settled
  leftmost-longest (`find_mentions`, models in `model`, lexicon patterns in `knowledge`);
- `types`: the label of each mention (`type_mentions`) and the name clean-up the relations reuse;
- `resolve`: canonical names in the document's region, aliases and short forms (`resolve`).
"""

from loaders.mentions.find import find_mentions
from loaders.mentions.knowledge import agency_unit, suffix_of, suffixes
from loaders.mentions.model import Mention, MentionSet, Token
from loaders.mentions.resolve import RegionContext, Resolved, canonical, region_in_name, resolve
from loaders.mentions.types import (
    JOINT_CLAUSE_OPEN,
    TypedMention,
    affiliation_name,
    clean_name,
    owner_prefix,
    suffix_stem,
    type_mentions,
)

__all__ = [
    "JOINT_CLAUSE_OPEN",
    "Mention",
    "MentionSet",
    "RegionContext",
    "Resolved",
    "Token",
    "TypedMention",
    "affiliation_name",
    "agency_unit",
    "canonical",
    "clean_name",
    "find_mentions",
    "owner_prefix",
    "region_in_name",
    "resolve",
    "suffix_of",
    "suffix_stem",
    "suffixes",
    "type_mentions",
]
