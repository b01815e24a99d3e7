from __future__ import annotations

import pytest

from loaders.lang import Region, regions


@pytest.fixture(scope="module")
def table():  # type: ignore[no-untyped-def]
    return regions()


def test_find_full_and_short_names(table) -> None:  # type: ignore[no-untyped-def]
    suzhou = table.find("苏州")
    assert suzhou is not None and suzhou.name == "苏州市" and suzhou.level == "city"
    assert suzhou.province == "江苏省" and suzhou.city == "苏州市" and suzhou.adcode == "320500000000"
    assert table.find("苏州市") == suzhou
    jiangsu = table.find("江苏")
    assert jiangsu is not None and jiangsu.name == "江苏省" and jiangsu.level == "province" and jiangsu.city == ""
    assert table.find("广西").name == "广西壮族自治区"
    assert table.find("内蒙古").name == "内蒙古自治区"
    assert table.find("延边").name == "延边朝鲜族自治州"
    assert table.find("不存在的地方") is None


def test_municipality_is_province_and_city(table) -> None:  # type: ignore[no-untyped-def]
    beijing = table.find("北京")
    assert beijing is not None and beijing.name == "北京市"
    assert beijing.level == "province" and beijing.province == "北京市" and beijing.city == "北京市"
    dongcheng = table.find("东城区", within=beijing)
    assert dongcheng is not None and dongcheng.city == "北京市" and dongcheng.level == "district"
    assert table.parent(dongcheng) == beijing
    assert dongcheng in table.children(beijing)
    assert table.capital(beijing) == beijing


def test_county_level_city_is_district(table) -> None:  # type: ignore[no-untyped-def]
    kunshan = table.find("昆山")
    assert kunshan is not None and kunshan.name == "昆山市" and kunshan.level == "district"
    assert kunshan.city == "苏州市" and kunshan.province == "江苏省"
    assert table.parent(kunshan) == table.find("苏州市")
    assert table.parent(table.find("苏州市")) == table.find("江苏省")
    assert table.parent(table.find("江苏省")) is None


def test_children(table) -> None:  # type: ignore[no-untyped-def]
    jiangsu = table.find("江苏省")
    cities = table.children(jiangsu)
    assert {c.level for c in cities} == {"city"}
    assert {"南京市", "苏州市", "无锡市"} <= {c.name for c in cities}
    assert len(cities) == 13
    districts = {d.name for d in table.children(table.find("苏州市"))}
    assert {"昆山市", "吴江区", "苏州工业园区"} <= districts
    assert table.children(table.find("昆山市")) == []


def test_ambiguous_names(table) -> None:  # type: ignore[no-untyped-def]
    # 吉林 is a province and a city: the higher level wins.
    assert table.find("吉林").level == "province"
    # 朝阳区 exists in 北京 and 长春: ambiguous without a region to look in.
    assert len(table.find_all("朝阳区")) >= 2
    assert table.find("朝阳区") is None
    assert table.find("朝阳区", within=table.find("北京")).city == "北京市"


@pytest.mark.parametrize(
    ("province", "capital"),
    [("江苏省", "南京市"), ("河南", "郑州市"), ("广东省", "广州市"), ("新疆", "乌鲁木齐市"), ("浙江", "杭州市")],
)
def test_capital(table, province: str, capital: str) -> None:  # type: ignore[no-untyped-def]
    assert table.capital(province).name == capital


def test_capital_of_every_province_is_its_child(table) -> None:  # type: ignore[no-untyped-def]
    for prov in (r for r in table.all() if r.level == "province"):
        cap = table.capital(prov)
        if prov.name in ("台湾省", "香港特别行政区", "澳门特别行政区"):
            continue
        assert cap is not None, prov.name
        assert cap.province == prov.name
    assert table.capital(table.find("苏州市")) is None


def _mentions(table, text: str, **kw) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(m.text, m.region.name) for m in table.scan(text, **kw)]


def test_scan_basic_offsets(table) -> None:  # type: ignore[no-untyped-def]
    text = "江苏省苏州市与浙江杭州开展合作，昆山市和吴江区参与。"
    found = table.scan(text)
    assert [(m.text, m.region.name) for m in found] == [
        ("江苏省", "江苏省"),
        ("苏州市", "苏州市"),
        ("浙江", "浙江省"),
        ("杭州", "杭州市"),
        ("昆山市", "昆山市"),
        ("吴江区", "吴江区"),
    ]
    for m in found:
        assert text[m.start : m.end] == m.text


def test_scan_avoids_hits_inside_words(table) -> None:  # type: ignore[no-untyped-def]
    # 新平 (a county in 云南), 大理 and 长白 are short names hidden inside ordinary words.
    text = "苏州加快建设创新平台，在关键领域取得重大理论突破，推动长白山旅游合作。"
    assert _mentions(table, text) == [("苏州", "苏州市")]
    # One-character short names never match, stop-listed words never do.
    assert _mentions(table, "资源共享，合作共赢") == []


