"""Stage 7: relations with evidence sentence, span, rule and confidence, on small documents of our own."""

from __future__ import annotations

from graph.model import Document, Extraction, RelType
from loaders.pipeline import extract_text

PLAN = """杭州市智能产业发展行动计划

杭智办〔2024〕3号

发文单位:杭州市推进智能产业发展领导小组办公室

一、主要任务

（一）算力设施夯实行动

加快建设杭州人工智能计算中心。支持云帆数据加快建设“视觉计算”人工智能开放创新平台。加快建设星河科技（杭州）智能制造创新中心。推动滨江区在智能芯片、机器视觉等领域加快集聚。(责任单位:市经信局、市发改委,各区、县(市)人民政府)

（二）生态培育行动

在市经信局指导下,杭州市人工智能产业联盟成立。杭州人工智能计算中心与浙江大学达成大模型研发合作。由杭州市人工智能产业联盟主办的西湖智能论坛吸引了大批企业。(责任单位:市科技局)
"""

NEWS = """省人工智能学会召开理事会

2024年3月5日,浙江省机器智能学会召开理事会。浙江省经济和信息化厅副厅长李明出席会议,杭州云帆科技有限公司董事长张伟、浙江大学计算机学院院长王强参加会议。
"""


def _extract(text: str) -> Extraction:
    return extract_text(text, Document(id="doc:test", path="t.txt"))


def _facts(ex: Extraction, rtype: RelType) -> set[tuple[str, str]]:
    names = {e.id: e.name for e in [*ex.entities, *ex.places]}
    names[ex.doc.id] = "DOC"
    return {(names.get(r.source, r.source), names.get(r.target, r.target)) for r in ex.relations if r.type is rtype}


def test_every_relation_has_evidence_in_the_text() -> None:
    ex = _extract(PLAN)
    assert ex.relations
    for r in ex.relations:
        assert r.rule and 0 < r.confidence <= 1
        assert r.evidence and PLAN[r.span[0] : r.span[1]] == r.evidence


def test_responsible_units_resolve_in_the_plans_city() -> None:
    facts = _facts(_extract(PLAN), RelType.RESPONSIBLE_FOR)
    assert ("杭州市经济和信息化局", "算力设施夯实行动") in facts
    assert ("杭州市发展和改革委员会", "算力设施夯实行动") in facts
    assert ("杭州市科学技术局", "生态培育行动") in facts
    assert ("杭州市科学技术局", "算力设施夯实行动") not in facts


def test_builds_from_sentence_and_from_the_platform_name() -> None:
    facts = _facts(_extract(PLAN), RelType.BUILDS)
    assert ("云帆数据", "视觉计算人工智能开放创新平台") in facts
    assert any(src == "星河科技" and "智能制造创新中心" in dst for src, dst in facts)
    assert not any(dst == "杭州人工智能计算中心" for _, dst in facts)  # nobody named builds it


def test_supports_focus_located_cooperates_organizes() -> None:
    ex = _extract(PLAN)
    assert ("杭州市经济和信息化局", "杭州市人工智能产业联盟") in _facts(ex, RelType.SUPPORTS)
    assert ("滨江区", "机器视觉") in _facts(ex, RelType.FOCUSES_ON)
    located = _facts(ex, RelType.LOCATED_IN)
    assert ("滨江区", "杭州市") in located and ("杭州市", "浙江省") in located
    assert ("杭州人工智能计算中心", "杭州市") in located
    assert ("杭州人工智能计算中心", "浙江大学") in _facts(ex, RelType.COOPERATES_WITH)
    assert ("杭州市人工智能产业联盟", "西湖智能论坛") in _facts(ex, RelType.ORGANIZES)


def test_issued_by_points_from_the_document() -> None:
    ex = _extract(PLAN)
    issued = [r for r in ex.relations if r.type is RelType.ISSUED_BY]
    assert len(issued) == 1 and issued[0].source == ex.doc.id
    assert ex.doc.issuer == "杭州市推进智能产业发展领导小组办公室"


def test_leads_from_title_phrases() -> None:
    facts = {(s, t) for s, t in _facts(_extract(NEWS), RelType.LEADS)}
    assert ("李明", "浙江省经济和信息化厅") in facts
    assert ("张伟", "杭州云帆科技有限公司") in facts
    assert any(s == "王强" and t.startswith("浙江大学") for s, t in facts)
    assert not any(s == "李明" and t != "浙江省经济和信息化厅" for s, t in facts)


