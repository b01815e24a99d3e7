"""What the mention stage produces: tokens, mentions and the mention set of one document."""

from __future__ import annotations

import bisect
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field, PrivateAttr

from graph.model import Label
from loaders.lang import Region
from loaders.segment import Sentence, sentence_of

MentionKind = Literal["org", "person", "region", "task", "unit", "issuer"]


class Token(NamedTuple):
    text: str
    tag: str
    start: int  # offsets in the normalised text
    end: int


class Mention(BaseModel):
    text: str
    start: int
    end: int
    sentence: int
    kind: MentionKind
    rule: str  # what found it: lac-org, suffix, abbrev, national, pattern, enum, lac-per, roster, task, unit, …
    hint: Label | None = None  # a label the finding rule implies (enumeration → Enterprise, roster → Person)
    region: Region | None = None  # for kind == "region"
    tags: list[str] = Field(default_factory=list)  # LAC tags of the tokens the mention spans
    prefix: str = ""  # what the name has before the text (省 for 科技厅 in 省教育厅、科技厅)


class MentionSet(BaseModel):
    text: str
    sentences: list[Sentence]
    tokens: list[list[Token]]
    mentions: list[Mention]
    within: Region | None = None  # the document's city or province, for short place names
    _org_texts: list[str] | None = PrivateAttr(default=None)

    def sentence_of(self, offset: int) -> Sentence:
        return sentence_of(self.sentences, offset)

    def org_texts_starting(self, prefix: str) -> list[str]:
        """The texts of organisation mentions that start with `prefix` (sorted once: typing asks per mention)."""
        if self._org_texts is None:
            self._org_texts = sorted({m.text for m in self.mentions if m.kind == "org"})
        texts = self._org_texts
        out = []
        for i in range(bisect.bisect_left(texts, prefix), len(texts)):
            if not texts[i].startswith(prefix):
                break
            out.append(texts[i])
        return out
