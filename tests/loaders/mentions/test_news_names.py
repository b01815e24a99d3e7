"""Names in one-sentence news items (issue 13), sentences of our own: people beside role nouns and transcribed
names, kinds of organisation the tables used to miss, boundaries, and Simplified names never rewritten."""

from __future__ import annotations

import pytest

from graph.model import Document
from loaders.normalize import normalize
from loaders.pipeline import extract_text


def _names(sentence: str) -> dict[str, str]:
    ex = extract_text(normalize(sentence).text, Document(id="doc:n", path="n.txt"))
    return {e.name: e.type.value for e in ex.entities}


@pytest.mark.parametrize(("sentence", "people"), [
    ("记者林晓雯从市金融办获悉，本月普惠贷款明显增长。", {"林晓雯"}),
    ("总裁助理邵明华和主持人许佳琪一同出席了发布会。", {"邵明华", "许佳琪"}),
    ("本片由陈卫东导演执导，宋雅琴老师担任艺术指导。", {"陈卫东", "宋雅琴"}),
    ("丹尼斯·霍珀与玛丽·安妮·史密斯出席首映式。", {"丹尼斯·霍珀", "玛丽·安妮·史密斯"}),
])
def test_people_beside_role_nouns_and_transcribed_names(sentence: str, people: set[str]) -> None:
    found = _names(sentence)
    assert {p for p in people if found.get(p) == "Person"} == people


@pytest.mark.parametrize(("sentence", "expected"), [
    ("光大银行与东亚银行加强跨境结算合作。", {"光大银行": "Enterprise", "东亚银行": "Enterprise"}),
    ("农行和工行分别下调了贷款利率。", {"中国农业银行": "Enterprise", "中国工商银行": "Enterprise"}),
    ("华泰证券与中国平安保险签署战略合作协议。", {"华泰证券": "Enterprise", "中国平安保险": "Enterprise"}),
    ("最高人民检察院与公安部联合召开新闻发布会。", {"最高人民检察院": "Agency", "公安部": "Agency"}),
    ("城南派出所民警迅速赶到现场。", {"城南派出所": "Agency"}),
    ("北京市住房和城乡建设委发布通知。", {"北京市住房和城乡建设委": "Agency"}),
    ("美国教育部和美国财政部联合发布报告。", {"美国教育部": "Agency", "美国财政部": "Agency"}),
    ("当天，中国人民银行宣布下调存款准备金率。", {"中国人民银行": "Agency"}),
])
def test_kinds_of_organisation(sentence: str, expected: dict[str, str]) -> None:
    found = _names(sentence)
    assert {n: found.get(n) for n in expected} == expected


@pytest.mark.parametrize(("sentence", "name"), [
    ("对此，中国建设银行相关负责人表示将加快数字化转型。", "中国建设银行"),
    ("按照原定计划，花旗集团将于下月公布季度业绩。", "花旗集团"),
    ("注册管理部门虹口区教育局已受理申请。", "虹口区教育局"),
    ("我局会同市科技局开展了专项调研。", "市科学技术局"),
    ("本局会同区教育局完成了年度评估。", "区教育局"),
])
def test_an_opening_clause_or_a_generic_noun_stays_out_of_the_name(sentence: str, name: str) -> None:
    found = _names(sentence)
    assert name in found
    assert not any(n != name and n.endswith(name) for n in found)


@pytest.mark.parametrize(("sentence", "unit"), [
    ("国家新闻出版署科技与数字出版司近日印发工作要点。", "国家新闻出版署科技与数字出版司"),
    ("工业和信息化部规划与产业司组织专家开展评审。", "工业和信息化部规划与产业司"),
    ("海关总署综合业务司发布了新的申报指引。", "海关总署综合业务司"),
])
def test_a_department_stays_with_its_agency(sentence: str, unit: str) -> None:
    # Family 3: a ministry's department (X部Y司), its name holding a 与 or not, is one Agency name.
    found = _names(sentence)
    assert found.get(unit) == "Agency"
    assert not any(n != unit and unit.startswith(n) and found[n] == "Enterprise" for n in found)


def test_a_department_head_leads_the_department() -> None:
    text = normalize("工业和信息化部规划司副司长周晓峰介绍了有关情况。").text
    ex = extract_text(text, Document(id="d", path="d.txt"))
    leads = {(r.source, r.target, r.props.get("role")) for r in ex.relations if r.type.value == "LEADS"}
    assert ("Person:周晓峰", "Agency:工业和信息化部规划司", "副司长") in leads


def test_a_simplified_company_name_is_not_rewritten() -> None:
    assert "广州乾朗珠宝有限公司" in _names("广州乾朗珠宝有限公司与多家商场签署合作协议。")


def test_a_citys_province_is_a_place_not_a_mention() -> None:
    # Family 5: the text names the city only; its province places it (LOCATED_IN) but is no mention.
    text = "长春举办人工智能论坛\n\n11月3日，人工智能创新论坛在长春市举行，多所高校参加。\n"
    ex = extract_text(normalize(text).text, Document(id="doc:p", path="p.txt"))
    assert "吉林省" not in {e.name for e in ex.entities}
    assert [(p.type.value, p.name) for p in ex.places] == [("Province", "吉林省")]
    placed = {(r.source, r.target) for r in ex.relations if r.type.value == "LOCATED_IN"}
    assert ("City:长春市", "Province:吉林省") in placed


def test_a_province_the_text_names_stays_a_mention() -> None:
    text = "吉林省人工智能大会召开\n\n会上，吉林省科技厅介绍了长春市的算力中心建设情况。\n"
    ex = extract_text(normalize(text).text, Document(id="doc:q", path="q.txt"))
    assert not ex.places


def _leads(sentence: str) -> set[tuple[str, str]]:
    ex = extract_text(normalize(sentence).text, Document(id="doc:n", path="n.txt"))
    names = {e.id: e.name for e in ex.entities}
    return {(names[r.source], names[r.target]) for r in ex.relations if r.type.value == "LEADS"}


@pytest.mark.parametrize(("sentence", "leader", "organisation"), [
    # A board's chair leads the company: the board is not an organisation of its own.
    ("座谈会上，青松文旅集团有限公司董事局主席韩立明介绍了项目进展。", "韩立明", "青松文旅集团有限公司"),
    ("星河智能科技有限公司董事会董事长罗文清出席签约仪式。", "罗文清", "星河智能科技有限公司"),
    # A reporting clause before a roster line is not part of the organisation's name.
    ("会议宣布白沙市智能制造研究院院长唐宁担任联盟副理事长。", "唐宁", "白沙市智能制造研究院"),
])
def test_the_organisation_a_leader_is_written_with(sentence: str, leader: str, organisation: str) -> None:
    leads = _leads(sentence)
    assert (leader, organisation) in leads
    assert not any(org != organisation and organisation in org for _, org in leads)


def test_short_forms_in_a_list_share_the_level_it_opens_with() -> None:
    # 省教育厅、科技厅、国资委: the bare short forms are the province's, not the State Council's or nobody's.
    text = normalize("江西省人民政府办公厅：经综合省教育厅、科技厅、国资委等单位意见，现答复如下。"
                     "科技部专家也参加了论证。").text
    ex = extract_text(text, Document(id="d", path="d.txt"))
    agencies = {e.name for e in ex.entities if e.type.value == "Agency"}
    assert {"江西省教育厅", "江西省科学技术厅", "江西省国有资产监督管理委员会"} <= agencies
    assert "科学技术部" in agencies  # a short form outside the list keeps its own meaning
    assert not any(name.startswith("国务院") for name in agencies)
