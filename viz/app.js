/* paperkg view: legend, label filters, search, neighbourhood highlight, details panel.
   Every string from the data is put into the page with textContent or as an attribute value;
   links are only made from http(s) URLs. */
(function () {
  "use strict";
  var errors = (window.kgErrors = []);
  window.addEventListener("error", function (e) { errors.push(String(e.message || e)); });
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var fontColor = dark ? "#e8e8ea" : "#1d1d1f";
  var strokeColor = dark ? "#111216" : "#ffffff";
  var faded = dark ? "rgba(120,120,130,0.18)" : "rgba(160,160,170,0.22)";
  var fadedFont = dark ? "rgba(200,200,210,0.25)" : "rgba(60,60,70,0.25)";
  var edgeColor = dark ? "rgba(170,175,190,0.35)" : "rgba(90,95,110,0.30)";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }
  function link(parent, href, text) {
    var u = safeUrl(href);
    if (!u) return;
    var a = el("a", null, text);
    a.href = u; a.target = "_blank"; a.rel = "noopener noreferrer";
    parent.appendChild(a);
  }
  function shorten(s, n) { s = String(s || ""); return s.length > n ? s.slice(0, n - 1) + "…" : s; }

  var info = data.info;
  function tooltip(id) {
    var i = info[id], box = el("div", "tip");
    box.appendChild(el("b", null, i.t));
    if (i.a && i.a.length) box.appendChild(el("div", null, shorten(i.a.join(", "), 220)));
    var meta = [i.k, i.d, (i.c || []).join(" ")].filter(Boolean).join(" · ");
    box.appendChild(el("div", "k", meta));
    if (i.s) box.appendChild(el("div", null, shorten(i.s, 320)));
    if (i.n !== undefined) box.appendChild(el("div", "k", i.n + " connection" + (i.n === 1 ? "" : "s") + " in the full graph"));
    return box;
  }

  /* Sizes are given in screen pixels at the initial zoom. Estimate the zoom at which the whole
     layout fits the canvas (as vis's fit() will), and size nodes and labels for it up front. */
  var container = document.getElementById("kg-network");
  var nodesArr = data.nodes, origColor = {}, origFont = {};
  var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  nodesArr.forEach(function (n) {
    minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x); minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
  });
  var s0 = Math.min(container.clientWidth / (maxX - minX + 1), container.clientHeight / (maxY - minY + 1)) * 0.8;
  if (!isFinite(s0)) s0 = 1;
  if (s0 > 1 && nodesArr.length > 1) {  /* a small graph: spread it over the canvas at zoom 1 */
    var k = Math.min(s0, 4);
    nodesArr.forEach(function (n) { n.x *= k; n.y *= k; });
  }
  s0 = Math.max(0.02, Math.min(s0, 1));
  var dense = Math.min(1, Math.sqrt(300 / Math.max(nodesArr.length, 1)));  /* smaller nodes in big views */
  data.options.nodes.scaling.min = Math.max(2.5, data.node_px[0] * dense) / s0;
  data.options.nodes.scaling.max = Math.max(10, data.node_px[1] * dense) / s0;
  var fontSize = function (id) { return data.label_px[info[id].tier] / s0; };
  var baseFont = {};  /* the ranked label size; origFont is what declutter() leaves of it */
  nodesArr.forEach(function (n) {
    n.font = { color: fontColor, strokeColor: strokeColor, strokeWidth: 3, size: fontSize(n.id) };
    origColor[n.id] = n.color; origFont[n.id] = n.font; baseFont[n.id] = n.font;
  });
  data.edges.forEach(function (e, k) { e.id = k; if (!e.color) e.color = edgeColor; });
  var nodes = new vis.DataSet(nodesArr);
  var edges = new vis.DataSet(data.edges);
  var t0 = performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  network.fit({ animation: false });

  /* hover card, built only for the node under the pointer */
  var tip = el("div", "vis-tooltip tip");
  tip.style.position = "absolute"; tip.style.visibility = "hidden"; tip.style.pointerEvents = "none";
  container.style.position = "relative";
  container.appendChild(tip);
  network.on("hoverNode", function (p) {
    tip.textContent = "";
    tip.appendChild(tooltip(p.node));
    var x = p.pointer.DOM.x + 14, y = p.pointer.DOM.y + 14;
    tip.style.visibility = "visible";
    tip.style.left = Math.min(x, container.clientWidth - tip.offsetWidth - 8) + "px";
    tip.style.top = Math.min(y, container.clientHeight - tip.offsetHeight - 8) + "px";
  });
  network.on("blurNode", function () { tip.style.visibility = "hidden"; });
  network.on("dragStart", function () { tip.style.visibility = "hidden"; });
  /* ---- labels: drawn in rank order; one that would overlap a label already placed (on screen, at
     the current zoom) is shrunk so that it only shows when zoomed in further ---- */
  var hiddenGroups = {}, highlighted = false;
  var measure = document.createElement("canvas").getContext("2d");
  var scaling = data.options.nodes.scaling, face = data.options.nodes.font.face;
  var vmin = Infinity, vmax = -Infinity;
  nodesArr.forEach(function (n) { vmin = Math.min(vmin, n.value || 0); vmax = Math.max(vmax, n.value || 0); });
  function radius(n) {  /* vis's default value -> size mapping */
    var t = vmax > vmin ? ((n.value || 0) - vmin) / (vmax - vmin) : 0.5;
    return scaling.min + t * (scaling.max - scaling.min);
  }
  function declutter() {
    var scale = network.getScale(), shown = scaling.label.drawThreshold - 1, cap = scaling.label.maxVisible;
    var pos = network.getPositions(), grid = {}, cell = 96, upd = [], placed = 0;
    function cells(b, add) {
      var hit = false;
      for (var i = Math.floor(b[0] / cell); i <= Math.floor(b[2] / cell); i++) {
        for (var j = Math.floor(b[1] / cell); j <= Math.floor(b[3] / cell); j++) {
          var key = i + "," + j, list = grid[key] || (grid[key] = []);
          if (add) { list.push(b); continue; }
          for (var k = 0; k < list.length && !hit; k++) {
            var o = list[k];
            hit = b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3];
          }
        }
      }
      return hit;
    }
    function box(n, px) {
      measure.font = px + "px " + face;
      var p = network.canvasToDOM(pos[n.id]), w = measure.measureText(n.label || "").width / 2 + 3;
      var top = p.y + radius(n) * scale;
      return [p.x - w, top, p.x + w, top + px * 1.25 + 2];
    }
    var small = shown + 2;  /* a label that does not fit at its size may still fit this small */
    nodesArr.forEach(function (n) {  /* nodes come in rank order */
      var f = baseFont[n.id], px = Math.min(f.size * scale, cap), font = f, sizes = [], got = 0;
      if (!hiddenGroups[info[n.id].gr]) {
        if (px >= shown) sizes.push(px);
        if (px > small || (px < shown && px * 1.5 >= shown && info[n.id].tier < 2)) sizes.push(small);
      }
      for (var i = 0; i < sizes.length && !got; i++) {
        var b = box(n, sizes[i]);
        if (!cells(b, false)) { cells(b, true); placed++; got = sizes[i]; }
      }
      if (got && got !== f.size * scale) font = Object.assign({}, f, { size: got / scale });  /* vis mis-centres capped labels */
      else if (!got && px >= shown) font = Object.assign({}, f, { size: Math.min(data.label_px[2] / s0, (0.9 * shown) / scale) });
      if (font.size !== origFont[n.id].size) { origFont[n.id] = font; upd.push({ id: n.id, font: font }); }
    });
    if (upd.length && !highlighted) nodes.update(upd);
    window.kgLabels = placed;  /* labels drawn at this zoom (for tests) */
  }
  var declutterTimer = null;
  declutter();  /* at the first fit already: the first frame is drawn without piles */
  function later() { clearTimeout(declutterTimer); declutterTimer = setTimeout(declutter, 150); }
  network.on("zoom", later);
  network.on("animationFinished", later);
  network.on("resize", function () { setTimeout(declutter, 0); });  /* vis rescales the view to the new width */

  /* label sizes are known after the first frame: fit once more, place labels, then the page is ready */
  network.once("afterDrawing", function () {
    network.fit({ animation: false });
    declutter();
    network.once("afterDrawing", function () {
      window.kgReadyMs = performance.now() - t0;  /* network created -> fitted frame drawn */
      window.kgReadyAt = performance.now();  /* navigation start -> fitted frame drawn */
      document.body.setAttribute("data-ready", "1");
    });
  });

  /* ---- note ---- */
  document.getElementById("kg-note").textContent = data.note;

  /* ---- legend + label filters ---- */
  var legend = document.getElementById("kg-legend");
  data.legend.forEach(function (g) {
    var li = el("li");
    li.setAttribute("data-group", g.key);
    li.setAttribute("role", "checkbox");
    li.setAttribute("aria-checked", "true");
    li.tabIndex = 0;
    var sw = el("span", "sw " + g.shape); sw.style.background = g.color;
    li.appendChild(sw); li.appendChild(el("span", null, g.name)); li.appendChild(el("span", "n", g.count));
    function toggle() {
      var off = !hiddenGroups[g.key];
      hiddenGroups[g.key] = off;
      li.classList.toggle("off", off);
      li.setAttribute("aria-checked", off ? "false" : "true");
      var upd = [];
      nodesArr.forEach(function (n) { if (String(info[n.id].gr) === String(g.key)) upd.push({ id: n.id, hidden: off }); });
      nodes.update(upd);
      declutter();
    }
    li.addEventListener("click", toggle);
    li.addEventListener("keydown", function (e) { if (e.key === " " || e.key === "Enter") { e.preventDefault(); toggle(); } });
    legend.appendChild(li);
  });

  /* ---- highlight ---- */
  function highlight(id) {
    var keep = {}; keep[id] = true;
    network.getConnectedNodes(id).forEach(function (k) { keep[k] = true; });
    var nu = [], eu = [];
    nodesArr.forEach(function (n) {
      nu.push(keep[n.id] ? { id: n.id, color: origColor[n.id], font: origFont[n.id] }
                         : { id: n.id, color: faded, font: { color: fadedFont, strokeWidth: 0, size: origFont[n.id].size } });
    });
    data.edges.forEach(function (e) {
      var on = e.from === id || e.to === id;
      eu.push({ id: e.id, color: on ? (dark ? "#dfe3ea" : "#3a3f4b") : faded, width: on ? 1.6 : 0.5 });
    });
    nodes.update(nu); edges.update(eu); highlighted = true;
  }
  function clearHighlight() {
    if (!highlighted) return;
    nodes.update(nodesArr.map(function (n) { return { id: n.id, color: origColor[n.id], font: origFont[n.id] }; }));
    edges.update(data.edges.map(function (e) { return { id: e.id, color: e.color, width: e.width || 0.6 }; }));
    highlighted = false;
  }

  /* ---- details panel ---- */
  var details = document.getElementById("kg-details");
  function showDetails(id) {
    var i = info[id];
    details.textContent = "";
    details.hidden = false;
    details.appendChild(el("div", "kind", i.k));
    details.appendChild(el("h3", null, i.t));
    if (i.a && i.a.length) details.appendChild(el("p", null, shorten(i.a.join(", "), 600)));
    var meta = [i.d, (i.c || []).join(", ")].filter(Boolean).join(" · ");
    if (meta) details.appendChild(el("p", "muted", meta));
    if (i.s) details.appendChild(el("p", null, i.s));
    var links = el("p", "links");
    link(links, i.u, "arXiv"); link(links, i.p, "PDF");
    (i.g || []).forEach(function (g, k) { link(links, g, k ? "code " + (k + 1) : "code"); });
    if (links.childNodes.length) details.appendChild(links);
    var nb = network.getConnectedNodes(id);
    if (nb.length) {
      details.appendChild(el("p", "muted small", nb.length + " neighbour" + (nb.length === 1 ? "" : "s") + " shown:"));
      var ul = el("ul");
      nb.slice(0, 25).forEach(function (k) {
        var li = el("li"), a = el("a", null, shorten(info[k].t, 80));
        a.href = "#"; a.addEventListener("click", function (ev) { ev.preventDefault(); focusNode(k); });
        li.appendChild(a); ul.appendChild(li);
      });
      details.appendChild(ul);
    }
    details.appendChild(el("p", "muted small", i.key));
  }
  function focusNode(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    highlight(id); showDetails(id);
  }
  network.on("click", function (p) {
    if (p.nodes.length) { highlight(p.nodes[0]); showDetails(p.nodes[0]); }
    else { clearHighlight(); details.hidden = true; }
  });

  /* ---- search ---- */
  var names = nodesArr.map(function (n) {
    var i = info[n.id];
    return { id: n.id, name: String(i.t).toLowerCase(), key: String(i.key).toLowerCase(), v: n.value || 0 };
  });
  var dl = document.getElementById("kg-names");
  names.slice().sort(function (a, b) { return b.v - a.v; }).slice(0, 400).forEach(function (n) {
    var o = document.createElement("option"); o.value = info[n.id].t; dl.appendChild(o);
  });
  function findNode(q) {
    q = String(q || "").trim().toLowerCase();
    if (!q) return null;
    var best = null, rank = 9;
    names.forEach(function (n) {
      if (hiddenGroups[info[n.id].gr]) return;
      var r = n.name === q || n.key === q ? 0 : n.name.indexOf(q) === 0 ? 1 : n.name.indexOf(q) >= 0 ? 2 : n.key.indexOf(q) >= 0 ? 3 : 9;
      if (r < rank || (r === rank && r < 9 && n.v > best.v)) { best = n; rank = r; }
    });
    return best ? best.id : null;
  }
  var msg = document.getElementById("kg-search-msg");
  document.getElementById("kg-search-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = document.getElementById("kg-search").value, id = findNode(q);
    if (id === null) { msg.textContent = "No node matches “" + q + "”."; return; }
    msg.textContent = "";
    focusNode(id);
  });

  window.kgView = { network: network, nodes: nodes, edges: edges, info: info, find: findNode, focus: focusNode, declutter: declutter };
  if (data.focus !== null && data.focus !== undefined) {
    network.once("afterDrawing", function () { network.selectNodes([data.focus]); showDetails(data.focus); });
  }
})();