def test_focus_terms_after_a_focus_verb_use_the_domain_dictionary() -> None:
    ex = _extract("杭州人工智能计算中心聚焦语音识别和计算机视觉，服务全省企业。\n")
    facts = _facts(ex, RelType.FOCUSES_ON)
    assert ("杭州人工智能计算中心", "语音识别") in facts
    assert ("杭州人工智能计算中心", "计算机视觉") in facts


def test_works_for_and_member_of() -> None:
    ex = _extract(
        "西湖智能联盟召开大会。\n会上，杭州云帆科技有限公司当选为联盟副理事长单位。浙江大学王强教授作报告。\n"
    )
    assert ("杭州云帆科技有限公司", "西湖智能联盟") in _facts(ex, RelType.MEMBER_OF)
    roles = [r.props.get("role") for r in ex.relations if r.type is RelType.MEMBER_OF]
    assert roles == ["副理事长单位"]
    assert ("王强", "浙江大学") in _facts(ex, RelType.WORKS_FOR)
    assert ("王强", "浙江大学") not in _facts(ex, RelType.LEADS)


def test_focus_lists_give_every_subject_every_field_beyond_the_lexicon() -> None:
    ex = _extract("海曙区、江北区重点发展数字文旅和智能仓储，东港新区重点发展海洋装备智能化。\n")
    facts = _facts(ex, RelType.FOCUSES_ON)
    for district in ("海曙区", "江北区"):
        assert (district, "数字文旅") in facts and (district, "智能仓储") in facts
    assert ("东港新区", "海洋装备智能化") in facts  # second clause, area unknown to the region table
    assert not any(src == "海曙区" and dst == "海洋装备智能化" for src, dst in facts)


def test_focus_list_strips_the_tail_and_ignores_activities() -> None:
    ex = _extract("宁波市海曙区聚焦智能网联船舶、工业视觉等领域，组织开展技术交流和人才培训。\n")
    facts = _facts(ex, RelType.FOCUSES_ON)
    assert ("海曙区", "智能网联船舶") in facts and ("海曙区", "工业视觉") in facts
    assert not any("培训" in dst or "交流" in dst for _, dst in facts)
    assert not any(src == "宁波市" for src, _ in facts)  # 宁波市海曙区 names one place


def test_no_focus_for_the_object_of_a_verb() -> None:
    ex = _extract("市经信局联合市数据局在城市治理、文化旅游等领域发布应用场景清单。\n")
    assert not any(src.endswith("数据资源管理局") or "数据局" in src for src, _ in _facts(ex, RelType.FOCUSES_ON))


def test_builds_in_clause_with_co_builders_and_a_place() -> None:
    ex = _extract("用好由鼓楼区与联想共同建设的江北智能计算中心，推动本地企业开展模型训练。\n")
    assert ("联想", "江北智能计算中心") in _facts(ex, RelType.BUILDS)
    assert not any(src == "鼓楼区" for src, _ in _facts(ex, RelType.BUILDS))  # a district builds nothing


def test_builds_when_the_builder_names_a_place_first() -> None:
    ex = _extract("东软在浑南区建设的东软智能医疗创新中心向企业开放体验。\n")
    assert ("东软", "东软智能医疗创新中心") in _facts(ex, RelType.BUILDS)
    assert ("东软智能医疗创新中心", "浑南区") in _facts(ex, RelType.LOCATED_IN)


def test_builds_after_a_signed_agreement_in_the_previous_clause() -> None:
    ex = _extract("北方重工集团有限公司与东北大学签署战略合作协议，共同建设矿山装备智能控制联合实验室。\n")
    facts = _facts(ex, RelType.BUILDS)
    assert ("北方重工集团有限公司", "矿山装备智能控制联合实验室") in facts
    assert ("东北大学", "矿山装备智能控制联合实验室") in facts


def test_organizes_meeting_named_in_the_title_by_host_and_co_hosts() -> None:
    ex = _extract("全市智能网联汽车产业发展推进会在芜湖召开\n\n6月3日，全市智能网联汽车产业发展推进会在芜湖召开。"
                  "会议由芜湖市经济和信息化局主办，芜湖市汽车行业协会、奇瑞汽车股份有限公司承办。\n")
    facts = _facts(ex, RelType.ORGANIZES)
    event = "全市智能网联汽车产业发展推进会"
    assert ("芜湖市经济和信息化局", event) in facts
    assert ("芜湖市汽车行业协会", event) in facts and ("奇瑞汽车股份有限公司", event) in facts


