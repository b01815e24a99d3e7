// The aikg web page: saved queries with a generated parameter form, table or graph view, entity search.
// Data is only ever written with textContent / attributes, never parsed as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
let queries = [];

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}

function setStatus(id, text, isError) {
  const node = $(id);
  node.textContent = text;
  node.classList.toggle("error", Boolean(isError));
}

async function getJSON(url) {
  const res = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail || body);
    throw new Error(`${res.status}: ${detail}`);
  }
  return body;
}

function cellText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return value.map(cellText).join("、");
  if (value.labels && value.props) return value.props.name || value.id;  // a node
  if (value.type && value.source) return value.type + (value.props && value.props.role ? `（${value.props.role}）` : "");
  if (value.nodes) return value.nodes.map(cellText).join(" → ");  // a path
  return JSON.stringify(value);
}

function entityLink(node) {
  const a = el("a", node.props.name || node.id, { href: "/entity?id=" + encodeURIComponent(node.id) });
  return a;
}

function documentHref(docId, key) {
  return "/documents/" + encodeURIComponent(docId) + (key ? "?fact=" + encodeURIComponent(key) : "");
}

// A relationship with its evidence: the type, then the sentence as a quote linking to its place in the document.
function factCell(td, edge, docTitle, docDate) {
  td.appendChild(el("span", cellText(edge)));
  const p = edge.props || {};
  if (!p.evidence) return;
  const quote = el("blockquote", p.evidence, { class: "evidence" });
  td.appendChild(quote);
  if (p.doc_id) {
    const src = el("a", `——《${docTitle || p.doc_id}》${docDate || ""}`, { href: documentHref(p.doc_id, p.key), class: "source" });
    td.appendChild(src);
  }
}

function renderTable(table, columns, rows) {
  table.replaceChildren();
  const head = el("tr");
  columns.forEach((c) => head.appendChild(el("th", c)));
  table.appendChild(head);
  const docCol = columns.indexOf("doc_id");
  const titleCol = ["document", "title"].map((c) => columns.indexOf(c)).find((i) => i >= 0);
  const dateCol = columns.indexOf("date");
  rows.forEach((row) => {
    const tr = el("tr");
    const docTitle = titleCol !== undefined ? row[titleCol] : "";
    const docDate = dateCol >= 0 ? row[dateCol] : "";
    row.forEach((value, i) => {
      const td = el("td");
      if (value && typeof value === "object" && value.labels && value.props) td.appendChild(entityLink(value));
      else if (value && typeof value === "object" && value.type && value.source) factCell(td, value, docTitle, docDate);
      else if (i === docCol && typeof value === "string" && value) td.appendChild(el("a", value, { href: documentHref(value) }));
      else if (i === titleCol && docCol >= 0 && row[docCol]) td.appendChild(el("a", cellText(value), { href: documentHref(row[docCol]) }));
      else td.textContent = cellText(value);
      tr.appendChild(td);
    });
    table.appendChild(tr);
  });
}

function currentQuery() {
  return queries.find((q) => q.name === $("query-select").value);
}

function buildForm() {
  const q = currentQuery();
  const box = $("param-fields");
  box.replaceChildren();
  $("query-description").textContent = q ? `${q.description_zh || q.description}（${q.view === "graph" ? "图" : "表"}）` : "";
  if (!q) return;
  q.params.forEach((p) => {
    const row = el("div", null, { class: "param" });
    const id = "param-" + p.name;
    row.appendChild(el("label", (p.label_zh || p.name) + (p.required ? " *" : ""), { for: id, title: p.name }));
    let input;
    if (p.type === "bool") {
      input = el("input", null, { type: "checkbox", id, name: p.name });
      input.checked = Boolean(p.default);
    } else {
      input = el("input", null, { id, name: p.name, type: p.type === "str" ? "text" : "number" });
      if (p.type === "float") input.step = "any";
      if (p.default !== null && p.default !== undefined) input.value = String(p.default);
      if (p.type !== "str") {
        if (p.min !== null) input.min = String(p.min);
        if (p.max !== null) input.max = String(p.max);
      } else if (p.max !== null) input.maxLength = p.max;
      if (p.required) input.required = true;
    }
    row.appendChild(input);
    if (p.description) row.appendChild(el("small", p.description));
    box.appendChild(row);
  });
}

function formParams() {
  const q = currentQuery();
  const params = new URLSearchParams();
  q.params.forEach((p) => {
    const input = $("param-" + p.name);
    if (p.type === "bool") params.set(p.name, input.checked ? "true" : "false");
    else if (input.value !== "" || p.type === "str") params.set(p.name, input.value);
  });
  return params;
}

