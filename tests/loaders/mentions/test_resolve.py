"""Stage 6: canonical names, relative names in the document's region, short forms, aliases."""

from __future__ import annotations

from graph.model import Label, entity_id
from loaders.mentions import Mention, RegionContext, TypedMention, canonical, find_mentions, resolve, type_mentions
from loaders.segment import segment
from loaders.structure import DocMeta, DocStructure


def _resolved(text: str, province: str, city: str):  # type: ignore[no-untyped-def]
    ctx = RegionContext.from_meta(province, city)
    ms = find_mentions(segment(text), DocStructure(meta=DocMeta()), ctx.city or ctx.province)
    return resolve(type_mentions(ms), ctx, text)


def test_relative_agency_names_follow_the_document_region() -> None:
    hefei = RegionContext.from_meta("安徽省", "合肥市")
    chengdu = RegionContext.from_meta("四川省", "成都市")
    assert canonical("市工信局", Label.AGENCY, hefei) == "合肥市工业和信息化局"
    assert canonical("市工信局", Label.AGENCY, chengdu) == "成都市工业和信息化局"
    assert canonical("省科技厅", Label.AGENCY, chengdu) == "四川省科学技术厅"
    assert canonical("市委人才办", Label.AGENCY, hefei) == "中共合肥市委人才工作领导小组办公室"
    assert canonical("省委", Label.AGENCY, chengdu) == "中共四川省委"


def test_national_and_place_bound_short_forms() -> None:
    ctx = RegionContext.from_meta("浙江省", "杭州市")
    assert canonical("工信部", Label.AGENCY, ctx) == "工业和信息化部"
    assert canonical("国家网信办", Label.AGENCY, ctx) == "国家互联网信息办公室"
    assert canonical("杭州银保监分局", Label.AGENCY, ctx) == "中国银行保险监督管理委员会杭州监管分局"
    assert canonical("人行杭州中支", Label.AGENCY, ctx) == "中国人民银行杭州中心支行"


def test_same_short_name_in_two_regions_gives_two_entities() -> None:
    a = _resolved("（责任单位：市工信局）", "安徽省", "合肥市")
    b = _resolved("（责任单位：市工信局）", "四川省", "成都市")
    assert entity_id(Label.AGENCY, "合肥市工业和信息化局") in a.entities
    assert entity_id(Label.AGENCY, "成都市工业和信息化局") in b.entities
    ent = a.entities[entity_id(Label.AGENCY, "合肥市工业和信息化局")]
    assert "市工信局" in ent.aliases


def test_short_form_declared_in_the_text_becomes_an_alias() -> None:
    res = _resolved("成都市智能产业联盟（以下简称“联盟”）今日成立。", "四川省", "成都市")
    ent = res.entities[entity_id(Label.ALLIANCE, "成都市智能产业联盟")]
    assert "联盟" in ent.aliases


def test_platform_names_lose_quotes_and_backing_ministry() -> None:
    ctx = RegionContext.from_meta("浙江省", "杭州市")
    assert canonical("科技部“视觉计算”人工智能开放创新平台", Label.PLATFORM, ctx) == "视觉计算人工智能开放创新平台"


def test_group_short_name_drops_its_city() -> None:
    res = _resolved("走进绍兴越秀集团、温州瓯江集团开展对接。", "浙江省", "杭州市")
    ent = res.entities.get(entity_id(Label.ENTERPRISE, "越秀集团"))
    assert ent is not None and "绍兴越秀集团" in ent.aliases and ent.props.get("city") == "绍兴市"


def test_municipal_short_forms() -> None:
    ctx = RegionContext.from_meta("上海市", "上海市")
    assert canonical("市经济信息化委", Label.AGENCY, ctx) == "上海市经济和信息化委员会"
    assert canonical("市发展改革委", Label.AGENCY, ctx) == "上海市发展和改革委员会"
    assert canonical("市科委", Label.AGENCY, ctx) == "上海市科学技术委员会"


def test_short_forms_that_repeat_a_word_of_the_full_name() -> None:
    nanchang = RegionContext.from_meta("江西省", "南昌市")
    assert canonical("市地方金融监管局", Label.AGENCY, nanchang) == "南昌市地方金融监督管理局"
    assert canonical("市市场监管局", Label.AGENCY, nanchang) == "南昌市市场监督管理局"
    assert canonical("市数据资源局", Label.AGENCY, nanchang) == "南昌市数据资源局"


def test_central_bank_branch_in_a_capital_and_elsewhere() -> None:
    ctx = RegionContext.from_meta("江西省", "南昌市")
    assert canonical("人行南昌中支", Label.AGENCY, ctx) == "中国人民银行南昌中心支行"
    assert canonical("人行赣州中支", Label.AGENCY, ctx) == "中国人民银行赣州市中心支行"


def test_bracketed_second_sign_joins_the_office() -> None:
    res = _resolved("南昌市大数据应用发展管理局（市大数据发展局）负责推进。", "江西省", "南昌市")
    agencies = [e for e in res.entities.values() if e.type is Label.AGENCY]
    assert len(agencies) == 1 and agencies[0].name == "南昌市大数据应用发展管理局"
    assert "市大数据发展局" in agencies[0].aliases



def test_district_document_resolves_district_relative_agencies() -> None:
    ctx = RegionContext.from_meta("浙江省", "杭州市", "西湖区")
    assert canonical("区科技局", Label.AGENCY, ctx) == "西湖区科学技术局"
    assert canonical("区财政局", Label.AGENCY, ctx) == "西湖区财政局"
    assert canonical("区委宣传部", Label.AGENCY, ctx) == "中共西湖区委宣传部"
    assert canonical("市工信局", Label.AGENCY, ctx) == "杭州市工业和信息化局"  # the city stays the city
    city_doc = RegionContext.from_meta("浙江省", "杭州市")
    assert canonical("区科技局", Label.AGENCY, city_doc) == "区科学技术局"  # no district: nothing to pin it to
    assert canonical("区块链服务平台", Label.PLATFORM, ctx) == "区块链服务平台"


def test_each_city_bureau_of_a_provincial_document_belongs_to_the_province() -> None:
    units = ["各设区市工业和信息化局", "各地市人民政府", "各街道办事处"]
    typed = [TypedMention(mention=Mention(text=u, start=i * 20, end=i * 20 + len(u), sentence=0, kind="unit",
                                          rule="unit"), label=Label.AGENCY, name=u, reason="unit")
             for i, u in enumerate(units)]
    names = {e.name for e in resolve(typed, RegionContext.from_meta("湖南省", "长沙市")).entities.values()}
    assert {"湖南省各设区市工业和信息化局", "湖南省各地市人民政府", "长沙市各街道办事处"} <= names
    assert "长沙市各设区市工业和信息化局" not in names


def test_province_short_financial_regulator_is_the_national_office() -> None:
    ctx = RegionContext.from_meta("湖南省", "长沙市")
    assert canonical("湖南金融监管局", Label.AGENCY, ctx) == "国家金融监督管理总局湖南监管局"
    assert canonical("省地方金融监管局", Label.AGENCY, ctx) == "湖南省地方金融监督管理局"
    assert canonical("市地方金融监管局", Label.AGENCY, ctx) == "长沙市地方金融监督管理局"