def test_organizes_numbered_exhibition_and_joint_host() -> None:
    ex = _extract("2023年，厦门市软件行业协会（以下简称“协会”）全年服务会员300余家。"
                  "协会主办第三届厦门国际数字产业展，联合厦门市物联网协会承办海峡两岸数字经济论坛。\n")
    facts = _facts(ex, RelType.ORGANIZES)
    assert ("厦门市软件行业协会", "厦门国际数字产业展") in facts
    assert ("厦门市软件行业协会", "海峡两岸数字经济论坛") in facts
    assert ("厦门市物联网协会", "海峡两岸数字经济论坛") in facts


def test_no_event_from_development_words() -> None:
    ex = _extract("推动会展经济高质量发展，组织企业开展技术交流，召开成立大会。\n")
    assert not [e.name for e in ex.entities if e.type.value == "Event"]


def test_cooperates_on_signing_with_each_listed_partner() -> None:
    ex = _extract("由高新区与浪潮共同建设的济南超级计算中心已投入运营，先后与山东大学、山东科技大学签署战略合作协议。"
                  "会上，济南市软件行业协会与济南高新区管委会签约。\n")
    facts = _facts(ex, RelType.COOPERATES_WITH)
    assert ("济南超级计算中心", "山东大学") in facts and ("济南超级计算中心", "山东科技大学") in facts
    assert any(src == "济南市软件行业协会" and "管理委员会" in dst for src, dst in facts)


def test_cooperates_by_a_short_name_and_a_joint_launch() -> None:
    ex = _extract("福州市人工智能产业联盟成立。联盟与福州大学签署协议，共同培养人才。"
                  "星火汽车集团与云帆科技有限公司联合推出智能座舱。\n")
    facts = _facts(ex, RelType.COOPERATES_WITH)
    assert ("福州市人工智能产业联盟", "福州大学") in facts
    assert ("星火汽车集团", "云帆科技有限公司") in facts


def test_no_cooperation_without_a_cooperation_verb() -> None:
    ex = _extract("厦门大学与集美大学的学生参加了比赛。\n")
    assert not _facts(ex, RelType.COOPERATES_WITH)


def test_a_lab_builds_with_its_partners() -> None:
    ex = _extract("协会联合鹏飞实验室、南昌大学共建江西人工智能开源社区。\n")
    facts = _facts(ex, RelType.BUILDS)
    assert ("鹏飞实验室", "江西人工智能开源社区") in facts and ("南昌大学", "江西人工智能开源社区") in facts


def test_agency_supports_the_platform_it_backs() -> None:
    ex = _extract("江西省工业和信息化厅支持建设的赣创原人工智能产业创新聚集区已入驻企业80余家。\n")
    facts = _facts(ex, RelType.SUPPORTS)
    assert ("江西省工业和信息化厅", "赣创原人工智能产业创新聚集区") in facts


def test_guided_by_two_agencies_and_a_bracketed_second_sign() -> None:
    ex = _extract("2023年，南昌市软件行业协会（以下简称“协会”）在南昌市工业和信息化局、南昌市科学技术局的指导下，"
                  "完成了年度工作。\n联盟在赣州市工业和信息化局（市数字经济局）指导下成立，由江西理工大学等单位共同发起。\n")
    facts = _facts(ex, RelType.SUPPORTS)
    assert ("南昌市工业和信息化局", "南昌市软件行业协会") in facts
    assert ("南昌市科学技术局", "南昌市软件行业协会") in facts
    assert not any(dst == "江西理工大学" for _, dst in facts)


def test_guided_founding_supports_the_new_body_not_the_founder() -> None:
    ex = _extract("在市经信委指导下，贵阳市人工智能学会联合贵州大学发起成立贵阳人工智能产业创新联盟。\n")
    facts = _facts(ex, RelType.SUPPORTS)
    assert any(dst == "贵阳人工智能产业创新联盟" for _, dst in facts)
    assert not any(dst == "贵阳市人工智能学会" for _, dst in facts)


