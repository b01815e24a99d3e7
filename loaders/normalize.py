"""Normalise (stage 2): one canonical Simplified text, with a map from every character back to the source.

Steps, in order (each keeps the offset map exact):
1. Control characters, NUL, zero-width marks and soft hyphens go; CR/LF → LF; Unicode spaces → " ".
2. Inline pinyin after a Han character goes: 企業(yè) → 企業, 經(jīng)濟 → 經濟. Only parentheses holding one
   lower-case syllable with a tone mark qualify, so (AI), (一), (2023) and (草案) stay.
3. Script: a mainly Traditional text → OpenCC tw2sp (Taiwan vocabulary: 人工智慧 → 人工智能, 軟體 → 软件,
   數位 → 数字) plus `data/normalize/tw_phrases.tsv`; a mixed text → OpenCC t2s (characters only) on its lines
   written in Traditional, its Simplified lines untouched (广州乾朗珠宝 stays: 乾 is a Simplified character
   too); a Simplified text → untouched (tw2sp would rewrite mainland words such as 影片, 档案).
4. Width and punctuation — the canonical form:
   - full-width letters, digits and symbols → ASCII (２０２３ → 2023, ．→ .), except the Chinese marks below;
   - Chinese text uses full-width （ ） ， ： ； ！ ？ — ASCII ( ) , : ; ! ? become full-width when they touch
     Chinese (华为(苏州)人工智能创新中心 → 华为（苏州）人工智能创新中心, 状态: 有效 → 状态：有效);
     between ASCII they stay ASCII (09:35, 1,000, f(x), (TIMEC));
   - quotes “ ” 《 》 〔 〕 【 】 are kept as written.
5. Spaces: lines are stripped; a wide gap (2+ blanks) between two Han words becomes a tab (names side by side on
   a signature line stay apart); other spaces touching Chinese go (2023 年度 → 2023年度, 总结 及 → 总结及);
   other runs of spaces become one. Tabs (table cells) stay; a bar cell separator (" | ", ｜) becomes a tab.
6. Lines: empty lines go (one paragraph or heading per line); a line broken inside a sentence is joined to
   the next (新增团 / 体单位会员 → 新增团体单位会员) unless the next line starts a heading (一、 （一） 1. 专栏3),
   a list item, a table row (cells split by tabs or '|') or a label line such as 理事长： or 责任单位：.

`offsets[i]` is the index in the input of normalised character i; `offsets[len(text)]` is len(input).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from pydantic import BaseModel

from loaders.lang import DATA as LANG_DATA

DATA = LANG_DATA / "normalize"

# Han ideographs (with extension A and compatibility forms) — what "Chinese" means for spacing/punctuation rules
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# …plus Chinese punctuation and full-width forms, which also make an adjacent ASCII mark "Chinese"
_CJK = _HAN + "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201d\u2026\u2014"

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\u0300-\u036f"
PINYIN = re.compile(rf"(?<=[{_HAN}])[(（](?=[a-zü]*[{_TONED}])[a-zü{_TONED}ê]{{1,8}}[)）]")

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u00ad]+")
_SPACE_TABLE = str.maketrans(
    {c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"}
    | {"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}
)

_KEEP_WIDE = "（）：；，！？"
_WIDTH_TABLE = str.maketrans(
    {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F) if chr(c) not in _KEEP_WIDE}
    | {"﹙": "（", "﹚": "）", "﹐": "，", "﹕": "：", "﹔": "；"}
)
_TO_WIDE = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}

_PAREN_PAIR = re.compile(r"\(([^()\n]{0,200})\)")
_HAN_RE = re.compile(f"[{_HAN}]")
_LONE_PAREN = re.compile(rf"(?<=[{_CJK}])[()]|[()](?=[{_CJK}])")
_PUNCT = re.compile(rf"(?<=[{_CJK}]) *[,;:!?]|[,;:!?](?= *[{_CJK}])")

# a table cell separator " | " / "｜" (with its blanks) becomes a tab, the one cell separator later stages know, so
# that no name can run across a cell boundary ("区委组织部|区人社局" is two cells, not one name)
_CELL_BAR = re.compile(r"[ \t]*[|｜¦][ \t]*")
_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$", re.M)
# a wide gap (2+ blanks) between two Han words separates names laid out side by side (a joint signature line
# "A厅　　　　B委员会", a roster "张三丰　　李四光"); it becomes a tab so the names do not merge. One Han character
# on either side is letter-spaced text ("前  言"), which merges as before.
_WIDE_GAP = re.compile(rf"(?<=[{_HAN}]{{2}})  +(?=[{_HAN}]{{2}})")
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) +| +(?=[{_CJK}])")
_SPACE_RUN = re.compile(r"(?<= ) +")
_BLANK_LINES = re.compile(r"^\n+|\n+$|(?<=\n)\n+")

_TERMINAL = set("。！？；：!?;:…")
_CLOSING = set("）)】》」』〕]")
_CLAUSE = set("，。；,;")  # not 、: a roster line "单位职务、职务姓名" is no sentence
# a line that begins with one of these starts a new block (heading, list item), never continues a sentence
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[)）]|\d+[、.．)）](?!\d)|\d+\.\d"
    r"|专栏\s*\d|第[一二三四五六七八九十百零\d]+[章节条部分篇款]|[①-⑳⑴-⒇㈠-㈩]|[-—–•·●■□◆▪►]|附件|附表)"
)
# …and so does a label line: 理事长：… 责任单位：… 发布时间：…
_LABEL = re.compile(r"^[^，。：:\s（）()]{1,12}[：:]")
# a table row: cells separated by tabs or vertical bars (" | " loses its blanks next to Chinese)
_TABLE_ROW = re.compile(r"\t|[|｜]")
_SHORT_HEADING = 30  # a heading line longer than this is a numbered paragraph, which may be broken mid-sentence
_MIN_PROSE = 15  # a line shorter than this without clause punctuation is a heading or caption, not prose


class NormalizedText(BaseModel):
    text: str
    # offsets[i] is the index in the original text of normalised character i;
    # offsets[len(text)] is len(original), so end-exclusive spans map too.
    offsets: list[int]
    script: str = "simplified"  # what the input was: simplified | traditional | mixed (conversion applied)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Normalised span [start, end) → the original span it came from (characters removed inside count)."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside the normalised text of length {len(self.text)}")
        if end == start:
            return self.offsets[start], self.offsets[start]
        # end = just after the last kept character, so trailing removed pinyin/spaces/newlines are not included
        return self.offsets[start], self.offsets[end - 1] + 1


class _Tracked:
    """A text and its offset map, changed only through substitutions that keep the map right."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets = list(range(len(text) + 1))

    def translate(self, table: dict[int, str]) -> None:
        # only same-length (1:1) tables: the map does not change
        self.text = self.text.translate(table)

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> None:
        text, old = self.text, self.offsets
        pieces: list[str] = []
        offsets: list[int] = []
        pos = 0
        for match in pattern.finditer(text):
            start, end = match.span()
            new = repl(match) if callable(repl) else repl
            if new == match.group(0):
                continue
            pieces.append(text[pos:start])
            offsets.extend(old[pos:start])
            pieces.append(new)
            offsets.extend(_spread(old, start, end, len(new)))
            pos = end
        if not pieces:
            return
        pieces.append(text[pos:])
        offsets.extend(old[pos:])
        self.text = "".join(pieces)
        self.offsets = offsets

    def convert(self, convert: Callable[[str], str]) -> None:
        """Apply a script converter; lines (then clauses) whose length changes are mapped proportionally."""
        old_lines = self.text.split("\n")
        new_lines = convert(self.text).split("\n")
        if len(new_lines) != len(old_lines):  # pragma: no cover - converters never touch newlines
            new_lines = [convert(line) for line in old_lines]
        if all(len(a) == len(b) for a, b in zip(old_lines, new_lines, strict=True)):
            self.text = "\n".join(new_lines)
            return
        old = self.offsets
        pieces: list[str] = []
        offsets: list[int] = []
        pos = 0
        for a, b in zip(old_lines, new_lines, strict=True):
            if len(a) == len(b):
                pieces.append(b)
                offsets.extend(old[pos : pos + len(a)])
            else:  # convert clause by clause so a length change only blurs its own clause
                at = pos
                for clause in _CLAUSES.findall(a):
                    converted = convert(clause)
                    pieces.append(converted)
                    offsets.extend(_spread(old, at, at + len(clause), len(converted)))
                    at += len(clause)
            pieces.append("\n")
            offsets.append(old[pos + len(a)])  # the newline (or the end sentinel after the last line)
            pos += len(a) + 1
        pieces.pop()  # no newline after the last line
        self.text = "".join(pieces)
        self.offsets = offsets


