"""Relations (stage 7): facts between resolved entities, each with its sentence, span, rule and confidence.

- `extract`: `extract_relations` runs the rule families in order, plus the document-wide rules (ISSUED_BY,
  LOCATED_IN, parent institutions);
- `context`: `RelDoc`, what every rule reads (mentions per sentence, entity lookup, anaphors), and helpers;
- `roles`: RESPONSIBLE_FOR, LEADS, WORKS_FOR, MEMBER_OF;
- `builds`: BUILDS and the LOCATED_IN of platforms;
- `support`: SUPPORTS, COOPERATES_WITH, ORGANIZES;
- `focus`: FOCUSES_ON.
"""

from loaders.relations.extract import RelationsOut, extract_relations

__all__ = ["RelationsOut", "extract_relations"]