def test_a_unit_of_an_agency_in_a_roster_is_an_agency() -> None:
    ex = _extract("全省数字经济工作会议召开\n\n3月2日，会议召开。省发展改革委创新和高技术发展处处长李强参加会议。\n")
    units = [e for e in ex.entities if e.name.endswith("高技术发展处")]
    assert units and all(e.type.value == "Agency" for e in units)


def test_distributive_district_governments_in_a_unit_list() -> None:
    plan = ("南昌市智能产业行动方案\n\n各县（市）、区人民政府，市政府各部门：\n\n一、主要任务\n\n（一）场景开放行动\n\n"
            "每年发布应用场景清单。（责任单位：市工信局、东湖区、西湖区政府）\n")
    ex = _extract(plan)
    facts = _facts(ex, RelType.RESPONSIBLE_FOR)
    assert any(src.endswith("东湖区人民政府") for src, _ in facts)
    assert not any(src == "东湖区" for src, _ in facts)
    assert "区人民政府" not in {e.name for e in ex.entities}


ALLIANCE_NEWS = """南平市智能制造产业联盟成立大会召开

2024年5月8日，南平市智能制造产业联盟成立大会在武夷新区召开。
理事长单位：南平青峰机械股份有限公司
副理事长单位：武夷学院、南平绿溪数据科技有限公司
秘书长单位：南平市智造服务有限公司
"""

EVENT_REPORT = """株洲市智能装备协会2024年工作总结

一、全年活动

序号\t活动名称\t时间\t主办单位\t承办单位
1\t2024株洲智能装备博览会\t5月\t株洲市人民政府\t株洲市智能装备协会
2\t第二届湘东机器视觉创新大赛\t10月\t湖南省工业和信息化厅\t株洲市智能装备协会、湖南工业大学
"""


def test_member_lists_give_member_of_with_the_role() -> None:
    ex = _extract(ALLIANCE_NEWS)
    members = {(r.props.get("role"), _facts_name(ex, r.source)) for r in ex.relations if r.type is RelType.MEMBER_OF}
    assert ("理事长单位", "南平青峰机械股份有限公司") in members
    assert ("副理事长单位", "武夷学院") in members
    assert ("副理事长单位", "南平绿溪数据科技有限公司") in members
    assert ("秘书长单位", "南平市智造服务有限公司") in members
    assert {t for _, t in _facts(ex, RelType.MEMBER_OF)} == {"南平市智能制造产业联盟"}


def test_event_table_rows_give_organizes_with_roles() -> None:
    ex = _extract(EVENT_REPORT)
    facts = _facts(ex, RelType.ORGANIZES)
    assert ("株洲市人民政府", "2024株洲智能装备博览会") in facts
    assert ("株洲市智能装备协会", "2024株洲智能装备博览会") in facts
    assert ("湖南省工业和信息化厅", "第二届湘东机器视觉创新大赛") in facts
    assert ("湖南工业大学", "第二届湘东机器视觉创新大赛") in facts
    assert ("株洲市人民政府", "第二届湘东机器视觉创新大赛") not in facts
    roles = {r.props.get("role") for r in ex.relations if r.type is RelType.ORGANIZES}
    assert roles == {"主办", "承办"}


def test_addressee_line_names_no_agency() -> None:
    ex = _extract("关于开展智能制造试点的通知\n\n各设区市工业和信息化局，新区经济发展局：\n"
                  "现将有关事项通知如下。请省工业和信息化厅牵头组织。\n")
    names = {e.name for e in ex.entities}
    assert "区市工业和信息化局" not in names
    assert not any(n.endswith("区市工业和信息化局") and not n.startswith("各") for n in names)


def _facts_name(ex: Extraction, eid: str) -> str:
    return next((e.name for e in ex.entities if e.id == eid), eid)


def test_supports_every_member_of_a_supported_list() -> None:
    ex = _extract("昆明市智能制造实施方案\n\n发文单位:昆明市工业和信息化局\n\n"
                  "支持云岭智造、星途物流在滇中新区开展无人配送试点。支持蓝湾微电、青松数科等本土企业做大做强。\n")
    targets = {t for _, t in _facts(ex, RelType.SUPPORTS)}
    assert {"云岭智造", "星途物流", "蓝湾微电", "青松数科"} <= targets


