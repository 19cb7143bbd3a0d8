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

  function markerFor(data, place, st, latlng, renderer, labels) {
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
    marker.on("add", function () {
      var node = marker.getElement && marker.getElement();
      if (node) {
        node.setAttribute("data-place", place.ar);
        node.setAttribute("data-place-en", place.en || "");
        node.setAttribute("data-force", f.id);
        node.setAttribute("data-state", state);
      }
    });
    if (labels && (labels === "all" || place.kind === "city")) {
      marker.bindTooltip(el("span", {dir: "rtl", lang: "ar"}, place.ar),
                         {permanent: true, direction: "right", offset: [radius, 0], className: "cm-label"});
    }
    marker.cmInfo = {place: place.ar, en: place.en, force: f.id, state: state};
    return {layer: layer, marker: marker, force: f.id};
  }

  /* One instance per map: places, per-date deltas, one feature group per force. */
  function controlMap(map, groups, data, opts) {
    opts = opts || {};
    var renderer = data.places.features.length > (opts.svgLimit || 3000) ? L.canvas({padding: 0.5}) : L.svg();
    var inst = {map: map, data: data, groups: groups, index: -1, states: null, markers: {}};
    var n = data.places.features.length;
    var labels = n <= (opts.labelAll || 80) ? "all" : (n <= (opts.labelCities || 400) ? "cities" : null);
    var geo = {};
    Object.keys(groups).forEach(function (fid) {
      geo[fid] = L.geoJSON(null, {
        pointToLayer: function (feature, latlng) {
          var made = markerFor(data, feature.properties, feature.cmState, latlng, renderer, labels);
          (inst.markers[feature.properties.ar] = inst.markers[feature.properties.ar] || []).push(made.marker);
          return made.layer;
        }
      }).addTo(groups[fid]);
    });

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
      inst.states = states; inst.index = k; inst.markers = {};
      var byForce = {};
      Object.keys(geo).forEach(function (fid) { geo[fid].clearLayers(); byForce[fid] = []; });
      Object.keys(states).forEach(function (pi) {
        var st = states[pi];
        var feature = data.places.features[pi];
        var fidx = st[1] >= 0 ? st[1] : (st[2].length ? st[2][0] : -1);
        var fid = forceOf(data, fidx).id;
        if (!byForce[fid]) { return; }
        byForce[fid].push({type: "Feature", geometry: feature.geometry, properties: feature.properties, cmState: st});
      });
      Object.keys(byForce).forEach(function (fid) {
        if (byForce[fid].length) { geo[fid].addData({type: "FeatureCollection", features: byForce[fid]}); }
      });
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

    inst.openPopup = function (name) {
      var list = (inst.markers[name] || []).filter(function (m) { return map.hasLayer(m); });
      if (!list.length) { return false; }
      list[0].openPopup();
      return true;
    };

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

  function legend(map, data, opts) {
    opts = opts || {};
    var Control = L.Control.extend({
      options: {position: opts.position || "bottomleft"},
      onAdd: function () {
        var box = el("div", {"class": "cm-panel cm-legend", dir: "rtl", lang: "ar"});
        bilingual(box.appendChild(el("div", {"class": "cm-title"})), "القوى", "Forces");
        var list = box.appendChild(el("ul"));
        data.forces.forEach(function (f) {
          var li = list.appendChild(el("li", {"data-force": f.id, "class": "cm-force"}));
          li.appendChild(swatch(f.color));
          var names = li.appendChild(el("span", {"class": "cm-layer"}));
          bilingual(names, f.ar, f.en);
        });
        bilingual(box.appendChild(el("div", {"class": "cm-title"})), "الحالة", "State");
        var states = box.appendChild(el("ul", {"class": "cm-grid"}));
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
        bilingual(box.appendChild(el("div", {"class": "cm-title"})), "النوع", "Kind");
        var kinds = box.appendChild(el("ul", {"class": "cm-grid"}));
        [["city", 8], ["town", 6], ["village", 4.5], ["base", 7], ["crossing", 7], ["camp", 7]].forEach(function (k) {
          var item = kinds.appendChild(el("li"));
          var dot = item.appendChild(el("span", {"class": "cm-dot cm-kind-" + k[0]}));
          dot.style.width = dot.style.height = (2 * k[1]) + "px";
          bilingual(item, KIND_LABEL[k[0]][0], KIND_LABEL[k[0]][1] + (k[0] === "base" ? "/airport" : ""));
        });
        if (opts.note) { box.appendChild(el("div", {"class": "cm-note", dir: "ltr", lang: "en"}, opts.note)); }
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    return new Control().addTo(map);
  }

  function background(map, outlines) {
    map.getContainer().classList.add("cm-offline");
    var pane = map.createPane("cm-background");
    pane.style.zIndex = 250;
    L.geoJSON(outlines, {
      pane: "cm-background", interactive: false,
      style: function (feature) {
        var focus = feature.properties && feature.properties.focus;
        return {color: "#8a8a8a", weight: focus ? 1.6 : 0.8, fillColor: focus ? "#fbf8f1" : "#efebe3", fillOpacity: 1};
      }
    }).addTo(map);
    outlines.features.forEach(function (feature) {
      var p = feature.properties || {};
      if (!p.label) { return; }
      var box = el("div", {"class": "cm-country" + (p.focus ? " cm-focus" : "")});
      if (p.name_ar) { box.appendChild(el("span", {lang: "ar"}, p.name_ar)); box.appendChild(el("br")); }
      box.appendChild(el("span", {lang: "en"}, p.name));
      L.marker([p.label[1], p.label[0]], {
        icon: L.divIcon({html: box, className: "cm-country-icon", iconSize: null}),
        interactive: false, keyboard: false, pane: "cm-background"
      }).addTo(map);
    });
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
      marker.on("add", function () {
        var node = marker.getElement && marker.getElement();
        if (node) { node.setAttribute("data-place", c[0]); node.setAttribute("data-change", c[5]); }
      });
      (inst.markers[c[0]] = inst.markers[c[0]] || []).push(marker);
      marker.addTo(group);
    });
    var Panel = L.Control.extend({
      options: {position: "bottomleft"},
      onAdd: function () {
        var box = el("div", {"class": "cm-panel cm-summary", dir: "rtl", lang: "ar"});
        var title = box.appendChild(el("div", {"class": "cm-title"}));
        bilingual(title, "التغييرات", "Changes");
        title.appendChild(document.createTextNode(" "));
        title.appendChild(el("bdi", {dir: "ltr"}, data.date_from + " → " + data.date_to));
        if (!data.changes.length) { box.appendChild(el("p", null, "لا تغييرات — no changes")); }
        var list = box.appendChild(el("ul"));
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
    controlMap: controlMap, legend: legend, caption: caption, background: background, changes: changes, sync: sync,
    safeHref: safeHref, instances: instances
  };
})();
