"""Relation families of real news pages (issue 8), on short documents of our own: officials' posts, narrative
elections, unit rosters in running text."""

from __future__ import annotations

from graph.model import Document, Extraction, RelType
from loaders.pipeline import extract_text


def _extract(text: str) -> Extraction:
    return extract_text(text, Document(id="doc:test", path="t.txt"))


def _facts(ex: Extraction, rtype: RelType) -> set[tuple[str, str, str]]:
    names = {e.id: e.name for e in ex.entities}
    return {(names.get(r.source, r.source), names.get(r.target, r.target), str(r.props.get("role", "")))
            for r in ex.relations if r.type is rtype}


MEETING = """绵阳市召开人工智能产业推进会
5月8日，绵阳市召开人工智能产业推进会。市委书记高建国主持会议并讲话。
市委常委、常务副市长孙立平，副市长钱雨桐，市人大常委会副主任赵海鸥出席会议。
会上，省政协副主席、省科技厅厅长吴宏宇作专题辅导。
"""


def test_officials_posts_lead_the_bodies_they_name() -> None:
    ex = _extract(MEETING)
    leads = {(p, o) for p, o, _ in _facts(ex, RelType.LEADS)}
    city, province = ex.doc.city, ex.doc.province
    assert (city, province) == ("绵阳市", "四川省")
    gov = next(e.name for e in ex.entities if e.name.endswith("人民政府") and "市" in e.name)
    assert ("孙立平", gov) in leads and ("钱雨桐", gov) in leads
    assert any(p == "高建国" and o.startswith("中共") for p, o in leads)
    assert any(p == "赵海鸥" and o.endswith("人大常委会") for p, o in leads)
    # two posts in one phrase: two bodies led
    assert any(p == "吴宏宇" and o.endswith("政协") for p, o in leads)
    assert any(p == "吴宏宇" and o.endswith("科学技术厅") for p, o in leads)
    # a standing-committee seat (市委常委) is no leadership of the committee
    assert not any(p == "孙立平" and o.startswith("中共") for p, o in leads)


def test_a_post_after_the_name_and_a_region_before_the_post() -> None:
    ex = _extract("德阳市推进智能制造\n德阳市副市长林海峰调研智能工厂，广元市市长陶然陪同。\n")
    leads = {(p, o) for p, o, _ in _facts(ex, RelType.LEADS)}
    assert any(p == "林海峰" and o.startswith("德阳市") and o.endswith("政府") for p, o in leads)


def test_a_session_of_the_peoples_congress_is_not_its_standing_committee() -> None:
    ex = _extract("关于市十五届人大四次会议第12号建议的答复\n您在市十五届人大四次会议上提出的建议收悉。\n")
    assert not any("人大常委会" in e.name for e in ex.entities)


ELECTION = """鹿城市人工智能学会成立
6月2日，鹿城市人工智能学会成立大会暨第一次会员代表大会召开。大会选举产生了第一届理事会，
周明远当选为理事长，孔德山当选为常务副理事长，邱雪、贺兰舟当选为副理事长，祁晓光当选为秘书长。
学会周明远理事长表示，将团结会员推动产业发展。
"""


def test_narrative_elections_lead_the_body_the_report_is_about() -> None:
    facts = _facts(_extract(ELECTION), RelType.LEADS)
    got = {(p, r) for p, o, r in facts if o == "鹿城市人工智能学会"}
    assert {("周明远", "理事长"), ("孔德山", "常务副理事长"), ("邱雪", "副理事长"), ("贺兰舟", "副理事长"),
            ("祁晓光", "秘书长")} <= got


ALLIANCE = """江城市智能网联汽车产业联盟成立
4月9日，江城市智能网联汽车产业联盟成立大会举行。联盟由江城汽车集团联合星途科技、云帆大学等60家单位共同发起成立。
经大会推选，江城汽车集团当选理事长单位，江城星途智能科技有限公司、云帆大学、北辰精工股份有限公司3家单位当选副理事长单位；
江城交通研究院作为联盟秘书长单位发布了首批合作项目。江城汽车集团有限公司董事长方启航当选为联盟理事长。
"""


def test_unit_rosters_in_running_text_are_memberships_with_their_role() -> None:
    facts = _facts(_extract(ALLIANCE), RelType.MEMBER_OF)
    into = {(m, r) for m, o, r in facts if o == "江城市智能网联汽车产业联盟"}
    assert ("江城星途智能科技有限公司", "副理事长单位") in into
    assert ("云帆大学", "副理事长单位") in into and ("北辰精工股份有限公司", "副理事长单位") in into
    assert ("江城交通研究院", "秘书长单位") in into
    assert any(r == "理事长单位" and m.startswith("江城汽车集团") for m, r in into)
    assert any(r == "发起单位" and m.startswith("江城汽车集团") for m, r in into)


