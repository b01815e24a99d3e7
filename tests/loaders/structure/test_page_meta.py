"""Metadata of web pages (issue 8): furniture and site tags are no titles, headlines are; kinds from title and
opening cues; prefectures written X州. Documents of our own."""

from __future__ import annotations

from graph.model import DocType
from loaders.segment import segment
from loaders.structure import DocMeta, parse_structure


def _meta(text: str) -> DocMeta:
    return parse_structure(segment(text)).meta


def test_share_banner_and_site_tag_are_not_titles() -> None:
    m = _meta("分享到微信 ×\n打开微信“扫一扫”\n【智造在线 www.zhizao-example.cn】\n"
              "宜宾市人工智能产业联盟成立\n5月6日，宜宾市人工智能产业联盟成立大会召开。\n")
    assert m.title == "宜宾市人工智能产业联盟成立"
    assert m.type is DocType.NEWS


def test_a_news_sites_name_before_the_headline_is_dropped() -> None:
    m = _meta("人民网:泸州市召开智能制造推进会\n会议强调，要加快智能制造发展。\n")
    assert m.title == "泸州市召开智能制造推进会"


def test_a_short_spam_line_gives_way_to_the_headline() -> None:
    m = _meta("某某体育下载\n\n省政协调研督办重点提案并召开座谈会\n2024年07月18日\n")
    assert m.title == "省政协调研督办重点提案并召开座谈会"


def test_a_column_name_above_a_metadata_block_is_not_the_title() -> None:
    text = ("政协提案办理答复\n- 索引号: 2024-0001\n- 发布机构: 大理州科学技术局\n- 发布日期: 2023-05-06\n"
            "大理州科技局对州政协十届二次会议第12号提案的答复\n张三委员：\n您提出的提案收悉，现将办理情况答复如下：\n")
    m = _meta(text)
    assert m.title == "大理州科技局对州政协十届二次会议第12号提案的答复"
    assert m.type is DocType.PROPOSAL_REPLY
    assert m.city == "大理白族自治州" and m.province == "云南省"


def test_a_reply_opening_with_its_greeting_is_titled_by_the_proposal() -> None:
    m = _meta("李四委员：\n您提出的《关于加快发展智能网联汽车产业的提案》收悉。经研究，现将办理情况答复如下：\n"
              "一、工作情况\n")
    assert m.title == "关于加快发展智能网联汽车产业的提案"
    assert m.type is DocType.PROPOSAL_REPLY


def test_kinds_from_the_title_ending_and_the_opening() -> None:
    assert _meta("嘉兴市：关于加快推进人工智能产业发展的实施意见\n各区人民政府：\n").type is DocType.ACTION_PLAN
    assert _meta("关于促进数字经济发展的若干措施\n为促进数字经济发展，制定如下措施。\n").type is DocType.ACTION_PLAN
    opening = "为加快人工智能应用，结合我市实际，具体行动计划如下：\n一、重点任务\n（一）推进智能制造。\n"
    assert _meta(opening).type is DocType.ACTION_PLAN
    assert _meta("人工智能产业发展规划中期评估报告\n一、总体情况\n").type is DocType.WORK_REPORT


def test_an_agency_named_before_关于_issues_the_notice() -> None:
    m = _meta("市科学技术局关于印发智能制造专项行动方案的通知\n各有关单位：\n现将方案印发给你们。\n")
    assert m.issuer == "市科学技术局"


def test_news_is_dated_by_the_day_it_reports() -> None:
    m = _meta("乐山市人工智能产业联盟成立\n来源：乐山日报 发布时间：2024-06-03\n"
              "6月1日，乐山市人工智能产业联盟成立大会召开。\n")
    assert m.date == "2024-06-01"
    # a month-day far from the posting date is no report of that day
    m = _meta("乐山市人工智能产业联盟成立\n发布时间：2024-06-03\n"
              "联盟将于12月1日召开年会。6月1日上午的筹备会已经完成。\n")
    assert m.date == "2024-06-03"