def test_both_parties_build_what_they_agree_to_build() -> None:
    ex = _extract("合作签约\n\n星河软件有限公司与西京大学签署战略合作协议，双方将共建智能终端联合实验室，开展联合研究。"
                  "西京大学计算机学院与云帆科技有限公司签署协议，双方共建星云算力开放平台。\n")
    facts = _facts(ex, RelType.BUILDS)
    assert ("星河软件有限公司", "智能终端联合实验室") in facts
    assert ("西京大学", "智能终端联合实验室") in facts
    assert ("西京大学计算机学院", "星云算力开放平台") in facts
    assert ("云帆科技有限公司", "星云算力开放平台") in facts
    assert ("西京大学", "星云算力开放平台") not in facts


def test_builder_names_lose_glued_verbs_and_contractors_build() -> None:
    ex = _extract("项目进展\n\n会上，由浪潮云承建的江城智能计算中心正式上线。"
                  "青禾股份投资建设的青禾智能穿戴创新中心已投入运营。"
                  "支持西京海洋大学牵头建设海洋智能联合实验室。\n")
    facts = _facts(ex, RelType.BUILDS)
    assert ("浪潮云", "江城智能计算中心") in facts
    assert ("青禾股份", "青禾智能穿戴创新中心") in facts
    assert ("西京海洋大学", "海洋智能联合实验室") in facts
    names = {e.name for e in ex.entities}
    assert "青禾股份投资" not in names and "海洋" not in names


def test_dash_joined_partners_of_a_joint_lab_are_the_named_builders() -> None:
    ex = _extract("校企合作\n\n由西京大学与云鹊集团共建的西京大学—云鹊人工智能联合实验室已揭牌。\n")
    facts = _facts(ex, RelType.BUILDS)
    lab = "西京大学—云鹊人工智能联合实验室"
    assert ("西京大学", lab) in facts and ("云鹊集团", lab) in facts
    assert not any(src.startswith("云鹊人工智能") for src, _ in facts)


def test_city_prefixed_short_form_with_a_party_body_word_leads() -> None:
    ex = _extract("泉州市人工智能学会年会召开\n\n泉州市科协党组书记、副主席陈志远，市工信局副局长林佳出席会议。\n")
    names = {e.name for e in ex.entities}
    assert "泉州市科学技术协会" in names
    assert not any(n.startswith("泉州市科") and n != "泉州市科学技术协会" for n in names if "协" not in n)
    leads = _facts(ex, RelType.LEADS)
    assert ("陈志远", "泉州市科学技术协会") in leads


def test_roster_affiliation_is_the_whole_organisation_mention() -> None:
    ex = _extract("大连市机器人协会换届\n\n大连星海重工股份有限公司副总裁王立当选会长，"
                  "辽海大学电子科学与工程学院院长孙磊、中国科学院大连化学研究所副所长马骏当选副会长。\n")
    leads = {(s, t): r for s, t in _facts(ex, RelType.LEADS) for r in [0]}
    assert ("孙磊", "辽海大学电子科学与工程学院") in leads
    assert ("马骏", "中国科学院大连化学研究所") in leads
    assert ("王立", "大连星海重工股份有限公司") in leads
    names = {e.name for e in ex.entities}
    assert "工程学院" not in names and "中国科学院" not in names
    roles = {r.props.get("role") for r in ex.relations if r.type is RelType.LEADS}
    assert not any(role.startswith("股份有限公司") for role in roles)


def test_focus_after_a_framing_clause_short_fields_and_cut_tails() -> None:
    ex = _extract("武汉市智能产业布局\n\n江夏区以光谷南科技城为核心，重点发展智能芯片、智能软件和数字创意。"
                  "蔡甸区重点发展信创和智能网联汽车。黄陂区重点发展智能传感器的布局建议已提出。\n")
    facts = _facts(ex, RelType.FOCUSES_ON)
    assert {("江夏区", "智能芯片"), ("江夏区", "智能软件"), ("江夏区", "数字创意")} <= facts
    assert ("蔡甸区", "信创") in facts and ("蔡甸区", "智能网联汽车") in facts
    assert ("黄陂区", "智能传感器") in facts
    assert not any("的" in t for _, t in facts)


def test_focus_frames_with_a_clause_between_subject_and_verb() -> None:
    ex = _extract("""赣州市人工智能产业布局\n\n2024年6月3日，赣州市发布产业布局。章贡区依托物流枢纽优势做强智慧物流，"""
                  """南康区着力培育家具设计软件产业，"""
                  """瑞金市则聚焦红色文旅产业与智能导览。于都县依托纺织基础，重点发展智能纺织装备。\n""")
    got = _facts(ex, RelType.FOCUSES_ON)
    assert ("章贡区", "智慧物流") in got
    assert ("瑞金市", "红色文旅产业") in got and ("瑞金市", "智能导览") in got
    assert ("于都县", "智能纺织装备") in got
    names = {e.name: e for e in ex.entities}
    assert "家具设计软件产业" in names["家具设计软件"].aliases  # the cut tail stays an alias


