"""Analytics, region scopes and profiles on the hand-made sample graph and on the seeds."""

from __future__ import annotations

import networkx as nx
import pytest

from analysis import metrics
from analysis.region import UnknownRegion, region_scope
from analysis.service import Analysis
from graph.falkor_store import FalkorStore
from queries import Registry
from tests.analysis.conftest import EMPTY_DISTRICT, EXTRA_DOC
from tests.queries import sample_graph as g


@pytest.fixture
def analysis() -> Analysis:
    return Analysis(Registry.load())


def test_version_advances_on_every_write_and_delete(store: FalkorStore) -> None:
    before = store.version()
    store.write(g.qingshi_plan())
    store.write(g.qingshi_plan())  # a rewrite is a write too
    assert store.version() == before + 2
    assert store.delete_document(g.QS_DOC) is True
    assert store.version() == before + 3
    assert store.delete_document(g.QS_DOC) is False  # nothing deleted: nothing changed
    assert store.version() == before + 3


def test_results_are_cached_per_version(sample_store: FalkorStore, analysis: Analysis) -> None:
    first = analysis.communities(sample_store)
    assert analysis.communities(sample_store) is first  # same version: the cached object
    sample_store.delete_document(g.BS_DOC)
    after = analysis.key_players(sample_store)
    agencies = {r["id"] for r in after["types"]["Agency"]}
    assert g.BS_AGENCY not in agencies and g.QS_AGENCY in agencies
    assert analysis.communities(sample_store) is not first


def test_key_players_carry_the_counts_behind_each_score(sample_store: FalkorStore, analysis: Analysis) -> None:
    players = analysis.key_players(sample_store)
    assert players["betweenness_samples"] is None  # small graph: exact betweenness
    top = players["types"]["Enterprise"][0]
    assert top["id"] == g.ENTERPRISE
    assert top["degree"] == 5  # district, partner, platform, alliance, person
    assert top["by_relation"] == {"LOCATED_IN": 1, "COOPERATES_WITH": 1, "BUILDS": 1, "MEMBER_OF": 1, "WORKS_FOR": 1}
    assert top["facts"] == 5 and top["documents"] == 1
    qs = next(r for r in players["types"]["Agency"] if r["id"] == g.QS_AGENCY)
    assert qs["documents"] == 2  # the 算力 fact is stated by both plans
    assert 0 < top["betweenness"] <= 1 and 0 < top["pagerank"] < 1
    people = players["types"]["Person"]
    assert [p["id"] for p in people] == [g.PERSON]


def test_sampled_betweenness_is_reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = nx.barabasi_albert_graph(300, 2, seed=1)
    monkeypatch.setattr(metrics, "EXACT_BETWEENNESS_MAX", 100)
    first, k = metrics._betweenness(graph)
    second, _ = metrics._betweenness(graph)
    assert k == metrics.BETWEENNESS_SAMPLES and first == second
    monkeypatch.setattr(metrics, "BETWEENNESS_BUDGET", 10 * graph.number_of_edges())  # a big graph: fewer samples
    assert metrics._betweenness(graph)[1] == 10


def test_communities_follow_the_organisation_links(sample_store: FalkorStore, analysis: Analysis) -> None:
    result = analysis.communities(sample_store)
    member = result["membership"]
    assert member[g.QS_AGENCY] == member[g.QS_SCIENCE]  # a shared task
    assert member[g.ENTERPRISE] == member[g.PLATFORM] == member[g.PARTNER]  # build and cooperation
    assert g.BS_AGENCY not in member  # shares nothing with anyone
    sizes = [c["size"] for c in result["communities"]]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == len(member)
    again = Analysis(Registry.load()).communities(sample_store)
    assert again["membership"] == member  # fixed seed: the same split every time
    qs = next(c for c in result["communities"] if c["id"] == member[g.QS_AGENCY])
    assert qs["links"] == {"task": 1}


def test_bridges_link_communities(sample_store: FalkorStore, analysis: Analysis) -> None:
    result = analysis.communities(sample_store)
    member = result["membership"]
    bridges = {b["id"]: b for b in result["bridges"]}
    # 李明远 leads the alliance and works for the enterprise: his two organisations sit in different communities.
    assert member[g.ALLIANCE] != member[g.ENTERPRISE]
    assert bridges[g.PERSON]["communities"] == sorted({member[g.ALLIANCE], member[g.ENTERPRISE]})
    assert g.QS_SCIENCE not in bridges  # linked only inside its own community


