"""Normalise stage: script, pinyin, punctuation, spaces, broken lines — and the offset map back to the source."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from loaders.normalize import NormalizedText, detect_script, normalize
from loaders.read import read_document

SAMPLES = Path(__file__).parent / "samples"


def _span(n: NormalizedText, original: str, needle: str) -> str:
    """The original text behind the first occurrence of `needle` in the normalised text."""
    start = n.text.index(needle)
    a, b = n.to_original(start, start + len(needle))
    return original[a:b]


def _assert_map_is_consistent(n: NormalizedText, original: str) -> None:
    assert len(n.offsets) == len(n.text) + 1
    assert n.offsets[-1] == len(original)
    assert all(a <= b for a, b in zip(n.offsets, n.offsets[1:], strict=False)), "offsets must not go backwards"
    assert all(0 <= o <= len(original) for o in n.offsets)


# ------------------------------------------------------------------------------------------- script


def test_traditional_with_taiwan_vocabulary() -> None:
    src = "推動人工智慧與軟體、資訊服務發展,加快數位化轉型,建立資料庫,提升技術套用水準。"
    n = normalize(src)
    assert n.script == "traditional"
    assert n.text == "推动人工智能与软件、信息服务发展，加快数字化转型，建立数据库，提升技术应用水准。"
    assert _span(n, src, "人工智能") == "人工智慧"
    assert _span(n, src, "应用") == "套用"
    _assert_map_is_consistent(n, src)


def test_traditional_keeps_mainland_words_tw2sp_would_rewrite() -> None:
    n = normalize("推進線上線下融合,完善考核指標,新增會員單位,規範審批程序,打造區域性核心樞紐,整合資源。")
    assert n.text == "推进线上线下融合，完善考核指标，新增会员单位，规范审批程序，打造区域性核心枢纽，整合资源。"


def test_simplified_text_is_not_touched_by_taiwan_rules() -> None:
    src = "档案馆发布影片资料，数位专家出席，推进线上线下融合。"
    n = normalize(src)
    assert n.script == "simplified"
    assert n.text == src  # tw2sp would rewrite 影片 → 视频 and 数位 → 数字


def test_mixed_text_converts_its_traditional_lines_only() -> None:
    src = "苏州市人工智能产业发展行动计划，由市工信局牵头，支持企業发展。\n蘇州市人工智慧產業聯盟成立"
    assert detect_script(src) == "mixed"
    n = normalize(src)
    # the Simplified line keeps what it wrote; the Traditional line is converted character by character
    assert n.text == "苏州市人工智能产业发展行动计划，由市工信局牵头，支持企業发展。\n苏州市人工智慧产业联盟成立"


def test_simplified_names_with_characters_both_scripts_use_are_never_rewritten() -> None:
    src = "广州乾朗珠宝有限公司与深圳乾坤智能科技有限公司签署合作协议。"
    assert normalize(src).text == src


def test_length_changing_conversion_keeps_the_map_inside_its_clause() -> None:
    src = "資訊平台支援隨身碟,人工智慧學院成立。"
    n = normalize(src)
    assert n.text.startswith("信息平台支持U盘，")
    assert len(n.text) == len(src) - 1  # 隨身碟 → U盘
    assert _span(n, src, "人工智能学院成立。") == "人工智慧學院成立。"  # the next clause maps exactly
    _assert_map_is_consistent(n, src)


# ------------------------------------------------------------------------------------------- pinyin


def test_inline_pinyin_removed_and_offsets_skip_it() -> None:
    src = "推動企業(yè)數(shù)字化轉(zhuǎn)型與經(jīng)濟發展"
    n = normalize(src)
    assert n.text == "推动企业数字化转型与经济发展"
    assert _span(n, src, "企业") == "企業"  # not "企業(yè)"
    assert _span(n, src, "数字化转型") == "數(shù)字化轉(zhuǎn)型"
    _assert_map_is_consistent(n, src)


@pytest.mark.parametrize(
    "kept",
    ["联盟(AI)成立", "章程(草案)", "(一)党建工作", "规划(2023-2025年)", "苏州(suzhou)", "指数(a)", "公司(Ltd)"],
)
def test_real_parentheses_are_not_pinyin(kept: str) -> None:
    out = normalize(kept).text
    inner = kept[kept.index("(") + 1 : kept.index(")")]
    assert inner in out


def test_pinyin_in_full_width_parentheses() -> None:
    assert normalize("中關村企業（yè）聯盟").text == "中关村企业联盟"


# ------------------------------------------------------------------------------------------- punctuation


def test_bracket_forms_of_one_name_come_out_the_same() -> None:
    a = normalize("华为(苏州)人工智能创新中心").text
    b = normalize("华为（苏州）人工智能创新中心").text
    c = normalize("华为﹙苏州﹚人工智能创新中心").text
    assert a == b == c == "华为（苏州）人工智能创新中心"


def test_chinese_marks_full_width_ascii_marks_stay_between_ascii() -> None:
    n = normalize("发布时间:2023-07-25 09:35 来源:市工信局\n状态: 有效,共1,000家;是否?f(x) and (TIMEC)")
    lines = n.text.split("\n")
    assert lines[0] == "发布时间：2023-07-25 09:35来源：市工信局"
    assert lines[1] == "状态：有效，共1,000家；是否？f(x) and (TIMEC)"


def test_full_width_letters_and_digits_become_ascii() -> None:
    src = "２０２４年ＡＩ大会，Ｂ２Ｂ平台％"
    n = normalize(src)
    assert n.text == "2024年AI大会，B2B平台%"
    assert _norm_name(n.text) == _norm_name(src)  # the scorer's view agrees
    _assert_map_is_consistent(n, src)


def test_control_characters_and_nul_removed() -> None:
    src = "市工信局\x00牵头\x07，\u200b市科技局\ufeff配合\r\n完成。"
    n = normalize(src)
    assert n.text == "市工信局牵头，市科技局配合\n完成。"  # a short line is not prose: not joined
    assert _span(n, src, "牵头") == "牵头"
    assert "\x00" not in n.text


# ------------------------------------------------------------------------------------------- spaces and lines


def test_spaces_inside_chinese_removed_latin_spaces_kept() -> None:
    src = "江苏省人工智能学会 2023 年度工作总结 及 2024 年度工作计划\n邀请  TIMEC  Co.  Ltd  考察"
    n = normalize(src)
    assert n.text.split("\n") == ["江苏省人工智能学会2023年度工作总结及2024年度工作计划", "邀请TIMEC Co. Ltd考察"]
    assert _span(n, src, "2023年度工作总结及2024") == "2023 年度工作总结 及 2024"
    _assert_map_is_consistent(n, src)


def test_sentence_broken_across_lines_is_joined() -> None:
    src = (
        "　　2023年新增人工智能专委会，新增个人会员1132人，新增团\n\n体单位会员35家。\n"
        "学会举办活动40余场，线上线下参与人数超 11000\n\n人次，覆盖全省。\n"
    )
    n = normalize(src)
    assert n.text.split("\n") == [
        "2023年新增人工智能专委会，新增个人会员1132人，新增团体单位会员35家。",
        "学会举办活动40余场，线上线下参与人数超11000人次，覆盖全省。",
    ]
    assert _span(n, src, "团体单位") == "团\n\n体单位"
    assert _span(n, src, "11000人次") == "11000\n\n人次"
    _assert_map_is_consistent(n, src)


def test_headings_rosters_and_captions_stay_on_their_own_lines() -> None:
    src = "\n".join(
        [
            "东川市人工智能产业发展行动计划",
            "一、总体要求",
            "（一）指导思想",
            "坚持创新驱动，推动产业集聚，建设以算力为核心的",
            "1.建设算力中心",
            "由市工信局牵头，市发改委、市科技局配合推进相关工作落地",
            "责任单位：市工信局",
            "专栏3重点平台",
            "理事长：",
            "星河科技有限公司董事长、云杉智能有限公司首席技术官王一鸣",
            "新任理事长王一鸣代表理事会讲话，感谢会员单位支持。",
            "副理事长：星河科技有限公司、云杉智能有限公司、北岭大学",
            "秘书长：赵海峰",
            "市工信局副局长赵海峰在会上讲话",
            "会上，与会代表交流了意见。",
            "序号\t任务\t责任单位",
            "1\t建设算力中心\t市工信局",
        ]
    )
    n = normalize(src)
    assert n.text.split("\n") == src.split("\n")


def test_numbered_paragraph_broken_mid_sentence_is_joined_but_short_heading_is_not() -> None:
    src = (
        "（三）加强组织领导，完善工作机制\n建立联席会议制度。\n"
        "1.强化统筹协调，各部门按照职责分工，协同推进人工智能产业发展各项\n工作任务落实。"
    )
    lines = normalize(src).text.split("\n")
    assert lines == [
        "（三）加强组织领导，完善工作机制",
        "建立联席会议制度。",
        "1.强化统筹协调，各部门按照职责分工，协同推进人工智能产业发展各项工作任务落实。",
    ]


def test_english_words_split_across_lines_keep_a_space() -> None:
    n = normalize("The alliance, founded in Beijing, signed an agreement with the\ncity government.")
    assert n.text == "The alliance, founded in Beijing, signed an agreement with the city government."


def test_to_original_edges() -> None:
    src = "  企業(yè)  \n\n"
    n = normalize(src)
    assert n.text == "企业"
    assert n.to_original(0, 0) == (2, 2)
    assert src[slice(*n.to_original(0, 2))] == "企業"
    with pytest.raises(ValueError, match="outside"):
        n.to_original(1, 5)


def test_empty_and_blank_text() -> None:
    assert normalize("").text == ""
    n = normalize(" \n\t\n ")
    assert n.text == ""
    assert n.offsets == [5]


# ------------------------------------------------------------------------------------------- samples and seeds


def test_sample_traditional_document() -> None:
    doc = read_document(SAMPLES / "alliance_tw.txt")
    n = normalize(doc.text)
    assert n.script == "traditional"
    assert n.text.split("\n") == [
        "西山数智人工智能产业联盟成立",
        "2021年5月8日，西山数智人工智能产业联盟（以下简称“联盟”）在西山市召开成立大会，推动企业数字化转型与软件、"
        "信息服务发展，完善考核指标，新增会员单位120家。",
        "理事长：",
        "星河科技有限公司董事长王一鸣",
    ]
    _assert_map_is_consistent(n, doc.text)


def _norm_name(name: str) -> str:
    # how the scorer compares names: NFKC, no blanks, unified brackets
    s = unicodedata.normalize("NFKC", name).replace(" ", "")
    return s.replace("（", "(").replace("）", ")")


def test_seed_titles_survive_normalisation(seeds_dir: Path) -> None:
    gold_path = seeds_dir.parent / "gold" / "seeds.json"
    if not gold_path.exists():
        pytest.skip(f"gold file not found at {gold_path}")
    gold = {entry["doc"]: entry["meta"] for entry in json.loads(gold_path.read_text(encoding="utf-8"))}
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = read_document(path)
        n = normalize(doc.text)
        _assert_map_is_consistent(n, doc.text)
        assert "  " not in n.text and "\n\n" not in n.text
        title = gold.get(path.name, {}).get("title")
        if title:
            assert _norm_name(title) in _norm_name(n.text), (path.name, title)
        # every normalised character maps to a source character it came from (same, converted or re-formed)
        for i in range(0, len(n.text), 97):
            a, b = n.to_original(i, i + 1)
            assert b - a >= 1


@pytest.mark.parametrize("original,expected", [
    ("華為昇騰人工智慧產業(yè)生態與創新中心", "华为昇腾人工智能产业生态与创新中心"),  # Traditional: tw2sp path
    ("旭昇科技在合肥建設的研發中心", "旭昇科技在合肥建设的研发中心"),  # mixed: t2s path
])
def test_keep_list_characters_survive_conversion(original: str, expected: str) -> None:
    n = normalize(original)
    assert n.text == expected
    _assert_map_is_consistent(n, original)


def test_keep_list_characters_do_not_make_a_simplified_text_traditional() -> None:
    text = "昇思框架、昇腾芯片和昇腾服务器支持数据共享。"
    assert detect_script(text) == "simplified"
    assert normalize(text).text == text  # no tw2sp vocabulary rewrite of a Simplified text


# --- table rows ----------------------------------------------------------------------------------------------
# Invented plans: rows of " | " tables must stay one line each and their bars become tab cell separators.

BAR_TABLE = """各项任务分工如下：
序号 | 重点工作 | 牵头单位 | 配合单位
1 | 数据要素流通工程 | 县数据局 | 县财政局、县商务局
2 | 智能制造升级工程 | 县工信局 | 县科技局
三、保障措施
"""


def test_bar_table_rows_stay_separate_lines_with_tab_cells() -> None:
    n = normalize(BAR_TABLE)
    lines = n.text.split("\n")
    assert "序号\t重点工作\t牵头单位\t配合单位" in lines
    assert "1\t数据要素流通工程\t县数据局\t县财政局、县商务局" in lines
    assert "2\t智能制造升级工程\t县工信局\t县科技局" in lines
    assert "县财政局、县商务局2" not in n.text  # rows are not glued into one paragraph
    assert _span(n, BAR_TABLE, "县数据局\t县财政局") == "县数据局 | 县财政局"
    _assert_map_is_consistent(n, BAR_TABLE)


def test_full_width_bar_cells_and_a_long_row_are_not_joined_to_the_next_row() -> None:
    text = ("1｜算力基础设施提升行动，建设公共算力服务平台，面向中小企业提供普惠算力服务｜区发改局\n"
            "2｜场景开放行动｜区工信局\n")
    n = normalize(text)
    assert n.text.split("\n") == [
        "1\t算力基础设施提升行动，建设公共算力服务平台，面向中小企业提供普惠算力服务\t区发改局",
        "2\t场景开放行动\t区工信局",
    ]
    _assert_map_is_consistent(n, text)


# ------------------------------------------------------------------------------------------- round 3 rules


def test_traditional_keeps_mainland_zhihui_but_maps_ai() -> None:
    # mainland text writes 智慧物流 / 智慧医疗 and keeps company names; only the Taiwan terms map
    src = "臺中智慧物流公司推動人工智慧與智慧醫療,保護智慧財產權,推廣智慧型手機。"
    n = normalize(src)
    assert n.text == "台中智慧物流公司推动人工智能与智慧医疗，保护知识产权，推广智能型手机。"
    assert _span(n, src, "人工智能") == "人工智慧"
    _assert_map_is_consistent(n, src)


def test_traditional_company_name_with_zhihui_survives() -> None:
    n = normalize("新竹雲峰智慧科技有限公司（以下簡稱「雲峰智慧」）開發智慧交通系統。")
    assert "新竹云峰智慧科技有限公司" in n.text
    assert "智慧交通" in n.text and "智能" not in n.text


def test_wide_gap_between_names_on_a_signature_line_becomes_a_tab() -> None:
    src = "某省商务厅\u3000\u3000\u3000\u3000某省财政厅\n某省统计局  某省税务局\n2024年3月1日"
    n = normalize(src)
    assert n.text.split("\n")[:2] == ["某省商务厅\t某省财政厅", "某省统计局\t某省税务局"]
    _assert_map_is_consistent(n, src)


def test_letter_spaced_words_and_single_gaps_still_merge() -> None:
    assert normalize("前  言").text == "前言"  # one character each side: letter spacing, not two names
    assert normalize("理事长：王  伟").text == "理事长：王伟"
    assert normalize("江苏省 2023 年度 工作总结").text == "江苏省2023年度工作总结"