def test_short_company_names_join_the_full_name_the_page_gives() -> None:
    ex = _extract(ALLIANCE)
    names = {e.name: e for e in ex.entities}
    # 星途科技 is a short form of 江城星途智能科技有限公司, 江城汽车集团 of 江城汽车集团有限公司
    assert "星途科技" not in names and "星途科技" in names["江城星途智能科技有限公司"].aliases
    assert "江城汽车集团" not in names and "江城汽车集团" in names["江城汽车集团有限公司"].aliases


def test_a_branch_does_not_swallow_its_parent_company() -> None:
    ex = _extract("会上，华远通信、华远通信股份有限公司江城分公司与星途科技签署合作协议。\n")
    names = {e.name for e in ex.entities}
    assert {"华远通信", "华远通信股份有限公司江城分公司"} <= names


def test_clause_openings_and_titles_stay_out_of_names() -> None:
    text = ("遂宁市召开智能制造座谈会\n会议由市科技局主持，相关单位市经济和信息化局、部分政协委员参加。"
            "协会秘书长汇报工作后，遂宁经济技术开发区管委会作交流发言。\n")
    names = {e.name for e in _extract(text).entities}
    assert not any(n.startswith(("相关", "部分")) for n in names)
    assert any(n.endswith("经济技术开发区管理委员会") or n.endswith("经济技术开发区管委会") for n in names)
    assert not any("秘书长" in n for n in names)


def test_a_name_before_作为_keeps_its_length() -> None:
    text = "雅安市人工智能学会成立\n大会宣布雅安智算研究院院长罗嘉作为学会副理事长。\n"
    leads = _facts(_extract(text), RelType.LEADS)
    people = {p for p, _, _ in leads}
    assert "罗嘉" in people and "罗嘉作" not in people


def test_organisers_named_without_a_suffix_and_an_event_under_two_names() -> None:
    text = ("眉山市机器人学会成立\n6月1日，由眉山职业技术学院和云途智造联合承办的"
            "眉山市机器人学会成立大会暨第一次会员代表大会在眉山召开。会议由市科技局和启明智能共同主办。\n")
    ex = _extract(text)
    names = {e.name: e.type.value for e in ex.entities}
    event = "眉山市机器人学会成立大会暨第一次会员代表大会"
    assert names.get(event) == "Event" and names.get("云途智造") == "Enterprise"
    organizes = _facts(ex, RelType.ORGANIZES)
    assert ("眉山职业技术学院", event, "承办") in organizes and ("云途智造", event, "承办") in organizes
    # an agency in such a list keeps its own type
    assert not any(n.endswith("科学技术局") and t == "Enterprise" for n, t in names.items())


def test_several_signers_each_cooperate_and_short_names_of_named_companies_count() -> None:
    text = ("广元市与星河智能科技股份有限公司签约\n8月2日，市政府与星河智能签订战略合作框架协议，"
            "市教育局、广元经济技术开发区管委会分别与星河智能签订了合作协议。\n")
    facts = {(a, b) for a, b, _ in _facts(_extract(text), RelType.COOPERATES_WITH)}
    signers = {a for a, b in facts if b == "星河智能科技股份有限公司"}
    assert {"广元市人民政府", "广元市教育局"} <= signers
    assert any(s.endswith(("经济技术开发区管委会", "经济技术开发区管理委员会")) for s in signers)


def test_an_organisation_named_before_a_company_post_is_a_company() -> None:
    ex = _extract("合肥市人工智能产业联盟成立\n联盟理事长、云川智联董事长周海宁出席大会并致辞。\n")
    names = {e.name: e.type.value for e in ex.entities}
    assert names.get("云川智联") == "Enterprise"
    assert ("周海宁", "云川智联", "董事长") in _facts(ex, RelType.LEADS)


def test_a_bare_body_word_before_a_post_means_the_body_of_that_kind_named_last() -> None:
    text = ("南充市人工智能产业联盟成立\n南充市人工智能产业联盟成立大会召开，秘书处设在南充市软件行业协会。"
            "南充数据集团董事长、联盟理事长邓启明致辞。\n")
    leads = {(p, o, r) for p, o, r in _facts(_extract(text), RelType.LEADS)}
    assert ("邓启明", "南充市人工智能产业联盟", "理事长") in leads
    assert not any(p == "邓启明" and o == "南充市软件行业协会" for p, o, _ in leads)