async function runQuery(event) {
  event.preventDefault();
  const q = currentQuery();
  const params = formParams();
  const qs = params.toString();
  setStatus("query-status", "运行中…");
  $("view-frame").hidden = true;
  $("result-actions").hidden = true;
  $("result-table").replaceChildren();
  try {
    const out = await getJSON(`/queries/${encodeURIComponent(q.name)}?${qs}`);
    setStatus("query-status", `${out.rows.length} 行${out.truncated ? "（已截断）" : ""}`);
    renderTable($("result-table"), out.columns, out.rows);
    const viewUrl = `/views/${encodeURIComponent(q.name)}?${qs}`;
    const absolute = new URL(viewUrl, window.location.href).href;
    $("download-png").href = `/views/${encodeURIComponent(q.name)}.png?${qs}`;
    $("download-svg").href = `/views/${encodeURIComponent(q.name)}.svg?${qs}`;
    $("download-png").setAttribute("download", `${q.name}.png`);
    $("download-svg").setAttribute("download", `${q.name}.svg`);
    $("open-view").href = viewUrl;
    const iframe = document.createElement("iframe");
    iframe.setAttribute("src", absolute);
    iframe.setAttribute("title", q.title);
    iframe.setAttribute("width", "100%");
    iframe.setAttribute("height", "600");
    iframe.setAttribute("loading", "lazy");
    // attribute values are escaped by the serializer; the style is added as text because setting a style
    // attribute, even on a detached element, is an inline style the page's CSP refuses (console error).
    $("embed-snippet").value = iframe.outerHTML.replace("<iframe ", '<iframe style="border:0" ');
    $("result-actions").hidden = false;
    if (q.view === "graph") {
      $("view-frame").src = viewUrl;
      $("view-frame").hidden = false;
    }
  } catch (err) {
    setStatus("query-status", err.message, true);
  }
}

async function copyEmbed() {
  const text = $("embed-snippet").value;
  try {
    await navigator.clipboard.writeText(text);
  } catch (_) {
    $("embed-snippet").select();
    document.execCommand("copy");
  }
  setStatus("query-status", "嵌入代码已复制");
}

async function search(event) {
  event.preventDefault();
  const q = $("search-q").value.trim();
  if (!q) return;
  $("search-section").hidden = false;
  const list = $("search-results");
  list.replaceChildren();
  setStatus("search-status", "搜索中…");
  try {
    const out = await getJSON(`/entities?q=${encodeURIComponent(q)}`);
    const note = out.searched !== out.query ? `（按简体“${out.searched}”搜索）` : "";
    setStatus("search-status", `${out.results.length} 个结果${note}`);
    out.results.forEach((r) => {
      const li = el("li");
      li.appendChild(el("a", r.name, { href: "/entity?id=" + encodeURIComponent(r.id) }));
      li.appendChild(document.createTextNode(` · ${r.type}`));
      if (r.aliases && r.aliases.length) li.appendChild(document.createTextNode(` · 又称 ${r.aliases.join("、")}`));
      list.appendChild(li);
    });
  } catch (err) {
    setStatus("search-status", err.message, true);
  }
}

async function loadRegions() {
  try {
    const regions = await getJSON("/regions");
    ["region-select", "compare-select"].forEach((id) => {
      regions.forEach((r) => $(id).appendChild(el("option", `${r.name}（${r.documents} 份文件）`, { value: r.name })));
    });
    if (regions.length > 1) $("compare-select").selectedIndex = 1;
  } catch (err) {
    setStatus("region-status", err.message, true);
  }
}

function openRegion(event) {
  event.preventDefault();
  const name = $("region-select").value;
  if (name) window.location.href = "/regions/" + encodeURIComponent(name);
}

function openCompare() {
  const a = $("region-select").value;
  const b = $("compare-select").value;
  if (a && b) window.location.href = `/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
}

async function init() {
  $("region-form").addEventListener("submit", openRegion);
  $("compare-button").addEventListener("click", openCompare);
  $("query-form").addEventListener("submit", runQuery);
  $("search-form").addEventListener("submit", search);
  $("copy-embed").addEventListener("click", copyEmbed);
  $("query-select").addEventListener("change", buildForm);
  try {
    queries = await getJSON("/queries");
  } catch (err) {
    setStatus("query-status", err.message, true);
    return;
  }
  // Internal queries (exports, analytics snapshots) are run by the application itself, not offered here.
  queries = queries.filter((q) => !q.internal);
  queries.forEach((q) => $("query-select").appendChild(el("option", q.title, { value: q.name, title: q.name })));
  loadRegions();
  const wanted = new URLSearchParams(window.location.search).get("query");
  if (wanted && queries.some((q) => q.name === wanted)) $("query-select").value = wanted;
  buildForm();
}

document.addEventListener("DOMContentLoaded", init);
