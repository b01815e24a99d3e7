"""The text split once: lines and sentences with offsets, shared by the structure and mention finders."""

from __future__ import annotations

from loaders.segment import MAX_SENTENCE, segment, split_lines, split_sentences
from loaders.structure import parse_structure


def test_sentences_split_on_end_marks_with_offsets() -> None:
    text = "  第一句。第二句；\n第三句！"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["第一句", "第二句", "第三句"]
    assert [s.index for s in sents] == [0, 1, 2]
    for s in sents:
        assert text[s.start : s.end] == s.text


def test_lines_skip_blank_lines_and_trim_blanks_with_offsets() -> None:
    text = "标题\n\n\u3000\u3000正文第一段。 \n\t\n第二段"
    lines = split_lines(text)
    assert [ln.text for ln in lines] == ["标题", "正文第一段。", "第二段"]
    assert [ln.index for ln in lines] == [0, 1, 2]
    for ln in lines:
        assert text[ln.start : ln.end] == ln.text


def test_sentence_of_finds_the_sentence_holding_an_offset() -> None:
    doc = segment("甲乙丙。丁戊。\n己庚")
    assert doc.sentence_of(0).text == "甲乙丙"
    assert doc.sentence_of(doc.text.index("戊")).text == "丁戊"
    assert doc.sentence_of(len(doc.text) - 1).text == "己庚"


def test_structure_reads_the_lines_it_is_given() -> None:
    # the finders use the DocText's lines, not a split of their own: a title on the given first line is read
    doc = segment("某市人工智能产业发展行动计划\n一、发展目标\n到2026年，产业规模明显提升。\n")
    structure = parse_structure(doc)
    assert structure.meta.title == "某市人工智能产业发展行动计划"
    assert [s.heading for s in structure.sections][:1] == ["发展目标"]


def test_an_overlong_run_is_cut_into_bounded_pieces_at_commas() -> None:
    clause = "杭州市人工智能产业发展" * 9 + "，"  # 100 characters
    text = clause * 30 + "完成。下一句"
    sents = split_sentences(text)
    assert all(len(s.text) <= MAX_SENTENCE for s in sents)
    assert all(s.text == text[s.start : s.end] for s in sents)
    assert all(s.text.endswith("，") for s in sents[:-2])  # cut after a comma, never inside a word
    assert "".join(s.text for s in sents[:-1]) == text[: text.index("。")]
    assert sents[-1].text == "下一句" and [s.index for s in sents] == list(range(len(sents)))


def test_an_overlong_run_without_any_break_is_cut_at_the_bound() -> None:
    text = "人工智能" * 800
    sents = split_sentences(text)
    assert [len(s.text) for s in sents] == [MAX_SENTENCE] * 3 + [200]
    assert "".join(s.text for s in sents) == text
