"""Stage 4: LAC-backed mentions, suffix names bounded on the left, lexicons, enumerations."""

from __future__ import annotations

from graph.model import Label
from loaders.lang import regions
from loaders.mentions import find_mentions
from loaders.segment import segment
from loaders.structure import DocMeta, DocStructure


def _mentions(text: str, city: str = "") -> dict[str, str]:
    within = regions().find(city) if city else None
    ms = find_mentions(segment(text), DocStructure(meta=DocMeta()), within)
    return {m.text: m.rule for m in ms.mentions}


def test_suffix_name_is_bounded_on_the_left_by_verbs() -> None:
    found = _mentions("支持星河智联科技有限公司加快建设语音交互开放创新平台。")
    assert "星河智联科技有限公司" in found
    assert not any(name.startswith("支持") for name in found)


def test_agency_split_by_lac_is_merged_back() -> None:
    found = _mentions("合肥市工业和信息化局牵头负责。")
    assert "合肥市工业和信息化局" in found


def test_agency_short_forms_with_level_prefix() -> None:
    found = _mentions("（责任单位：市工信局、市发改委、市委人才办）")
    for short in ("市工信局", "市发改委", "市委人才办"):
        assert found.get(short) == "abbrev"


def test_enumerated_enterprises_are_mentions() -> None:
    text = "构建了以星河智联、云帆数据、青岚科技等为代表的企业矩阵。"
    ms = find_mentions(segment(text), DocStructure(meta=DocMeta()), None)
    listed = {m.text for m in ms.mentions if m.rule == "enum"}
    assert {"星河智联", "云帆数据", "青岚科技"} <= listed
    assert all(m.hint is Label.ENTERPRISE for m in ms.mentions if m.rule == "enum")


def test_place_inside_an_organisation_name_is_not_a_place_mention() -> None:
    ms = find_mentions(segment("推动成都大学建设人工智能专业。"), DocStructure(meta=DocMeta()), None)
    assert not [m for m in ms.mentions if m.kind == "region" and m.text == "成都"]


def test_bare_area_name_takes_the_documents_city() -> None:
    text = segment("高新区在智能终端等领域加快发展。")
    ms = find_mentions(text, DocStructure(meta=DocMeta()), regions().find("成都市"))
    area = [m for m in ms.mentions if m.kind == "region"]
    assert area and area[0].region is not None and area[0].region.name == "成都高新区"


def test_glued_names_are_split() -> None:
    found = _mentions("支持西大杭州校区北理杭州校区加大人才培养力度。")
    assert "西大杭州校区" in found and "北理杭州校区" in found


def test_lac_glued_organisations_are_cut_at_the_verb() -> None:
    found = _mentions("支持武汉大学建设遥感智能国家重点实验室，市大数据中心联合华为技术有限公司共建实验室。")
    assert "武汉大学" in found
    assert "华为技术有限公司" in found
    assert not any("联合" in name or "建设" in name for name in found)


def test_list_after_a_support_verb_ending_in_a_verb_names_every_actor() -> None:
    found = _mentions("支持云岭智造、星途物流在滇中新区开展无人配送试点。")
    assert found.get("云岭智造") == "enum" and found.get("星途物流") == "enum"
    found = _mentions("鼓励蓝湾微电、青松数科、万象智联开发行业大模型。")
    assert {"蓝湾微电", "青松数科", "万象智联"} <= set(found)


def test_no_actor_list_from_fields_or_group_words() -> None:
    found = _mentions("支持企业、高校开展联合攻关。支持人工智能、智能芯片在制造业深度应用。")
    assert not any(rule == "enum" for rule in found.values())
    found = _mentions("支持南沙区、黄埔区开展自动驾驶示范。")
    assert not any(rule == "enum" for rule in found.values())


def test_short_form_after_a_full_city_name_is_one_agency_mention() -> None:
    found = _mentions("漳州市科协党组书记出席。泉州市工信局牵头。")
    assert found.get("漳州市科协") == "abbrev"
    assert found.get("泉州市工信局") == "abbrev"
    assert "漳州市科协党组" not in found