def test_focus_main_direction_frames_keep_and_joined_fields_whole() -> None:
    ex = _extract("""柳州市智能产业布局\n\n柳北区以汽车电子和智能座舱为主攻方向，"""
                  """鱼峰区把工业视觉与智能检测作为主导产业。"""
                  """柳州市发展改革委、市工业和信息化局负责推进。\n""")
    got = _facts(ex, RelType.FOCUSES_ON)
    assert ("柳北区", "汽车电子和智能座舱") in got
    assert ("鱼峰区", "工业视觉与智能检测") in got
    assert not any(tgt.endswith("局") for _, tgt in got)  # 发展改革委 holds no focus verb


def test_anaphor_platform_and_company_builders() -> None:
    ex = _extract("""绍兴市新闻\n\n2024年5月2日，华光智能视觉创新中心在柯桥区正式启用。"""
                  """这一创新中心由华光光电科技有限公司投资2亿元建设，"""
                  """主攻车载镜头和智能感知算法。绍兴云栖数据有限公司总经理周明介绍，由该公司投资、位于滨海新城的绍兴智算中心已投用。"""
                  """由越星电子牵头组建的绍兴汽车电子创新中心同日揭牌。\n""")
    builds = _facts(ex, RelType.BUILDS)
    assert ("华光光电科技有限公司", "华光智能视觉创新中心") in builds
    assert ("绍兴云栖数据有限公司", "绍兴智算中心") in builds
    assert ("越星电子", "绍兴汽车电子创新中心") in builds
    assert ("华光智能视觉创新中心", "智能感知算法") in _facts(ex, RelType.FOCUSES_ON)
    assert not any(e.name.startswith(("该", "这一")) for e in ex.entities)


def test_platform_placed_by_verb_or_fronted_place() -> None:
    ex = _extract("""绍兴市新闻\n\n2024年5月2日，华光智能视觉创新中心在柯桥区正式启用。"""
                  """在上虞区，由华光光电科技有限公司"""
                  """投资建设的绍兴汽车电子创新中心已投用。绍兴智能制造联合实验室坐落于越城区。\n""")
    got = _facts(ex, RelType.LOCATED_IN)
    assert ("华光智能视觉创新中心", "柯桥区") in got
    assert ("绍兴汽车电子创新中心", "上虞区") in got
    assert ("绍兴智能制造联合实验室", "越城区") in got


def test_guided_support_of_the_city_itself() -> None:
    ex = _extract("""柳州市人工智能产业进展\n\n2024年5月2日，"""
                  """在广西壮族自治区工业和信息化厅的支持下，我市成功入选国家人工智能创新应用先导区。\n""")
    assert ("广西壮族自治区工业和信息化厅", "柳州市") in _facts(ex, RelType.SUPPORTS)


SUPPORT_PLAN = """嘉禾市智能制造推进方案

发文单位:嘉禾市人民政府办公室

一、重点任务

支持嘉禾高新区打造智能装备集聚区。支持青松智控有限公司建设智能工厂。支持龙头企业开展示范应用。市科技局支持嘉禾大学建设人工智能学院。
"""


def test_issuer_supports_only_named_organisations_not_places_or_generic_words() -> None:
    facts = _facts(_extract(SUPPORT_PLAN), RelType.SUPPORTS)
    targets = {dst for _, dst in facts}
    assert "青松智控有限公司" in targets
    assert not any("高新区" in t for t in targets)
    assert not any("龙头企业" in t for t in targets)
    assert any(src.endswith("科学技术局") and dst == "嘉禾大学" for src, dst in facts)  # an agency in the sentence


RANKS_NEWS = """全省智能制造推进会召开

2024年5月8日，全省智能制造推进会召开。省科技厅二级巡视员张立新，省数据局副局长王晓出席。星海技术有限公司东南代表处代表赵博代表企业发言。青松大学一级调研员孙明参加。
"""


