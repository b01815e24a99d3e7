// The entity page: properties, relationships with evidence, documents. textContent only.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function row(cells, header) {
  const tr = el("tr");
  cells.forEach((c) => {
    const td = el(header ? "th" : "td");
    if (c instanceof Node) td.appendChild(c);
    else td.textContent = c === null || c === undefined ? "" : String(c);
    tr.appendChild(td);
  });
  return tr;
}

function entityId() {
  const fromQuery = new URLSearchParams(window.location.search).get("id");
  if (fromQuery) return fromQuery;
  const prefix = "/entities/";
  const path = window.location.pathname;
  return path.startsWith(prefix) ? decodeURIComponent(path.slice(prefix.length)) : "";
}

async function init() {
  const id = entityId();
  if (!id) {
    $("entity-status").textContent = "缺少实体 id（/entity?id=…）";
    return;
  }
  const res = await fetch("/entities/" + encodeURIComponent(id), { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    $("entity-status").textContent = `${res.status}: ${body.detail || "error"}`;
    $("entity-status").classList.add("error");
    return;
  }
  const e = body.entity;
  document.title = `${e.props.name || e.id} · aikg`;
  $("entity-name").textContent = e.props.name || e.id;
  $("entity-type").textContent = e.label;
  $("entity-view").href = "/views/entity-neighbourhood?id=" + encodeURIComponent(e.id);

  const props = $("entity-props");
  props.appendChild(row(["属性", "值"], true));
  props.appendChild(row(["id", e.id]));
  Object.entries(e.props).forEach(([k, v]) => {
    if (k !== "id") props.appendChild(row([k, Array.isArray(v) ? v.join("、") : v]));
  });

  const rels = $("entity-relationships");
  rels.appendChild(row(["关系", "方向", "角色", "对方", "证据"], true));
  body.relationships.forEach((r) => {
    const other = el("a", r.neighbour.name || r.neighbour.id, { href: "/entity?id=" + encodeURIComponent(r.neighbour.id) });
    // The evidence as a quote, with its document's title and date linking to the sentence in the document.
    const ev = el("div");
    ev.appendChild(el("blockquote", r.evidence, { class: "evidence" }));
    if (r.doc_id) {
      const href = "/documents/" + encodeURIComponent(r.doc_id) + (r.key ? "?fact=" + encodeURIComponent(r.key) : "");
      ev.appendChild(el("a", `——《${r.document || r.doc_id}》${r.date || ""}`, { href, class: "source" }));
    }
    rels.appendChild(row([r.type, r.direction === "out" ? "→" : "←", r.role, other, ev]));
  });

  const docs = $("entity-documents");
  docs.appendChild(row(["标题", "日期", "发文单位", "关系数", "id"], true));
  body.documents.forEach((d) => {
    const title = el("a", d.title || d.doc_id, { href: "/documents/" + encodeURIComponent(d.doc_id) });
    docs.appendChild(row([title, d.date, d.issuer, d.facts, d.doc_id]));
  });
  $("entity-status").textContent = body.truncated ? "关系过多，仅显示一部分" : "";
}

document.addEventListener("DOMContentLoaded", init);
