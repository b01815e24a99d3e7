"""Stage 5: one label per mention with its reason; fragments and generic phrases rejected."""

from __future__ import annotations

from graph.model import Label
from loaders.lang import regions
from loaders.mentions import find_mentions, type_mentions
from loaders.segment import segment
from loaders.structure import DocMeta, DocStructure


def _types(text: str, city: str = "") -> dict[str, Label]:
    within = regions().find(city) if city else None
    ms = find_mentions(segment(text), DocStructure(meta=DocMeta()), within)
    return {t.name: t.label for t in type_mentions(ms)}


def test_suffix_rules_give_labels() -> None:
    got = _types(
        "会议由杭州市数据资源管理局主办，浙江省机器智能学会、西湖数智研究院、杭州云帆科技有限公司参加。"
        "推动杭州城市大脑创新中心建成运营。"
    )
    assert got.get("杭州市数据资源管理局") is Label.AGENCY
    assert got.get("浙江省机器智能学会") is Label.ALLIANCE
    assert got.get("杭州云帆科技有限公司") is Label.ENTERPRISE
    assert got.get("杭州城市大脑创新中心") is Label.PLATFORM


def test_generic_phrases_are_rejected() -> None:
    got = _types("鼓励龙头企业、高校和科研院所建设公共服务平台，支持人工智能产业协会发挥作用。")
    for generic in ("龙头企业", "高校", "科研院所", "公共服务平台", "人工智能产业协会"):
        assert generic not in got


def test_platform_needs_a_proper_name() -> None:
    got = _types("加快建设数字公共服务平台和杭州人工智能计算中心。", "杭州市")
    assert "数字公共服务平台" not in got
    assert got.get("杭州人工智能计算中心") is Label.PLATFORM


def test_platform_built_by_a_named_company_is_kept() -> None:
    got = _types("支持云帆数据科技有限公司加快建设认知计算国家重点实验室。")
    assert got.get("认知计算国家重点实验室") is Label.PLATFORM


def test_people_next_to_titles_and_not_fragments() -> None:
    got = _types("市经信局副局长李明出席并讲话，王强院士作报告。")
    assert got.get("李明") is Label.PERSON
    assert got.get("王强") is Label.PERSON


def test_every_typed_mention_has_a_reason() -> None:
    ms = find_mentions(segment("支持云帆科技有限公司发展。"), DocStructure(meta=DocMeta()), None)
    typed = type_mentions(ms)
    assert typed and all(t.reason for t in typed)


def test_listed_branches_name_their_company() -> None:
    got = _types("光谷聚集了星河武汉总部、云帆华中总部、青岚数据等重点企业。", "武汉市")
    assert got.get("星河") is Label.ENTERPRISE
    assert got.get("云帆") is Label.ENTERPRISE
    assert got.get("青岚数据") is Label.ENTERPRISE
    assert not any(name.endswith("总部") for name in got)


def test_bare_organisation_names_in_an_actor_place_are_enterprises() -> None:
    got = _types("用好由浑南区与联想共同建设的沈阳智能计算中心。东软在浑南区建设的东软智能医疗创新中心向企业开放。")
    assert got.get("联想") is Label.ENTERPRISE
    assert got.get("东软") is Label.ENTERPRISE
    assert got.get("东软智能医疗创新中心") is Label.PLATFORM  # not 东软智能医疗创新中心向企业
    assert not any("向" in name for name in got)


def test_a_builder_glued_to_the_platform_is_cut_off() -> None:
    got = _types("支持东北大学建设智能医学影像全国重点实验室，由东软建设辽宁智能医疗创新中心。")
    assert not any(name.startswith(("东北大学建设", "东软建设")) for name in got)
    assert got.get("东北大学") is Label.INSTITUTION


def test_a_joint_lab_after_a_signed_agreement_is_a_platform() -> None:
    got = _types("北方重工集团有限公司与东北大学签署战略合作协议，共同建设矿山装备智能控制联合实验室。")
    assert got.get("矿山装备智能控制联合实验室") is Label.PLATFORM
    assert "北方重工集团有限公司与东北大学" not in got


