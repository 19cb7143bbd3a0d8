/* conflictmap: control layers, popups, legend, timeline and comparison for Leaflet 1.9.
 *
 * Escaping by construction: every string that comes from articles, outlets, URLs or the
 * gazetteer arrives as JSON data and reaches the page only through textContent, setAttribute
 * or createElement. Nothing here assigns innerHTML or builds HTML strings from data.
 * Links are made only for http: and https: URLs.
 */
window.conflictmap = (function () {
  "use strict";
  var KIND_RADIUS = {city: 8, town: 6, village: 4.5, base: 8, airport: 8, crossing: 8, camp: 7};
  var KIND_SHAPE = {base: "square", airport: "square", crossing: "diamond", camp: "triangle"};
  var SHAPES = {  // unit outlines inside the marker's radius, so Leaflet's bounds and hit-testing still hold
    square: [[-0.8, -0.8], [0.8, -0.8], [0.8, 0.8], [-0.8, 0.8]],
    diamond: [[0, -1], [1, 0], [0, 1], [-1, 0]],
    triangle: [[0, -1], [0.9, 0.65], [-0.9, 0.65]]
  };

  /* A circleMarker that can also be a square, diamond or triangle, on SVG and canvas renderers. */
  var ShapeMarker = L.CircleMarker.extend({
    options: {shape: "circle"},
    _updatePath: function () {
      var outline = SHAPES[this.options.shape];
      if (!outline) { return L.CircleMarker.prototype._updatePath.call(this); }
      var r = this._radius, c = this._point;
      var pts = outline.map(function (q) { return L.point(c.x + q[0] * r, c.y + q[1] * r); });
      if (this._renderer instanceof L.SVG) {
        this._renderer._setPath(this, "M" + pts.map(function (q) { return q.x + " " + q.y; }).join("L") + "z");
      } else {
        this._parts = [pts];
        this._renderer._updatePoly(this, true);
      }
    }
  });
  var STATE_LABEL = {
    held: ["مسيطر عليها", "held"], contested: ["متنازع عليها", "contested"],
    besieged: ["محاصرة", "besieged"], unknown: ["غير معروف", "unknown"]
  };
  var KIND_LABEL = {
    city: ["مدينة", "city"], town: ["بلدة", "town"], village: ["قرية", "village"],
    base: ["قاعدة", "base"], airport: ["مطار", "airport"], crossing: ["معبر", "crossing"],
    camp: ["مخيم", "camp"]
  };
  var RELATION_LABEL = {
    captured: "سيطر", controls: "يسيطر", lost: "خسر", withdrew: "انسحب",
    besieged: "حاصر", contested: "اشتباكات", attacked: "هاجم"
  };
  var STATES = ["held", "contested", "besieged", "unknown"];
  var UNKNOWN = {id: "unknown", ar: "غير معروف", en: "Unknown", color: "#9e9e9e"};
  var instances = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function safeHref(url) {
    if (typeof url !== "string") { return null; }
    try {
      var parsed = new URL(url);
      return (parsed.protocol === "http:" || parsed.protocol === "https:") ? parsed.href : null;
    } catch (e) { return null; }
  }

  function swatch(color, ring) {
    var s = el("span", {"class": "cm-swatch" + (ring ? " cm-ring" : "")});
    s.style.background = ring ? "transparent" : color;
    s.style.borderColor = color;
    return s;
  }

  function forceOf(data, idx) { return idx === null || idx === undefined || idx < 0 ? UNKNOWN : data.forces[idx]; }

  function bilingual(parent, ar, en) {
    parent.appendChild(el("span", {"class": "cm-ar"}, ar));
    if (en) {
      parent.appendChild(document.createTextNode(" "));
      parent.appendChild(el("span", {"class": "cm-en", dir: "ltr", lang: "en"}, en));
    }
    return parent;
  }

  function evidenceItem(row) {
    // row: [sentence, source, url, href, outlet, date, relation, force_index, confidence]
    var li = el("li");
    li.appendChild(el("blockquote", {"class": "cm-evidence", dir: "rtl", lang: "ar"}, row[0]));
    var meta = el("div", {"class": "cm-meta"});
    var parts = [row[4], row[5], RELATION_LABEL[row[6]] ? RELATION_LABEL[row[6]] + " (" + row[6] + ")" : row[6]];
    // each untrusted field in its own <bdi dir="auto">: a U+202E in an outlet must not flip the date beside it
    parts.filter(Boolean).forEach(function (part, i) {
      if (i) { meta.appendChild(document.createTextNode(" · ")); }
      meta.appendChild(el("bdi", {dir: "auto"}, part));
    });
    var href = row[3] && safeHref(row[3]);
    var source = el("span", {"class": "cm-source", dir: "ltr"});
    if (href) {
      var a = el("a", {href: href, target: "_blank", rel: "noopener noreferrer nofollow"}, row[1] || href);
      source.appendChild(a);
    } else {
      source.textContent = row[1] + (row[2] ? " — " + row[2] : "");
    }
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(source);
    li.appendChild(meta);
    return li;
  }

  function popupContent(data, place, st) {
    var box = el("div", {"class": "cm-popup", dir: "rtl", lang: "ar"});
    bilingual(box.appendChild(el("h3")), place.ar, place.en);
    var table = box.appendChild(el("table"));
    function row(ar, en, fill) {
      var tr = table.appendChild(el("tr"));
      bilingual(tr.appendChild(el("th")), ar, en);
      fill(tr.appendChild(el("td")));
    }
    row("القوة", "Force", function (td) {
      var ids = st[2].length ? st[2] : [st[1]];
      ids.forEach(function (i, n) {
        var f = forceOf(data, i);
        if (n) { td.appendChild(document.createTextNode("، ")); }
        td.appendChild(swatch(f.color));
        bilingual(td, f.ar, f.en);
      });
    });
    var label = STATE_LABEL[STATES[st[3]]] || STATE_LABEL.unknown;
    row("الحالة", "State", function (td) { bilingual(td, label[0], label[1] + (st[8] ? " (stale)" : "")); });
    row("منذ", "Since", function (td) { td.appendChild(el("span", {dir: "ltr"}, st[4] || "—")); });
    row("الثقة", "Confidence", function (td) {
      td.appendChild(el("span", {dir: "ltr"}, Math.round(st[5] * 100) + "% · " + st[6] + " source(s)"));
    });
    var kind = KIND_LABEL[place.kind];
    if (kind || place.kind) {
      row("النوع", "Kind", function (td) { bilingual(td, kind ? kind[0] : place.kind, kind ? kind[1] : ""); });
    }
    if (place.admin1 || place.country) {
      row("المنطقة", "Area", function (td) { td.textContent = [place.admin1, place.country].filter(Boolean).join("، "); });
    }
    if (st[7].length) {
      bilingual(box.appendChild(el("h4")), "الأدلة", "Evidence");
      var list = box.appendChild(el("ol", {"class": "cm-evidence-list"}));
      st[7].forEach(function (i) { list.appendChild(evidenceItem(data.evidence[i])); });
    }
    return box;
  }

  function markerFor(data, place, st, latlng, renderer) {
    var f = forceOf(data, st[1] >= 0 ? st[1] : (st[2].length ? st[2][0] : -1));
    var state = STATES[st[3]] || "unknown";
    var radius = KIND_RADIUS[place.kind] || 5;
    var style = {
      renderer: renderer, radius: radius, fillColor: f.color, fillOpacity: st[8] ? 0.45 : 0.9,
      color: "#ffffff", weight: 1.2, opacity: 1, shape: KIND_SHAPE[place.kind] || "circle",
      className: "cm-marker"
    };
    if (state === "contested" && st[2].length > 1) {
      style.color = forceOf(data, st[2][1]).color;   // two colours: fill one side, ring the other
      style.weight = 3.5;
    }
    var marker = new ShapeMarker(latlng, style);
    var layer = marker;
    if (state === "besieged") {
      var besieger = st[2].length > 1 ? forceOf(data, st[2][1]).color : "#000000";
      var ring = L.circleMarker(latlng, {
        renderer: renderer, radius: radius + 4, fill: false, color: besieger, weight: 2.2,
        dashArray: "4,3", interactive: false, className: "cm-ring"
      });
      layer = L.featureGroup([ring, marker]);
    }
    marker.bindPopup(function () { return popupContent(data, place, st); }, {maxWidth: 420, maxHeight: 360});
    // Every marker keeps a hover tooltip with its name, whether or not its label fits on screen.
    marker.bindTooltip(function () { return placeTip(place); }, {direction: "top", offset: [0, -radius], sticky: false});
    marker.on("add", function () {
      var node = marker.getElement && marker.getElement();
      if (node) {
        node.setAttribute("data-place", place.ar);
        node.setAttribute("data-place-en", place.en || "");
        node.setAttribute("data-force", f.id);
        node.setAttribute("data-state", state);
      }
    });
    marker.cmInfo = {place: place.ar, en: place.en, force: f.id, state: state};
    return {layer: layer, marker: marker, force: f.id, radius: radius};
  }

  function placeTip(place) {
    var box = el("span", {"class": "cm-tip", dir: "rtl", lang: "ar"});
    return bilingual(box, place.ar, place.en);
  }

  /* Labels that never collide: greedy placement by priority against the screen boxes of labels already placed
   * (and of cluster symbols), in a grid index, recomputed after every zoom and move. Each label is a box of
   * measured width with overflow hidden, so what the page shows is exactly the box that was checked. */
  var LABEL_H = 17, LABEL_PAD = 6, LABEL_CELL = 80, LABEL_FONT = "12px \"Noto Naskh Arabic\", \"DejaVu Sans\", Tahoma, sans-serif";
  var measureCtx = null, widths = {};

  function textWidth(text) {
    if (widths[text] === undefined) {
      if (!measureCtx) { measureCtx = document.createElement("canvas").getContext("2d"); measureCtx.font = LABEL_FONT; }
      widths[text] = Math.ceil(measureCtx.measureText(text).width) + LABEL_PAD;
    }
    return widths[text];
  }

  function BoxIndex(cell) { this.cell = cell; this.cells = {}; }
  BoxIndex.prototype.keys = function (b, fn) {
    for (var i = Math.floor(b[0] / this.cell); i <= Math.floor(b[2] / this.cell); i++) {
      for (var j = Math.floor(b[1] / this.cell); j <= Math.floor(b[3] / this.cell); j++) { fn(i + ":" + j); }
    }
  };
  BoxIndex.prototype.hits = function (b) {
    var cells = this.cells, hit = false;
    this.keys(b, function (k) {
      if (hit || !cells[k]) { return; }
      hit = cells[k].some(function (o) { return o[0] < b[2] && b[0] < o[2] && o[1] < b[3] && b[1] < o[3]; });
    });
    return hit;
  };
  BoxIndex.prototype.add = function (b) {
    var cells = this.cells;
    this.keys(b, function (k) { (cells[k] = cells[k] || []).push(b); });
  };

  function labelLayer(map) {
    var pane = map.getPane("cm-labels") || map.createPane("cm-labels");
    pane.style.zIndex = 620;  // above markers and cluster symbols (600), below tooltips (650) and popups (700)
    pane.style.pointerEvents = "none";
    var pool = [];
    map.on("zoomstart", function () { pane.style.visibility = "hidden"; });
    return {
      pane: pane,
      /* cands: [{text, latlng, r, key, first}] in priority order; obstacles: container-pixel boxes; ``later``:
       * boxes that only the candidates after the ``first`` ones must avoid. Returns the labels placed. */
      place: function (cands, obstacles, later, limit) {
        var size = map.getSize(), index = new BoxIndex(LABEL_CELL), placed = [], lateAdded = false;
        obstacles.forEach(function (b) { index.add(b); });
        for (var n = 0; n < cands.length && placed.length < limit; n++) {
          var c = cands[n], p = map.latLngToContainerPoint(c.latlng), w = textWidth(c.text), h = LABEL_H, r = c.r + 2;
          if (!c.first && !lateAdded) { later.forEach(function (b) { index.add(b); }); lateAdded = true; }
          var tries = [[p.x + r, p.y - h / 2], [p.x - r - w, p.y - h / 2], [p.x - w / 2, p.y - r - h], [p.x - w / 2, p.y + r]];
          for (var t = 0; t < tries.length; t++) {
            var b = [tries[t][0], tries[t][1], tries[t][0] + w, tries[t][1] + h];
            if (b[0] < 0 || b[1] < 0 || b[2] > size.x || b[3] > size.y || index.hits(b)) { continue; }
            index.add(b);
            placed.push({c: c, box: b});
            break;
          }
        }
        var origin = map.containerPointToLayerPoint([0, 0]);
        placed.forEach(function (item, i) {
          var node = pool[i];
          if (!node) { node = pool[i] = pane.appendChild(el("div", {"class": "cm-label", dir: "rtl", lang: "ar"})); }
          node.textContent = item.c.text;
          node.setAttribute("data-label", item.c.key);
          node.style.width = (item.box[2] - item.box[0]) + "px";
          node.style.height = LABEL_H + "px";
          node.style.display = "";
          L.DomUtil.setPosition(node, L.point(item.box[0] + origin.x, item.box[1] + origin.y));
        });
        for (var k = placed.length; k < pool.length; k++) { pool[k].style.display = "none"; }
        pane.style.visibility = "";
        return placed;
      }
    };
  }

  /* Container-pixel boxes of the map's controls (legend, layer list, timeline...) and of the comparison's change
   * markers: no label is placed over one. */
  function panelBoxes(map) {
    var controls = map.getContainer().querySelectorAll(".leaflet-control");
    if (!map.cmPanelBoxes || map.cmPanelCount !== controls.length) {  // measured again when a panel comes, folds
      var origin = map.getContainer().getBoundingClientRect();  // or unfolds, or the map is resized
      map.cmPanelCount = controls.length;
      map.cmPanelBoxes = Array.prototype.map.call(controls, function (node) {
        var r = node.getBoundingClientRect();
        return [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top];
      });
      map.once("cmpanels resize", function () { map.cmPanelBoxes = null; });
    }
    var boxes = map.cmPanelBoxes.slice();
    (map.cmChangeMarkers || []).forEach(function (m) {
      if (!map.hasLayer(m)) { return; }
      var p = map.latLngToContainerPoint(m.getLatLng()), r = m.options.radius + m.options.weight;
      boxes.push([p.x - r, p.y - r, p.x + r, p.y + r]);
    });
    return boxes;
  }

  /* Priority of a place's label: kind (governorate seat, city, town, village), then the newest and surest claim. */
  var KIND_RANK = {governorate: 0, city: 1, town: 2, base: 2, airport: 2, crossing: 2, camp: 3, village: 4};
  function labelOrder(data, states) {
    var rows = Object.keys(states).map(function (pi) {
      var p = data.places.features[pi].properties, st = states[pi];
      var rank = p.seat ? 0 : (KIND_RANK[p.kind] === undefined ? 5 : KIND_RANK[p.kind]);
      return [rank, st[4] || "", st[5] || 0, +pi];
    });
    rows.sort(function (a, b) {
      return a[0] - b[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0) || b[2] - a[2] || a[3] - b[3];
    });
    return rows.map(function (r) { return r[3]; });
  }

  /* A cluster symbol: a ring split by the forces inside it (in proportion), the count in the middle. */
  function clusterIcon(data, counts, total) {
    var size = Math.round(26 + 7 * Math.log(total) / Math.LN10), r = size / 2 - 3, c = size / 2;
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("width", size); svg.setAttribute("height", size);
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    var circ = 2 * Math.PI * r, offset = 0;
    var back = svg.appendChild(document.createElementNS(NS, "circle"));
    back.setAttribute("cx", c); back.setAttribute("cy", c); back.setAttribute("r", r + 2.5);
    back.setAttribute("fill", "rgba(255,255,255,0.92)");
    counts.forEach(function (fc) {
      var seg = svg.appendChild(document.createElementNS(NS, "circle"));
      var len = circ * fc[1] / total;
      seg.setAttribute("cx", c); seg.setAttribute("cy", c); seg.setAttribute("r", r);
      seg.setAttribute("fill", "none"); seg.setAttribute("stroke", forceOf(data, fc[0]).color);
      seg.setAttribute("stroke-width", "5");
      seg.setAttribute("stroke-dasharray", len + " " + (circ - len));
      seg.setAttribute("stroke-dashoffset", String(-offset));
      seg.setAttribute("transform", "rotate(-90 " + c + " " + c + ")");
      offset += len;
    });
    var text = svg.appendChild(document.createElementNS(NS, "text"));
    text.setAttribute("x", c); text.setAttribute("y", c); text.setAttribute("text-anchor", "middle");
    text.setAttribute("dominant-baseline", "central"); text.setAttribute("class", "cm-cluster-count");
    text.textContent = total >= 1000 ? (Math.round(total / 100) / 10) + "k" : String(total);
    var box = el("div", {"class": "cm-cluster", "data-count": total,
                         "data-forces": counts.map(function (fc) { return forceOf(data, fc[0]).id + ":" + fc[1]; }).join(",")});
    box.appendChild(svg);
    return L.divIcon({html: box, className: "cm-cluster-icon", iconSize: [size, size]});
  }

  function clusterTip(data, counts, total) {
    var box = el("div", {"class": "cm-tip", dir: "rtl", lang: "ar"});
    bilingual(box.appendChild(el("div", {"class": "cm-title"})), total + " مكاناً", total + " places");
    counts.forEach(function (fc) {
      var f = forceOf(data, fc[0]), row = box.appendChild(el("div"));
      row.appendChild(swatch(f.color));
      bilingual(row, f.ar + ": " + fc[1], f.en);
    });
    return box;
  }

  /* One instance per map: places, per-date deltas, one feature group per force. Above ``clusterMin`` places the
   * map aggregates places by screen grid cell below zoom ``clusterUntil`` and only draws what is in view. */
  var CLUSTER_CELL = 48, LABEL_LIMIT = 300;

  function controlMap(map, groups, data, opts) {
    opts = opts || {};
    var n = data.places.features.length;
    var renderer = n > (opts.svgLimit || 1500) ? L.canvas({padding: 0.5}) : L.svg();
    var inst = {map: map, data: data, groups: groups, index: -1, states: null, markers: {}, hooks: []};
    var clustered = n > (opts.clusterMin || 300), clusterUntil = opts.clusterUntil || 11;
    var layers = {}, made = {}, drawn = {}, order = [], cache = {}, shownClusters = [];
    Object.keys(groups).forEach(function (fid) { layers[fid] = L.layerGroup().addTo(groups[fid]); });
    var clusterLayer = L.layerGroup().addTo(map);
    var labels = labelLayer(map);
    var latlngs = data.places.features.map(function (f) {
      return L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
    });

    function fidOf(st) { return forceOf(data, st[1] >= 0 ? st[1] : (st[2].length ? st[2][0] : -1)).id; }
    function shown(fid) { return !!groups[fid] && map.hasLayer(groups[fid]); }

    function markerAt(pi) {
      if (!made[pi]) {
        var props = data.places.features[pi].properties;
        made[pi] = markerFor(data, props, inst.states[pi], latlngs[pi], renderer);
        (inst.markers[props.ar] = inst.markers[props.ar] || []).push(made[pi].marker);
      }
      return made[pi];
    }

    function setDrawn(want) {
      Object.keys(drawn).forEach(function (pi) {
        if (!want[pi]) { layers[made[pi].force].removeLayer(made[pi].layer); delete drawn[pi]; }
      });
      Object.keys(want).forEach(function (pi) {
        var m = drawn[pi] ? null : markerAt(pi);
        if (m && layers[m.force]) { layers[m.force].addLayer(m.layer); drawn[pi] = true; }
      });
    }

    /* Places grouped by grid cell at this zoom (cached per zoom, date and forces shown). */
    function cells(z) {
      var key = z + "|" + inst.index + "|" + Object.keys(groups).filter(shown).join(",");
      if (cache.key === key) { return cache.items; }
      var byCell = {};
      var items = [];
      Object.keys(inst.states).forEach(function (pi) {
        if (!shown(fidOf(inst.states[pi]))) { return; }
        var props = data.places.features[pi].properties;
        if (props.seat || props.kind === "city") { items.push({pi: +pi, latlng: latlngs[pi]}); return; }  // never hidden
        var p = map.project(latlngs[pi], z), k = Math.floor(p.x / CLUSTER_CELL) + ":" + Math.floor(p.y / CLUSTER_CELL);
        (byCell[k] = byCell[k] || []).push(+pi);
      });
      Object.keys(byCell).forEach(function (k) { items.push(clusterItem(byCell[k])); });
      cache = {key: key, items: items};
      return items;
    }

    function clusterItem(members) {
      if (members.length === 1) { return {pi: members[0], latlng: latlngs[members[0]]}; }
      var lat = 0, lng = 0, counts = {};
      members.forEach(function (pi) {
        lat += latlngs[pi].lat; lng += latlngs[pi].lng;
        var st = inst.states[pi], fi = st[1] >= 0 ? st[1] : (st[2].length ? st[2][0] : -1);
        counts[fi] = (counts[fi] || 0) + 1;
      });
      var list = Object.keys(counts).map(function (fi) { return [+fi, counts[fi]]; })
        .sort(function (a, b) { return b[1] - a[1]; });
      var center = L.latLng(lat / members.length, lng / members.length);
      var marker = L.marker(center, {icon: clusterIcon(data, list, members.length), keyboard: false, riseOnHover: true});
      marker.bindTooltip(function () { return clusterTip(data, list, members.length); }, {direction: "top"});
      marker.on("click", function () {
        map.fitBounds(L.latLngBounds(members.map(function (pi) { return latlngs[pi]; })).pad(0.1),
                      {maxZoom: Math.max(map.getZoom() + 2, clusterUntil), animate: false});
      });
      return {members: members, latlng: center, marker: marker, size: marker.options.icon.options.iconSize[0]};
    }

    function render() {
      if (!inst.states) { return; }
      var view = map.getBounds().pad(0.25), want = {}, clusters = [];
      if (!clustered) {
        Object.keys(inst.states).forEach(function (pi) { want[pi] = true; });
      } else if (map.getZoom() >= clusterUntil) {
        Object.keys(inst.states).forEach(function (pi) { if (view.contains(latlngs[pi])) { want[pi] = true; } });
      } else {
        cells(map.getZoom()).forEach(function (item) {
          if (!view.contains(item.latlng)) { return; }
          if (item.members) { clusters.push(item); } else { want[item.pi] = true; }
        });
      }
      setDrawn(want);
      shownClusters.forEach(function (c) { if (clusters.indexOf(c) < 0) { clusterLayer.removeLayer(c.marker); } });
      clusters.forEach(function (c) { if (!clusterLayer.hasLayer(c.marker)) { clusterLayer.addLayer(c.marker); } });
      shownClusters = clusters;
      placeLabels(clusters);
    }

    function placeLabels(clusters) {
      // Governorate seats are labelled first, over cluster symbols if need be (labels sit above them and let
      // clicks through); every other label also keeps clear of the clusters.
      var size = map.getSize(), obstacles = panelBoxes(map), cands = [], later = [];
      clusters.forEach(function (c) {
        var p = map.latLngToContainerPoint(c.latlng), h = c.size / 2;
        later.push([p.x - h, p.y - h, p.x + h, p.y + h]);
      });
      order.forEach(function (pi) {
        if (!drawn[pi] || !shown(made[pi].force)) { return; }
        var p = map.latLngToContainerPoint(latlngs[pi]), r = made[pi].radius;
        if (p.x < -50 || p.y < -50 || p.x > size.x + 50 || p.y > size.y + 50) { return; }
        obstacles.push([p.x - r, p.y - r, p.x + r, p.y + r]);
        var props = data.places.features[pi].properties;
        cands.push({text: props.ar, latlng: latlngs[pi], r: r, key: props.id, first: !!props.seat});
      });
      inst.labelsPlaced = labels.place(cands, obstacles, later, opts.labelLimit || LABEL_LIMIT).length;
    }

    function statesAt(k) {
      var states, from;
      if (inst.states && inst.index <= k) { states = inst.states; from = inst.index + 1; }
      else { states = {}; from = 0; }
      for (var d = from; d <= k; d++) {
        data.steps[d].forEach(function (row) {
          if (row.length === 1) { delete states[row[0]]; } else { states[row[0]] = row; }
        });
      }
      return states;
    }

    inst.setDate = function (k) {
      k = Math.max(0, Math.min(data.dates.length - 1, k));
      var states = statesAt(k);
      Object.keys(layers).forEach(function (fid) { layers[fid].clearLayers(); });
      clusterLayer.clearLayers();
      inst.states = states; inst.index = k; inst.markers = {};
      made = {}; drawn = {}; cache = {}; shownClusters = [];
      order = labelOrder(data, states);
      render();
      inst.hooks.forEach(function (fn) { fn(k); });  // e.g. the control-by-subdistrict layer
      if (inst.onDate) { inst.onDate(k); }
      return data.dates[k];
    };

    inst.visible = function () {
      var out = [];
      Object.keys(inst.markers).forEach(function (name) {
        inst.markers[name].forEach(function (m) { if (map.hasLayer(m)) { out.push(m.cmInfo); } });
      });
      return out;
    };

    /* Open the popup of the place called ``name``, zooming in first if it sits inside a cluster. */
    inst.openPopup = function (name) {
      var list = (inst.markers[name] || []).filter(function (m) { return map.hasLayer(m); });
      if (!list.length && clustered) {
        var pi = Object.keys(inst.states).filter(function (i) { return data.places.features[i].properties.ar === name; })[0];
        if (pi === undefined) { return false; }
        map.setView(latlngs[pi], Math.max(map.getZoom(), clusterUntil), {animate: false});
        render();
        list = (inst.markers[name] || []).filter(function (m) { return map.hasLayer(m); });
      }
      if (!list.length) { return false; }
      list[0].openPopup();
      return true;
    };

    // The page opens on its final view: folium's fitBounds (framing the data, run after this) is not animated,
    // so nothing is drawn twice and no zoom animation is running when the reader (or a test) starts moving.
    var fitBounds = map.fitBounds;
    map.fitBounds = function (bounds, options) {
      map.fitBounds = fitBounds;
      return fitBounds.call(map, bounds, L.extend({}, options, {animate: false}));
    };
    inst.render = render;
    inst.clustered = clustered;
    map.on("moveend overlayadd overlayremove cmpanels", render);
    instances[opts.id || map.getContainer().id] = inst;
    inst.setDate(opts.start === undefined ? data.dates.length - 1 : opts.start);
    if (opts.timeline && data.dates.length > 1) { timeline(inst); }
    return inst;
  }

  function timeline(inst) {
    var data = inst.data;
    var Control = L.Control.extend({
      options: {position: "bottomright"},
      onAdd: function () {
        var box = el("div", {"class": "cm-panel cm-timeline", dir: "ltr"});
        var title = box.appendChild(el("div", {"class": "cm-title"}));
        bilingual(title, "التاريخ", "Date");
        var row = box.appendChild(el("div", {"class": "cm-row"}));
        var prev = row.appendChild(el("button", {type: "button", title: "previous date"}, "◀"));
        var slider = row.appendChild(el("input", {
          type: "range", min: 0, max: data.dates.length - 1, step: 1, value: inst.index, "aria-label": "date"
        }));
        var next = row.appendChild(el("button", {type: "button", title: "next date"}, "▶"));
        var label = box.appendChild(el("output", {"class": "cm-date"}, data.dates[inst.index]));
        slider.addEventListener("input", function () { inst.setDate(parseInt(slider.value, 10)); });
        prev.addEventListener("click", function () { inst.setDate(inst.index - 1); });
        next.addEventListener("click", function () { inst.setDate(inst.index + 1); });
        inst.onDate = function (k) { slider.value = k; label.textContent = data.dates[k]; };
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    inst.timeline = new Control().addTo(inst.map);
  }

  /* A panel that steps aside: a title button that folds its body away; folded from the start when the map is
   * narrower than ``narrow`` pixels (e.g. each side of a comparison, or a phone). */
  function foldable(map, box, ar, en, narrow, extra) {
    var head = box.appendChild(el("button", {type: "button", "class": "cm-fold", "aria-expanded": "true"}));
    bilingual(head, ar, en);
    if (extra) { head.appendChild(document.createTextNode(" ")); head.appendChild(extra); }
    var body = box.appendChild(el("div", {"class": "cm-body"}));
    function set(open) {
      body.style.display = open ? "" : "none";
      head.setAttribute("aria-expanded", open ? "true" : "false");
      box.classList.toggle("cm-folded", !open);
    }
    head.addEventListener("click", function () { set(body.style.display === "none"); map.fire("cmpanels"); });
    set(map.getSize().x >= narrow);
    return body;
  }

  /* The legend explains symbols only: the forces and their colours are the layer control's list. */
  function legend(map, data, opts) {
    opts = opts || {};
    var Control = L.Control.extend({
      options: {position: opts.position || "bottomleft"},
      onAdd: function () {
        var box = el("div", {"class": "cm-panel cm-legend", dir: "rtl", lang: "ar"});
        var body = foldable(map, box, "مفتاح الخريطة", "Legend", opts.narrow || 1000);
        bilingual(body.appendChild(el("div", {"class": "cm-title"})), "الحالة", "State");
        var states = body.appendChild(el("ul", {"class": "cm-grid"}));
        var li = states.appendChild(el("li"));
        var two = li.appendChild(swatch("#888888"));
        two.style.borderColor = "#d62728"; two.style.borderWidth = "3px";
        bilingual(li, "متنازع عليها", "contested");
        li = states.appendChild(el("li"));
        li.appendChild(swatch("#000000", true));
        bilingual(li, "محاصرة", "besieged");
        li = states.appendChild(el("li"));
        var faded = li.appendChild(swatch("#888888"));
        faded.style.opacity = "0.45";
        bilingual(li, "قديمة", "stale");
        li = states.appendChild(el("li"));
        li.appendChild(el("span", {"class": "cm-swatch cm-cluster-swatch"}));
        bilingual(li, "مجموعة أماكن", "group: ring = forces");
        bilingual(body.appendChild(el("div", {"class": "cm-title"})), "النوع", "Kind");
        var kinds = body.appendChild(el("ul", {"class": "cm-grid"}));
        [["city", 8], ["town", 6], ["village", 4.5], ["base", 7], ["crossing", 7], ["camp", 7]].forEach(function (k) {
          var item = kinds.appendChild(el("li"));
          var dot = item.appendChild(el("span", {"class": "cm-dot cm-kind-" + k[0]}));
          dot.style.width = dot.style.height = (2 * k[1]) + "px";
          bilingual(item, KIND_LABEL[k[0]][0], KIND_LABEL[k[0]][1] + (k[0] === "base" ? "/airport" : ""));
        });
        if (opts.note) { body.appendChild(el("div", {"class": "cm-note", dir: "ltr", lang: "en"}, opts.note)); }
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    return new Control().addTo(map);
  }

  /* The offline background (maps/static/basemap.js): land, lakes, borders, main rivers, approximate governorate
   * lines, country names. Drawn under every overlay; nothing in it is interactive. */
  var BASE_STYLE = {
    land: {color: "#b9b3a6", weight: 0.6, fillColor: "#f6f3ec", fillOpacity: 1},
    lake: {color: "#9dbccc", weight: 0.6, fillColor: "#cfe3ec", fillOpacity: 1},
    border: {color: "#7f7466", weight: 1.4, fill: false},
    river: {color: "#5d9cc0", weight: 1.3, fill: false},
    governorate: {color: "#a39a8c", weight: 0.9, dashArray: "5,4", fill: false}
  };

  var BASE_CREDIT = "GSHHG · governorates approx. (OCHA/OpenSyria)";

  function background(map, base) {
    map.getContainer().classList.add("cm-offline");
    base = base || window.conflictmapBasemap;
    if (!base) { return; }
    if (map.attributionControl) { map.attributionControl.addAttribution(BASE_CREDIT); }  // a constant, never data
    var pane = map.createPane("cm-background");
    pane.style.zIndex = 250;
    var renderer = L.svg({pane: "cm-background", padding: 0.5});
    L.geoJSON(base, {
      pane: "cm-background", interactive: false, renderer: renderer,
      style: function (feature) { return BASE_STYLE[feature.properties.layer] || BASE_STYLE.border; }
    }).addTo(map);
    (base.labels || []).forEach(function (p) {
      var box = el("div", {"class": "cm-country" + (p.focus ? " cm-focus" : "")});
      if (p.name_ar) { box.appendChild(el("span", {lang: "ar"}, p.name_ar)); box.appendChild(el("br")); }
      box.appendChild(el("span", {lang: "en"}, p.name));
      L.marker([p.label[1], p.label[0]], {
        icon: L.divIcon({html: box, className: "cm-country-icon", iconSize: null}),
        interactive: false, keyboard: false, pane: "cm-background"
      }).addTo(map);
    });
  }

  /* Control by subdistrict (optional layer): each approximate area shaded by the force holding most of its
   * reported places on the date shown, stronger the larger that force's share; recoloured on every date. */
  function adminLayer(map, group, admin) {
    var inst = instances[map.getContainer().id];
    if (!inst) { return null; }
    var data = inst.data, tally = {};
    if (!map.getPane("cm-admin")) { map.createPane("cm-admin").style.zIndex = 350; }  // under the markers (400)
    var layer = L.geoJSON(admin.areas, {
      pane: "cm-admin",
      style: function () { return {color: "#777777", weight: 0.8, fillOpacity: 0, opacity: 0.5}; },
      onEachFeature: function (feature, area) {
        area.bindTooltip(function () {
          var box = el("div", {"class": "cm-tip", dir: "rtl", lang: "ar"});
          bilingual(box.appendChild(el("div", {"class": "cm-title"})), feature.properties.ar, feature.properties.en);
          (tally[feature.cmIndex] || []).forEach(function (fc) {
            var f = forceOf(data, fc[0]), row = box.appendChild(el("div"));
            row.appendChild(swatch(f.color));
            bilingual(row, f.ar + ": " + fc[1], f.en);
          });
          box.appendChild(el("div", {"class": "cm-note", dir: "ltr", lang: "en"}, "approximate area"));
          return box;
        }, {sticky: true});
      }
    }).addTo(group);
    admin.areas.features.forEach(function (feature, i) { feature.cmIndex = i; });
    function recolor() {
      var counts = {};
      Object.keys(inst.states).forEach(function (pi) {
        var a = admin.place_area[pi], st = inst.states[pi];
        if (a === undefined || a < 0) { return; }
        var fi = st[1] >= 0 ? st[1] : (st[2].length ? st[2][0] : -1);
        counts[a] = counts[a] || {};
        counts[a][fi] = (counts[a][fi] || 0) + 1;
      });
      tally = {};
      layer.eachLayer(function (area) {
        var c = counts[area.feature.cmIndex];
        if (!c) { area.setStyle({fillOpacity: 0, color: "#777777", opacity: 0.5}); return; }
        var list = Object.keys(c).map(function (fi) { return [+fi, c[fi]]; }).sort(function (a, b) { return b[1] - a[1]; });
        var total = list.reduce(function (s, fc) { return s + fc[1]; }, 0), top = forceOf(data, list[0][0]);
        tally[area.feature.cmIndex] = list;
        area.setStyle({fillColor: top.color, fillOpacity: 0.12 + 0.4 * list[0][1] / total, color: top.color, opacity: 0.8});
      });
    }
    inst.hooks.push(recolor);
    recolor();
    return layer;
  }

  /* The "changes" layer of a comparison: a marker per place that changed, and a summary panel. */
  function changes(map, group, data) {
    var COLORS = {gained: "#1a9850", lost: "#d73027", changed_hands: "#7b3294", contested: "#f46d43"};
    var LABELS = {
      gained: ["سيطرة جديدة", "gained"], lost: ["خسارة", "lost"],
      changed_hands: ["تغيّر المسيطر", "changed hands"], contested: ["متنازع عليها حديثاً", "newly contested"]
    };
    var inst = {markers: {}};
    data.changes.forEach(function (c) {
      // c: [name_ar, name_en, lat, lon, kind, change, from_force_idx, to_force_idx, from_state, to_state, [evidence]]
      var color = COLORS[c[5]] || "#333333";
      var to = forceOf(data, c[7]);
      var marker = L.circleMarker([c[2], c[3]], {
        radius: (KIND_RADIUS[c[4]] || 5) + 3, color: color, weight: 3.5, fillColor: to.color, fillOpacity: 0.8,
        className: "cm-change"
      });
      marker.bindPopup(function () {
        var box = el("div", {"class": "cm-popup", dir: "rtl", lang: "ar"});
        bilingual(box.appendChild(el("h3")), c[0], c[1]);
        var p = box.appendChild(el("p"));
        bilingual(p, LABELS[c[5]] ? LABELS[c[5]][0] : c[5], LABELS[c[5]] ? LABELS[c[5]][1] : "");
        var from = forceOf(data, c[6]);
        var moved = box.appendChild(el("p"));
        moved.appendChild(swatch(from.color));
        bilingual(moved, from.ar + " (" + c[8] + ")", from.en);
        moved.appendChild(document.createTextNode(" ← "));
        moved.appendChild(swatch(to.color));
        bilingual(moved, to.ar + " (" + c[9] + ")", to.en);
        if (c[10].length) {
          bilingual(box.appendChild(el("h4")), "الأدلة", "Evidence");
          var list = box.appendChild(el("ol", {"class": "cm-evidence-list"}));
          c[10].forEach(function (i) { list.appendChild(evidenceItem(data.evidence[i])); });
        }
        return box;
      }, {maxWidth: 420, maxHeight: 360});
      marker.bindTooltip(function () {
        var tip = bilingual(el("span", {"class": "cm-tip", dir: "rtl", lang: "ar"}), c[0], c[1]);
        tip.appendChild(document.createTextNode(" · "));
        return bilingual(tip, LABELS[c[5]] ? LABELS[c[5]][0] : c[5], LABELS[c[5]] ? LABELS[c[5]][1] : "");
      }, {direction: "top"});
      marker.on("add", function () {
        var node = marker.getElement && marker.getElement();
        if (node) { node.setAttribute("data-place", c[0]); node.setAttribute("data-change", c[5]); }
      });
      (inst.markers[c[0]] = inst.markers[c[0]] || []).push(marker);
      (map.cmChangeMarkers = map.cmChangeMarkers || []).push(marker);  // place labels keep clear of them
      marker.addTo(group);
    });
    var Panel = L.Control.extend({
      options: {position: "bottomleft"},
      onAdd: function () {
        var box = el("div", {"class": "cm-panel cm-summary", dir: "rtl", lang: "ar"});
        var body = foldable(map, box, "التغييرات", "Changes", 600, el("bdi", {dir: "ltr"}, "(" + data.changes.length + ")"));
        body.appendChild(el("div", {"class": "cm-date", dir: "ltr"}, data.date_from + " → " + data.date_to));
        if (!data.changes.length) { body.appendChild(el("p", null, "لا تغييرات — no changes")); }
        var list = body.appendChild(el("ul"));
        data.changes.forEach(function (c) {
          var li = list.appendChild(el("li", {"data-change": c[5]}));
          li.appendChild(swatch(COLORS[c[5]] || "#333333", true));
          bilingual(li, c[0], c[1]);
          li.appendChild(document.createTextNode(": "));
          bilingual(li, LABELS[c[5]] ? LABELS[c[5]][0] : c[5], LABELS[c[5]] ? LABELS[c[5]][1] : "");
          li.addEventListener("click", function () {
            var m = inst.markers[c[0]] && inst.markers[c[0]][0];
            if (m) { map.setView(m.getLatLng(), Math.max(map.getZoom(), 9)); m.openPopup(); }
          });
        });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    inst.panel = new Panel().addTo(map);
    instances[map.getContainer().id + ":changes"] = inst;
    return inst;
  }

  /* A small fixed caption (e.g. the date a comparison side shows). */
  function caption(map, ar, en, when) {
    var Control = L.Control.extend({
      options: {position: "topleft"},
      onAdd: function () {
        var box = el("div", {"class": "cm-panel cm-caption", dir: "rtl", lang: "ar"});
        bilingual(box, ar, en);
        box.appendChild(document.createTextNode(" "));
        box.appendChild(el("bdi", {"class": "cm-date", dir: "ltr"}, when));
        return box;
      }
    });
    return new Control().addTo(map);
  }

  /* Keep two maps on the same view (what folium's DualMap expects from Leaflet.Sync). */
  var syncing = false;  // shared by both directions, so b following a never moves a back
  function sync(a, b) {
    a.on("move zoomend", function () {
      if (syncing) { return; }
      syncing = true;
      try { b.setView(a.getCenter(), a.getZoom(), {animate: false}); } finally { syncing = false; }
    });
  }
  if (window.L && !L.Map.prototype.sync) {
    L.Map.prototype.sync = function (other) { sync(this, other); return this; };
  }

  return {
    controlMap: controlMap, adminLayer: adminLayer, legend: legend, caption: caption, background: background, changes: changes, sync: sync,
    safeHref: safeHref, instances: instances
  };
})();