_CLAUSES = re.compile(r"[^，。；：、！？,.;:!?\s]*[，。；：、！？,.;:!?\s]*")


def _spread(old: list[int], start: int, end: int, n: int) -> list[int]:
    """Offsets for n new characters replacing old[start:end]: first → first, last → last, linear between."""
    width = end - start
    if n == width:
        return old[start:end]
    if n == 0:
        return []
    if width == 0:
        return [old[start]] * n
    if n == 1:
        return [old[start]]
    return [old[start + (i * (width - 1)) // (n - 1)] for i in range(n)]


# ---------------------------------------------------------------------------------------------- the stage


def normalize(text: str) -> NormalizedText:
    t = _Tracked(text)
    t.sub(_CONTROL, "")
    t.translate(_SPACE_TABLE)
    t.sub(PINYIN, "")
    script = _convert_script(t)
    _unify_punctuation(t)
    t.sub(_CELL_BAR, "\t")
    t.sub(_EDGE_SPACE, "")
    t.sub(_WIDE_GAP, "\t")
    t.sub(_CJK_SPACE, "")
    t.sub(_SPACE_RUN, "")
    t.sub(_BLANK_LINES, "")
    _join_broken_lines(t)
    # validated types are ours by construction; skipping validation keeps a 1 MB text cheap
    return NormalizedText.model_construct(text=t.text, offsets=t.offsets, script=script)


# ---------------------------------------------------------------------------------------------- script


@lru_cache(maxsize=4)
def _opencc(config: str):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def _tw_phrases() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    pairs: dict[str, str] = {}
    path = DATA / "tw_phrases.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        source, _, target = line.partition("\t")
        if len(source) != len(target) or not source:
            raise ValueError(f"{path}:{number}: both sides must be non-empty and equally long: {line!r}")
        pairs[source] = target
    if not pairs:
        return None, pairs
    return re.compile("|".join(map(re.escape, sorted(pairs, key=len, reverse=True)))), pairs


@lru_cache(maxsize=1)
def _tw_keep() -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """(pattern of keep words and their exceptions, the exceptions) — "!人工智慧" is converted although 智慧 is kept."""
    path = DATA / "tw_keep.txt"
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")]
    exceptions = frozenset(w[1:] for w in words if w.startswith("!") and len(w) > 1)
    plain = [w.lstrip("!") for w in words if w.lstrip("!")]
    if not plain:
        return None, exceptions
    return re.compile("|".join(map(re.escape, sorted(set(plain), key=len, reverse=True)))), exceptions


@lru_cache(maxsize=1)
def _script_keep_words() -> tuple[str, ...]:
    path = DATA / "script_keep.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(sorted({w.strip() for w in lines if w.strip() and not w.startswith("#")}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _script_keep() -> re.Pattern[str] | None:
    words = _script_keep_words()
    return re.compile("|".join(map(re.escape, words))) if words else None


def _keeping(convert: Callable[[str], str]) -> Callable[[str], str]:
    """`convert`, leaving the words of data/normalize/script_keep.txt exactly as written."""
    keep = _script_keep()
    if keep is None:
        return convert

    def run(text: str) -> str:
        pieces: list[str] = []
        pos = 0
        for match in keep.finditer(text):
            pieces.append(convert(text[pos : match.start()]))
            pieces.append(match.group(0))
            pos = match.end()
        pieces.append(convert(text[pos:]))
        return "".join(pieces)

    return run


def _script_only_chars(text: str) -> tuple[Counter[str], set[str], set[str]]:
    """(Han character counts, characters only Traditional writes, characters only Simplified writes)."""
    kept = {w for w in _script_keep_words() if len(w) == 1}  # valid in both scripts: they do not vote
    counts = Counter(ch for ch in text if ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff") and ch not in kept)
    chars = sorted(counts)
    joined = "\n".join(chars)  # one character per line: no phrase rule can span two of them
    as_simp = _opencc("t2s").convert(joined).split("\n") if chars else []
    as_trad = _opencc("s2t").convert(joined).split("\n") if chars else []
    traditional = {c for c, s in zip(chars, as_simp, strict=False) if s != c}
    simplified = {c for c, t in zip(chars, as_trad, strict=False) if t != c}
    return counts, traditional, simplified


def _verdict(traditional: int, simplified: int) -> str:
    if traditional == 0:
        return "simplified"
    if traditional >= 3 and traditional > 2 * simplified:
        return "traditional"
    return "mixed"


def detect_script(text: str) -> str:
    """simplified | traditional | mixed — by counting characters only one of the two scripts uses."""
    counts, trad, simp = _script_only_chars(text)
    return _verdict(sum(counts[c] for c in trad), sum(counts[c] for c in simp))


def _convert_script(t: _Tracked) -> str:
    counts, trad, simp = _script_only_chars(t.text)  # once: the verdict and the per-line test share it
    script = _verdict(sum(counts[c] for c in trad), sum(counts[c] for c in simp))
    if script == "traditional":
        t.convert(_keeping(_traditional_to_mainland))
        pattern, pairs = _tw_phrases()
        if pattern is not None:
            t.text = pattern.sub(lambda m: pairs[m.group(0)], t.text)  # equal lengths: the map holds
    elif script == "mixed":
        t.convert(_traditional_lines_only(_keeping(_opencc("t2s").convert), trad, simp))
    return script


def _traditional_lines_only(convert: Callable[[str], str], trad: set[str], simp: set[str]) -> Callable[[str], str]:
    """`convert` applied to the lines written in Traditional only (`trad` / `simp`: the characters only one script
    writes): a Simplified line keeps its rare characters (广州乾朗珠宝 is a Simplified name; t2s would make it
    干朗), a Traditional line among them is converted."""

    def traditional(line: str) -> bool:
        t = sum(1 for ch in line if ch in trad)
        return t > 0 and t > sum(1 for ch in line if ch in simp)

    def run(chunk: str) -> str:
        return "\n".join(convert(line) if traditional(line) else line for line in chunk.split("\n"))

    return run


def _traditional_to_mainland(text: str) -> str:
    """tw2sp (Taiwan vocabulary → mainland), except keep-list words, which only change script (t2s)."""
    keep, exceptions = _tw_keep()
    tw2sp, t2s = _opencc("tw2sp"), _opencc("t2s")
    if keep is None:
        return tw2sp.convert(text)
    pieces: list[str] = []
    pos = 0
    for match in keep.finditer(text):
        word = match.group(0)
        pieces.append(tw2sp.convert(text[pos : match.start()]))
        pieces.append((tw2sp if word in exceptions else t2s).convert(word))
        pos = match.end()
    pieces.append(tw2sp.convert(text[pos:]))
    return "".join(pieces)


# ---------------------------------------------------------------------------------------------- punctuation


def _unify_punctuation(t: _Tracked) -> None:
    t.translate(_WIDTH_TABLE)
    # paired ASCII parentheses around or next to Chinese → （ ）; innermost pairs first
    for _ in range(3):
        before = t.text
        t.sub(_PAREN_PAIR, _wide_pair)
        if t.text == before:
            break
    t.sub(_LONE_PAREN, lambda m: _TO_WIDE[m.group(0)])
    t.sub(_PUNCT, lambda m: "".join(_TO_WIDE.get(c, c) for c in m.group(0)))


def _wide_pair(match: re.Match[str]) -> str:
    text = match.string
    start, end = match.span()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if _HAN_RE.search(match.group(1)) or _HAN_RE.match(before) or _HAN_RE.match(after):
        return f"（{match.group(1)}）"
    return match.group(0)


# ---------------------------------------------------------------------------------------------- lines


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip("”’\"'")
    if not stripped:
        return True
    if len(stripped) < len(line):  # a closing quote ends a sentence only after a terminal mark: 。”
        return stripped[-1] in _TERMINAL
    return stripped[-1] in _TERMINAL or stripped[-1] in _CLOSING


def _is_prose(line: str) -> bool:
    if len(line) < _MIN_PROSE or _TABLE_ROW.search(line) or not any(c in _CLAUSE for c in line):
        return False
    return len(line) > _SHORT_HEADING or not _HEADING.match(line)


def _continues(line: str) -> bool:
    return bool(line) and not _TABLE_ROW.search(line) and not _HEADING.match(line) and not _LABEL.match(line)


def _join_broken_lines(t: _Tracked) -> None:
    lines = t.text.split("\n")
    if len(lines) < 2:
        return
    actions: dict[int, str] = {}  # position of a newline → "" (join) or " " (join two Latin words)
    pos = 0
    for prev, nxt in zip(lines, lines[1:], strict=False):
        pos += len(prev)
        if _is_prose(prev) and not _ends_sentence(prev) and _continues(nxt):
            latin = prev[-1].isascii() and prev[-1].isalpha() and nxt[0].isascii() and nxt[0].isalpha()
            actions[pos] = " " if latin else ""
        pos += 1
    if actions:
        t.sub(re.compile("\n"), lambda m: actions.get(m.start(), "\n"))