def test_co_responsibility_is_weighted_by_shared_tasks(sample_store: FalkorStore, analysis: Analysis) -> None:
    result = analysis.co_responsibility(sample_store)
    assert result["pairs"] == 1
    edge = result["edges"][0]
    assert {edge["source"], edge["target"]} == {g.QS_AGENCY, g.QS_SCIENCE}
    assert edge["shared_tasks"] == 1 and edge["tasks"] == ["算力基础设施提升行动"]


def test_region_scope(sample_store: FalkorStore, analysis: Analysis) -> None:
    snap = analysis.snapshot(sample_store)
    qingshi = region_scope(snap, "青石市")
    assert {g.ENTERPRISE, g.PLATFORM, g.DISTRICT, EMPTY_DISTRICT} <= qingshi.inside  # through LOCATED_IN
    assert g.QS_AGENCY in qingshi.inside  # its own city property
    assert g.BS_AGENCY not in qingshi.nodes and g.BS_DOC not in qingshi.doc_ids
    province = region_scope(snap, "云岭省")
    assert {g.QS_DOC, g.BS_DOC, EXTRA_DOC} <= province.doc_ids and g.BS_AGENCY in province.nodes
    empty = region_scope(snap, "西山区")
    assert empty.empty and empty.region_ids == [EMPTY_DISTRICT]
    with pytest.raises(UnknownRegion, match="火星市"):
        region_scope(snap, "火星市")
    players = analysis.key_players(sample_store, "白沙市")
    # 白沙's own agency, and the 青石 one its plan states a fact about; not 青石's science bureau.
    assert {r["id"] for r in players["types"]["Agency"]} == {g.BS_AGENCY, g.QS_AGENCY}


def test_profile_links_every_fact_to_its_evidence(sample_store: FalkorStore, analysis: Analysis) -> None:
    profile = analysis.profile(sample_store, "青石市")
    assert not profile["empty"]
    assert [d["id"] for d in profile["documents"]["items"]] == [EXTRA_DOC, g.QS_DOC]  # newest first
    agencies = {a["id"]: a for a in profile["agencies"]}
    assert agencies[g.QS_SCIENCE]["tasks"] == 2 and agencies[g.QS_SCIENCE]["lead"] == 1
    platform = next(p for p in profile["platforms"] if p["id"] == g.PLATFORM)
    assert [b["id"] for b in platform["builders"]] == [g.ENTERPRISE]
    alliance = next(a for a in profile["alliances"] if a["id"] == g.ALLIANCE)
    assert [x["id"] for x in alliance["leaders"]] == [g.PERSON]
    assert {m["role"] for m in alliance["members"]} == {"理事长单位", "副理事长单位"}
    district = next(d for d in profile["districts"] if d["id"] == g.DISTRICT)
    assert [d["name"] for d in district["domains"]] == ["智能语音"]
    evidence = profile["evidence"][platform["builders"][0]["ev"]]
    assert evidence["doc_id"] == g.QS_DOC and "建设青石语音开放创新平台" in evidence["evidence"]
    assert evidence["title"] == "青石市人工智能产业发展行动计划" and evidence["date"] == "2024-03-01"
    assert analysis.profile(sample_store, "西山区")["empty"] is True


def test_compare_two_regions(sample_store: FalkorStore, analysis: Analysis) -> None:
    result = analysis.compare(sample_store, "青石市", "白沙市")
    kinds = {k["kind"]: (k["a"], k["b"]) for k in result["agency_kinds"]}
    assert kinds["工业和信息化局"] == (1, 1) and kinds["科学技术局"] == (2, 0)
    assert result["a"]["platforms"] == ["青石语音开放创新平台"] and result["b"]["platforms"] == []
    assert result["a"]["domains"] == {"智能语音": 1}


def test_seeds_suzhou(seeds_store: FalkorStore, analysis: Analysis) -> None:
    profile = analysis.profile(seeds_store, "苏州市")
    assert not profile["empty"] and profile["counts"]["documents"] >= 1
    assert "苏州市工业和信息化局" in {a["name"] for a in profile["agencies"]}
    builders = {b["name"] for p in profile["platforms"] for b in p["builders"]}
    assert "思必驰" in builders
    for item in profile["evidence"]:
        assert item["doc_id"] in {d["id"] for d in profile["documents"]["items"]} and item["evidence"]
    whole = analysis.summary(seeds_store)
    assert whole["communities"]["communities"] and whole["key_players"]["types"]["Agency"]
    with pytest.raises(UnknownRegion):
        analysis.profile(seeds_store, "不存在市")