def test_scan_district_short_names_need_their_region(table) -> None:  # type: ignore[no-untyped-def]
    assert ("如皋", "如皋市") in _mentions(table, "江苏企业走进如皋软件园")
    assert ("如皋", "如皋市") not in _mentions(table, "企业走进如皋软件园")
    assert ("如皋", "如皋市") in _mentions(table, "企业走进如皋软件园", within=table.find("江苏省"))


def test_scan_special_areas(table) -> None:  # type: ignore[no-untyped-def]
    found = table.scan("支持苏州高新区和苏州工业园区发展，南京市江北新区建设计算中心。")
    by_text = {m.text: m.region for m in found}
    assert by_text["苏州高新区"].level == "district" and by_text["苏州高新区"].city == "苏州市"
    assert by_text["苏州高新区"].adcode == ""
    assert by_text["苏州工业园区"].adcode == "320576000000"  # in the table itself
    assert by_text["江北新区"].city == "南京市" and by_text["江北新区"].province == "江苏省"
    # 高新区 on its own is no region mention.
    assert all(m.text != "高新区" for m in table.scan("高新区管委会"))


def test_region_is_hashable_and_frozen(table) -> None:  # type: ignore[no-untyped-def]
    r = table.find("苏州")
    assert {r: 1}[table.find("苏州市")] == 1
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises its ValidationError for frozen models
        r.name = "x"  # type: ignore[misc]
    assert isinstance(r, Region)


def test_short_name_glued_to_a_brand_word_is_no_place(table) -> None:  # type: ignore[no-untyped-def]
    # 阿里 (阿里地区, Tibet) and 那曲 are short names; followed by 云 / 集团 they start a company name.
    assert _mentions(table, "由东海大学、阿里云端数据有限公司等单位共同发起") == []
    assert _mentions(table, "那曲集团与宁波企业签约") == [("宁波", "宁波市")]


def test_glued_short_name_stays_a_place_when_named_elsewhere_or_home(table) -> None:  # type: ignore[no-untyped-def]
    assert ("宁波", "宁波市") in _mentions(table, "宁波集团在宁波建设基地")  # the text names the place itself
    assert _mentions(table, "宁波集团建设基地", within=table.find("宁波市")) == [("宁波", "宁波市")]
    assert ("如皋", "如皋市") in _mentions(table, "江苏企业走进如皋软件园")  # 软件园 is a place named after it


# --- special areas with a brand word, known new areas (invented sentences) ------------------------------------


def _areas(table, text: str, within: Region | None = None) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(m.text, m.region.city) for m in table.scan(text, within=within) if m.region.level == "district"]


def test_area_with_a_brand_word_between_region_and_suffix(table) -> None:  # type: ignore[no-untyped-def]
    assert _areas(table, "武汉东湖高新区聚焦光电子信息产业。") == [("武汉东湖高新区", "武汉市")]
    assert _areas(table, "支持无锡太湖科学城建设算力中心。") == [("无锡太湖科学城", "无锡市")]
    assert _areas(table, "合肥滨湖试验区启动建设。") == [("合肥滨湖试验区", "合肥市")]


def test_brand_word_that_is_a_region_or_a_phrase_is_no_brand(table) -> None:  # type: ignore[no-untyped-def]
    # 江宁 is a district of its own: the area is 江宁开发区, not 南京市江宁开发区
    got = _areas(table, "南京市江宁开发区新增企业。")
    assert got == [("江宁开发区", "南京市")]
    assert _areas(table, "杭州的开发区很多。") == []  # 的 is no part of a brand word


def test_national_new_areas_without_a_region_prefix(table) -> None:  # type: ignore[no-untyped-def]
    assert _areas(table, "企业在西咸新区建设数据中心。") == [("西咸新区", "西安市")]
    assert _areas(table, "天府新区重点发展人工智能。") == [("天府新区", "成都市")]
    region = table.find("湘江新区")
    assert region is not None and region.province == "湖南省" and region.adcode == ""


# ------------------------------------------------------------------------------------------- institutions


def test_city_short_name_opening_an_institution_is_no_place_mention() -> None:
    t = regions()
    home = t.find("绵阳市")
    found = [(m.text, m.region.name) for m in t.scan("依托西南科技大学、宜宾职业技术学院等高校开设课程", home)]
    assert ("宜宾", "宜宾市") not in found


def test_city_named_elsewhere_still_counts_next_to_its_institution() -> None:
    t = regions()
    found = {m.region.name for m in t.scan("宜宾职业技术学院与宜宾市政府签约", t.find("绵阳市"))}
    assert "宜宾市" in found


def test_an_area_after_a_short_name_is_still_a_place() -> None:
    t = regions()
    found = {m.text for m in t.scan("宜宾高新区建设智能终端产业园", t.find("绵阳市"))}
    assert "宜宾高新区" in found


def test_institution_region_tells_where_an_institution_is() -> None:
    t = regions()
    got = t.institution_region("宜宾职业技术学院")
    assert got is not None and got.name == "宜宾市"
    assert t.institution_region("星河语音科技有限公司") is None
    assert t.institution_region("宜宾") is None