def test_named_events_need_an_ordinal_a_place_or_a_host() -> None:
    found = _types("协会主办第四届苏州国际智能制造展。全省数字经济发展推进会在南昌召开。推动会展经济高质量发展。")
    assert found.get("苏州国际智能制造展") is Label.EVENT
    assert found.get("全省数字经济发展推进会") is Label.EVENT
    assert not any(label is Label.EVENT for name, label in found.items() if "发展" == name[-2:])


def test_platform_suffixes_cut_in_two_by_lac() -> None:
    found = _types("江西赣江智能网联汽车测试区投入使用。鹏飞实验室联合南昌大学共建江西人工智能开源社区。")
    assert found.get("江西赣江智能网联汽车测试区") is Label.PLATFORM
    assert found.get("江西人工智能开源社区") is Label.PLATFORM


def test_society_read_as_a_verb_still_ends_a_name() -> None:
    found = _types("协会与澳门人工智能与机器人学会签署合作备忘录。")
    assert found.get("澳门人工智能与机器人学会") is Label.ALLIANCE


def test_an_academy_institute_is_one_institution() -> None:
    found = _types("中国科学院长春光学精密机械与物理研究所在光电领域形成优势。"
                   "依托吉林大学、中国科学院长春应用化学研究所等院所。")
    assert found.get("中国科学院长春光学精密机械与物理研究所") is Label.INSTITUTION
    assert found.get("中国科学院长春应用化学研究所") is Label.INSTITUTION
    assert "中国科学院" not in found


def test_a_university_campus_in_another_city_is_kept() -> None:
    found = _types("组织会员赴北京师范大学（珠海）、暨南大学开展对接。")
    assert found.get("北京师范大学(珠海)") is Label.INSTITUTION
    assert "北京师范大学" not in found


def test_name_starts_lac_misread_are_kept() -> None:
    found = _types("江西省科学技术厅支持建设的赣创原人工智能产业创新聚集区已入驻企业80余家。")
    assert found.get("赣创原人工智能产业创新聚集区") is Label.PLATFORM
    assert not any(label is Label.PERSON for label in found.values())


def test_a_verb_read_as_org_does_not_join_a_level_short_form() -> None:
    got = _types("各部门每月报送进展，由牵头部门汇总后报市政府审定。", "杭州市")
    assert not any(name.startswith(("后报", "汇总")) for name in got)
    got = _types("材料经审核后报省政府备案，开发区管委会按职责落实。", "杭州市")
    assert not any(name.startswith("后报") for name in got)


def test_a_task_force_office_alone_is_no_agency() -> None:
    got = _types("工作专班办公室设在市科技局，专班办公室负责日常调度。", "杭州市")
    assert not any("专班" in name for name in got)


def test_a_dash_between_two_places_stays_inside_a_company_name() -> None:
    got = _types("中国—东盟星链数据股份有限公司联合青松科技有限公司建设跨境数据中心。", "南宁市")
    assert got.get("中国—东盟星链数据股份有限公司") is Label.ENTERPRISE
    assert "东盟星链数据股份有限公司" not in got


def test_a_sector_field_after_a_focus_verb_is_no_company() -> None:
    got = _types("高新区聚焦金融科技、智慧商务，经开区重点发展医疗科技。", "杭州市")
    assert "金融科技" not in got
    assert "医疗科技" not in got


def test_a_data_centre_cluster_with_a_place_is_a_platform_but_not_before_a_noun() -> None:
    got = _types("以平凉数据中心集群为依托，加快算力网络建设。", "兰州市")
    assert got.get("平凉数据中心集群") is Label.PLATFORM
    got = _types("依托西部国家枢纽节点数据中心集群建设，提升算力规模。", "兰州市")
    assert not any(name.endswith("集群") for name in got)


def test_a_bracketed_new_area_stays_inside_a_platform_name() -> None:
    got = _types("双方将共建星海（兰州新区）人工智能创新中心，服务化工企业。", "兰州市")
    assert got.get("星海(兰州新区)人工智能创新中心") is Label.PLATFORM