def test_civil_service_ranks_lead_only_in_an_agency_and_an_office_representative_leads_the_company() -> None:
    ex = _extract(RANKS_NEWS)
    leads = _facts(ex, RelType.LEADS)
    assert any(p == "张立新" and o.endswith("科学技术厅") for p, o in leads)
    assert ("赵博", "星海技术有限公司") in leads
    assert not any(p == "孙明" for p, _ in leads)
    assert "二级巡视员" in {r.props.get("role") for r in ex.relations if r.type is RelType.LEADS}  # the whole rank


DEPT_NEWS = """青松市智能产业联盟成立

2024年6月1日，青松市智能产业联盟成立。陈宇（星海银行金融科技部总经理）、刘洋（青海省科学院智能研究所所长）当选副秘书长。云帆集团战略发展部部长周明、中国科学院青松材料研究所所长吴昊出席。
"""


def test_a_company_department_names_the_company_and_an_academy_unit_names_its_academy() -> None:
    ex = _extract(DEPT_NEWS)
    by_name = {e.name: e.type.value for e in ex.entities}
    assert by_name.get("星海银行") == "Enterprise"
    assert not any(n.endswith("金融科技部") for n in by_name)
    assert by_name.get("青海省科学院") == "Institution"
    assert by_name.get("青海省科学院智能研究所") == "Institution"
    assert "中国科学院" not in by_name  # national academies prefix their institutes' own names
    leads = _facts(ex, RelType.LEADS)
    assert ("陈宇", "星海银行") in leads
    assert ("刘洋", "青海省科学院智能研究所") in leads


CO_FOUND_NEWS = """青松市智能产业交流会举行

2024年4月2日，青松市智能产业交流会举行。会上，腾讯云与青松大学共同筹建的青松智能物流联合实验室揭牌。会上，人工智能与青松大学共同建设的实验室揭牌。
"""


def test_a_short_brand_that_co_founds_with_a_named_organisation_is_a_builder() -> None:
    ex = _extract(CO_FOUND_NEWS)
    kinds = {e.name: e.type.value for e in ex.entities}
    assert kinds.get("腾讯云") == "Enterprise"
    assert "人工智能" not in kinds or kinds["人工智能"] != "Enterprise"  # a field co-founds nothing
    assert ("腾讯云", "青松智能物流联合实验室") in _facts(ex, RelType.BUILDS)


BUILT_NEWS = """衢州市人工智能平台建设进展

衢州学院与巨化集团共建的氟材料智能联合研发中心投入使用。衢州市工程研究院建成智能传感与检测实验室。
江山学院与恒远集团合作设立的装备智能制造联合研究院揭牌。
"""


def test_build_verbs_before_a_platform_name_make_platforms_and_builders() -> None:
    ex = _extract(BUILT_NEWS)
    facts = _facts(ex, RelType.BUILDS)
    assert ("衢州学院", "氟材料智能联合研发中心") in facts
    assert ("巨化集团", "氟材料智能联合研发中心") in facts
    assert ("衢州市工程研究院", "智能传感与检测实验室") in facts
    assert ("恒远集团", "装备智能制造联合研究院") in facts
    labels = {e.name: e.type.value for e in ex.entities}
    assert labels.get("装备智能制造联合研究院") == "Platform"  # 联合研究院 is a platform, not an institution


SIGNED_NEWS = """衢州市人工智能平台签约

衢州市人工智能创新平台集中签约暨揭牌活动举行。科大讯飞与衢州市人民政府签约共建的讯飞衢州人工智能产业基地开工。
"""


def test_platform_named_after_its_builder_short_name_and_batch_event_is_no_platform() -> None:
    ex = _extract(SIGNED_NEWS)
    assert ("科大讯飞", "讯飞衢州人工智能产业基地") in _facts(ex, RelType.BUILDS)
    platforms = {e.name for e in ex.entities if e.type.value == "Platform"}
    assert "衢州人工智能产业基地" not in platforms
    assert not any(name.startswith("衢州市人工智能创新平台") for name in platforms)


def test_sector_list_before_deng_lingyu_names_no_enterprises() -> None:
    ex = _extract("衢州市产业联盟成立\n\n联盟吸纳了来自港口、化工、医疗等领域的60余家企业，"
                  "支持星河、云帆等企业发展。\n")
    names = {e.name for e in ex.entities if e.type.value == "Enterprise"}
    assert {"星河", "云帆"} <= names
    assert not names & {"港口", "化工", "医疗"}
